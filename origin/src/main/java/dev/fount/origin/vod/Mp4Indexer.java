package dev.fount.origin.vod;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.fount.origin.media.MalformedMediaException;
import dev.fount.origin.media.MediaKind;
import dev.fount.origin.media.Pts;
import dev.fount.origin.media.SegmentProbe;
import dev.fount.origin.media.mp4.Mp4Track;
import dev.fount.origin.media.mp4.ProgressiveMp4;

/**
 * Indexes a SMIL file's progressive MP4 renditions from their movie headers only: each file's
 * moov is read (one ranged read after the box headers) and its samples are grouped into input
 * segments that start on video key frames, one slot per key-frame interval (or per nominal
 * duration for audio-only files), so every output segment duration can be made of them. The
 * reads are kept beside the index, so a restart rebuilds the sample tables without the source.
 */
final class Mp4Indexer {

    static final int MAX_SMIL_BYTES = 4 << 20;
    /** Input segments are at least this long, whatever the key-frame interval (ticks). */
    static final long MIN_NOMINAL = 90_000;
    /** … and at most this long, so that short output segments can still be made. */
    static final long MAX_NOMINAL = 10 * 90_000L;
    /** For files without video. */
    static final long AUDIO_NOMINAL = 2 * 90_000L;

    private Mp4Indexer() {
    }

    /** The file holding the reads movie {@code n} (from 0, in SMIL order) was indexed from. */
    static Path movieFile(Path folder, int n) {
        return folder.resolve("movie-" + n + ".reads");
    }

    static AssetIndex index(URI smil, SourceReader reader, Progress progress, Path folder) throws IOException, IndexFailure {
        List<Smil.Entry> entries;
        try {
            entries = Smil.parse(smil, reader.readAll(smil, MAX_SMIL_BYTES));
        } catch (Smil.BadSmil e) {
            throw new IndexFailure(smil + ": " + e.getMessage());
        }
        Files.createDirectories(folder);
        List<ProgressiveMp4> movies = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Smil.Entry entry = entries.get(i);
            RecordedReads.Recorder recorder = new RecordedReads.Recorder(new SourceBytes(reader, entry.uri()));
            try {
                movies.add(ProgressiveMp4.open(recorder));
            } catch (SourceException e) {
                throw new IndexFailure(e.getMessage() + " (listed in " + smil + ")");
            } catch (MalformedMediaException e) {
                throw new IndexFailure(entry.uri() + ": " + e.getMessage());
            }
            if (movies.get(i).tracks().isEmpty()) {
                throw new IndexFailure(entry.uri() + ": the file has no video or audio track");
            }
            recorder.save(movieFile(folder, i));
            progress.done(i + 1, entries.size());
        }
        long nominal = nominal(movies);
        List<AssetIndex.Rendition> renditions = new ArrayList<>();
        long longest = 0;
        for (int i = 0; i < movies.size(); i++) {
            List<AssetIndex.Segment> segments = segments(movies.get(i), nominal);
            AssetIndex.Segment last = segments.get(segments.size() - 1);
            longest = Math.max(longest, last.start() + last.duration() - AssetViews.LEAD);
            renditions.add(new AssetIndex.Rendition(HlsIndexer.name(entries.get(i).uri()), nominal, entries.get(i).bitrate(),
                    entries.get(i).uri().toString(), segments));
        }
        return new AssetIndex(smil.toString(), longest, renditions);
    }

    /** The median key-frame interval of the first file with video, within bounds. */
    static long nominal(List<ProgressiveMp4> movies) {
        for (ProgressiveMp4 movie : movies) {
            int v = main(movie);
            Mp4Track t = movie.tracks().get(v);
            if (t.format().kind() != MediaKind.VIDEO) {
                continue;
            }
            List<Long> gaps = new ArrayList<>();
            long previous = Long.MIN_VALUE;
            for (int i = t.nextSync(0); i < t.sampleCount(); i = t.nextSync(i + 1)) {
                long pts = t.presentationTime(i);
                if (previous != Long.MIN_VALUE) {
                    gaps.add(pts - previous);
                }
                previous = pts;
            }
            if (gaps.isEmpty()) {
                return MAX_NOMINAL;
            }
            long[] sorted = gaps.stream().mapToLong(Long::longValue).sorted().toArray();
            return Math.max(MIN_NOMINAL, Math.min(MAX_NOMINAL, sorted[sorted.length / 2]));
        }
        return AUDIO_NOMINAL;
    }

    /** The first video track, else the first track. */
    private static int main(ProgressiveMp4 movie) {
        for (int k = 0; k < movie.tracks().size(); k++) {
            if (movie.tracks().get(k).format().kind() == MediaKind.VIDEO) {
                return k;
            }
        }
        return 0;
    }

    /**
     * Cuts the movie: the main track at key frames (video) or at nominal steps (audio), a new
     * segment whenever the slot (presentation time over the nominal duration) moves on; the other
     * tracks at the first sample presented at or after each cut.
     */
    static List<AssetIndex.Segment> segments(ProgressiveMp4 movie, long nominal) throws IndexFailure {
        int m = main(movie);
        Mp4Track main = movie.tracks().get(m);
        boolean video = main.format().kind() == MediaKind.VIDEO;
        List<Integer> cuts = new ArrayList<>();       // sample indices of the main track where segments start
        List<Long> times = new ArrayList<>();         // their presentation times
        long origin = main.presentationTime(0);
        long slot = Long.MIN_VALUE;
        for (int i = video ? main.nextSync(0) : 0; i < main.sampleCount(); i = video ? main.nextSync(i + 1) : i + 1) {
            long pts = main.presentationTime(i);
            long s = Math.round((pts - origin) / (double) nominal);
            if (s > slot) {
                cuts.add(i);
                times.add(pts);
                slot = s;
            }
        }
        if (cuts.isEmpty()) {
            throw new IndexFailure("the " + main.format().kind().name().toLowerCase(java.util.Locale.ROOT) + " track has no key frame");
        }
        if (cuts.get(0) != 0) {
            cuts.set(0, 0);   // samples before the first key frame (an open GOP's leading pictures) join the first segment
        }
        List<AssetIndex.Segment> segments = new ArrayList<>(cuts.size());
        int tracks = movie.tracks().size();
        int[] from = new int[tracks];
        for (int c = 0; c < cuts.size(); c++) {
            boolean lastCut = c + 1 == cuts.size();
            List<ProgressiveMp4.Range> ranges = new ArrayList<>(tracks);
            List<int[]> samples = new ArrayList<>(tracks);
            for (int k = 0; k < tracks; k++) {
                Mp4Track t = movie.tracks().get(k);
                int to;
                if (lastCut) {
                    to = t.sampleCount();
                } else if (k == m) {
                    to = cuts.get(c + 1);
                } else {
                    to = Math.max(from[k], firstPresentedAtOrAfter(t, times.get(c + 1)));
                }
                ranges.add(new ProgressiveMp4.Range(from[k], to));
                samples.add(new int[] {from[k], to});
                from[k] = to;
            }
            SegmentProbe probe = movie.probe(ranges);
            segments.add(new AssetIndex.Segment(Pts.relative(probe.startPts(), 0) + AssetViews.LEAD, 0, probe, null, null, null, null, samples));
        }
        List<AssetIndex.Segment> timed = new ArrayList<>(segments.size());
        for (int i = 0; i < segments.size(); i++) {
            AssetIndex.Segment s = segments.get(i);
            long end = i + 1 < segments.size() ? segments.get(i + 1).start() : main.presentationEnd() + AssetViews.LEAD;
            if (end <= s.start()) {
                throw new IndexFailure("the " + main.format().kind().name().toLowerCase(java.util.Locale.ROOT)
                        + " track's key frames are not in presentation order at " + (s.start() - AssetViews.LEAD) / 90_000.0 + " s");
            }
            timed.add(new AssetIndex.Segment(s.start(), end - s.start(), s.probe(), null, null, null, null, s.samples()));
        }
        return timed;
    }

    /** The first sample (decode order) presented at or after {@code ticks}: audio and most tracks decode in presentation order. */
    private static int firstPresentedAtOrAfter(Mp4Track t, long ticks) {
        int i = t.firstAtOrAfter(ticks);
        while (i > 0 && t.presentationTime(i - 1) >= ticks) {
            i--;
        }
        return i;
    }
}
