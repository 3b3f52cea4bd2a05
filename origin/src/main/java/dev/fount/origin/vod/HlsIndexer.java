package dev.fount.origin.vod;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.fount.origin.media.ByteRange;
import dev.fount.origin.media.Fmp4Probe;
import dev.fount.origin.media.MalformedMediaException;
import dev.fount.origin.media.Pts;
import dev.fount.origin.media.SegmentProbe;
import dev.fount.origin.media.TsProbe;
import dev.fount.origin.media.mp4.Fmp4Init;

/**
 * Indexes an HLS VOD source: reads its playlists, then each segment once to probe it (streams,
 * key frames, the MPEG-TS layout an HLS output serves). Segment times come from the media
 * itself, on one clock for all renditions, so renditions stay aligned.
 */
final class HlsIndexer {

    static final int MAX_PLAYLIST_BYTES = 16 << 20;
    static final int MAX_SEGMENT_BYTES = 256 << 20;

    private HlsIndexer() {
    }

    static AssetIndex index(URI source, SourceReader reader, Progress progress) throws IOException, IndexFailure {
        String text = playlist(reader, source);
        List<HlsSource.Variant> variants;
        try {
            variants = HlsSource.isMedia(text) ? List.of(new HlsSource.Variant(source, 0)) : HlsSource.variants(source, text);
        } catch (HlsSource.BadPlaylist e) {
            throw new IndexFailure(source + ": " + e.getMessage());
        }
        List<List<HlsSource.Entry>> playlists = new ArrayList<>();
        int total = 0;
        for (HlsSource.Variant v : variants) {
            try {
                List<HlsSource.Entry> entries = HlsSource.segments(v.uri(), v.uri().equals(source) ? text : playlist(reader, v.uri()));
                playlists.add(entries);
                total += entries.size();
            } catch (HlsSource.BadPlaylist e) {
                throw new IndexFailure(v.uri() + ": " + e.getMessage());
            }
        }
        Map<String, Fmp4Init> inits = new HashMap<>();
        List<long[]> starts = new ArrayList<>();          // per rendition, unwrapped start per segment
        List<List<SegmentProbe>> probes = new ArrayList<>();
        int done = 0;
        for (List<HlsSource.Entry> entries : playlists) {
            List<SegmentProbe> found = new ArrayList<>(entries.size());
            long[] unwrapped = new long[entries.size()];
            long expected = -1;
            for (int i = 0; i < entries.size(); i++) {
                HlsSource.Entry e = entries.get(i);
                byte[] bytes = e.range() == null ? reader.readAll(e.uri(), MAX_SEGMENT_BYTES) : exactly(reader, e.uri(), e.range());
                SegmentProbe probe;
                try {
                    probe = e.init() == null ? TsProbe.probe(bytes) : Fmp4Probe.probe(init(reader, e, inits), bytes);
                } catch (MalformedMediaException ex) {
                    throw new IndexFailure(e.uri() + (e.range() == null ? "" : " bytes " + e.range().offset() + "+" + e.range().length())
                            + ": " + ex.getMessage());
                }
                if (probe.streams().stream().noneMatch(s -> s.codecString() != null && s.kind() != dev.fount.origin.media.MediaKind.DATA)) {
                    throw new IndexFailure(e.uri() + ": no audio or video stream Fount can package (found "
                            + probe.streams().stream().map(s -> s.codec()).toList() + ")");
                }
                unwrapped[i] = expected < 0 ? probe.startPts() : expected + Pts.relative(probe.startPts(), expected);
                expected = unwrapped[i] + probe.durationTicks();
                found.add(probe);
                progress.done(++done, total);
            }
            starts.add(unwrapped);
            probes.add(found);
        }
        // Time 0 is the earliest sample of any stream (audio often starts before video): nothing is negative.
        long base = Long.MAX_VALUE;
        for (int r = 0; r < starts.size(); r++) {
            SegmentProbe first = probes.get(r).get(0);
            long earliest = first.streams().stream().filter(s -> s.firstPts() >= 0).mapToLong(s -> Pts.relative(s.firstPts(), first.startPts()))
                    .min().orElse(0);
            base = Math.min(base, starts.get(r)[0] + Math.min(0, earliest));
        }
        List<AssetIndex.Rendition> renditions = new ArrayList<>();
        long longest = 0;
        for (int r = 0; r < playlists.size(); r++) {
            List<HlsSource.Entry> entries = playlists.get(r);
            long[] unwrapped = starts.get(r);
            List<AssetIndex.Segment> segments = new ArrayList<>(entries.size());
            long[] durations = new long[entries.size()];
            for (int i = 0; i < entries.size(); i++) {
                SegmentProbe probe = probes.get(r).get(i);
                long duration = i + 1 < entries.size() ? unwrapped[i + 1] - unwrapped[i] : probe.durationTicks();
                if (duration <= 0) {
                    throw new IndexFailure(entries.get(i + 1).uri() + ": its media time does not follow the segment before it; "
                            + "a VOD source must be one continuous piece");
                }
                durations[i] = duration;
                HlsSource.Entry e = entries.get(i);
                segments.add(new AssetIndex.Segment(unwrapped[i] - base + AssetViews.LEAD, duration, probe, e.uri().toString(), e.range(),
                        e.init() == null ? null : e.init().toString(), e.initRange(), null));
            }
            long end = unwrapped[entries.size() - 1] - base + durations[durations.length - 1];   // from the asset's earliest sample
            longest = Math.max(longest, end);
            long[] sorted = durations.clone();
            java.util.Arrays.sort(sorted);
            renditions.add(new AssetIndex.Rendition(name(variants.get(r).uri()), sorted[sorted.length / 2], variants.get(r).bitrate(), null,
                    segments));
        }
        return new AssetIndex(source.toString(), longest, renditions);
    }

    private static String playlist(SourceReader reader, URI uri) throws IOException {
        return new String(reader.readAll(uri, MAX_PLAYLIST_BYTES), StandardCharsets.UTF_8);
    }

    static byte[] exactly(SourceReader reader, URI uri, ByteRange range) throws IOException, IndexFailure {
        if (range.length() > MAX_SEGMENT_BYTES) {
            throw new IndexFailure(uri + ": a byte range of " + range.length() + " bytes is larger than a segment can be");
        }
        byte[] bytes = reader.read(uri, range.offset(), (int) range.length());
        if (bytes.length != range.length()) {
            throw new IndexFailure(uri + ": the byte range " + range.length() + "@" + range.offset() + " ends after the file ("
                    + bytes.length + " bytes read)");
        }
        return bytes;
    }

    private static Fmp4Init init(SourceReader reader, HlsSource.Entry e, Map<String, Fmp4Init> inits) throws IOException, IndexFailure {
        String key = e.init() + (e.initRange() == null ? "" : "@" + e.initRange().offset());
        Fmp4Init known = inits.get(key);
        if (known != null) {
            return known;
        }
        byte[] bytes = e.initRange() == null ? reader.readAll(e.init(), MAX_PLAYLIST_BYTES) : exactly(reader, e.init(), e.initRange());
        try {
            Fmp4Init parsed = Fmp4Init.parse(bytes);
            inits.put(key, parsed);
            return parsed;
        } catch (MalformedMediaException ex) {
            throw new IndexFailure(e.init() + ": " + ex.getMessage());
        }
    }

    /** The last path element, for messages. */
    static String name(URI uri) {
        String path = uri.getPath() == null ? uri.toString() : uri.getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
