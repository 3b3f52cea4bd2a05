package dev.fount.origin.media.mp4;

import static dev.fount.origin.media.mp4.BoxReader.u32;
import static dev.fount.origin.media.mp4.BoxReader.u64;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import dev.fount.origin.media.ElementaryStream;
import dev.fount.origin.media.MalformedMediaException;
import dev.fount.origin.media.MediaKind;
import dev.fount.origin.media.Pts;
import dev.fount.origin.media.Sample;
import dev.fount.origin.media.SegmentProbe;
import dev.fount.origin.media.TrackFormat;
import dev.fount.origin.media.TrackSamples;
import dev.fount.origin.media.mp4.BoxReader.Box;
import dev.fount.origin.media.ts.TsMuxer;

/**
 * A progressive (non-fragmented) MP4 served as VOD, indexed from its moov alone: {@link #open}
 * finds the moov wherever it is with a few header reads and reads nothing else, so an asset of
 * any length is indexed in a few round trips (the index keeps about 14 bytes per sample: 7 MB for
 * a two-hour movie as ffmpeg writes it, see {@link Mp4Track}); {@link #read} then fetches the
 * samples of a segment with ranged reads, and {@link #probe} describes the MPEG-TS segment they
 * make without fetching them. Immutable once opened: one index serves concurrent requests, each
 * with its own {@link ByteSource}.
 * <p>
 * Tracks are referred to by their index in {@link #tracks()} (video and audio tracks, moov order),
 * samples by their index in their track, ranges of them as {@link Range}s, one per track.
 */
public final class ProgressiveMp4 {

    /** A moov larger than this is refused: it is held in memory while it is parsed. */
    private static final int MAX_MOOV = 64 << 20;
    /** A gap between wanted samples smaller than this is read through rather than split into two reads. */
    private static final int MERGE_GAP = 64 << 10;
    /** No single read is made longer than this by merging (a larger sample is still read whole). */
    private static final int MAX_READ = 16 << 20;
    /** Header reads: a box's 32-bit size and type, and the 64-bit size that may follow. */
    private static final int HEADER = 16;
    /** Top-level boxes walked before the moov is given up on: each costs a read. */
    private static final int MAX_BOXES = 1024;
    /** What an ISO BMFF file (MP4, QuickTime) may start with. */
    private static final Set<String> FIRST_BOXES = Set.of("ftyp", "moov", "mdat", "free", "skip", "wide", "pdin", "uuid");
    private static final String SUPPORTED = "avc1, avc3, hvc1, hev1, mp4a, ac-3, ec-3";

    /**
     * Samples [from, to) of one track: e.g. those of a segment.
     *
     * @param from first sample index
     * @param to   index after the last; equal to {@code from} for none
     */
    public record Range(int from, int to) {

        public Range {
            if (from < 0 || to < from) {
                throw new IllegalArgumentException("sample range [" + from + ", " + to + ")");
            }
        }
    }

    private final List<Mp4Track> tracks;
    private final long movieDurationTicks;

    private ProgressiveMp4(List<Mp4Track> tracks) {
        this.tracks = List.copyOf(tracks);
        this.movieDurationTicks = tracks.stream().mapToLong(Mp4Track::presentationEnd).max().orElse(0);
    }

    /** The video and audio tracks that have samples, in moov order; other handlers (text, timecode, hint) are left out. */
    public List<Mp4Track> tracks() {
        return tracks;
    }

    /** 90 kHz, from the presentation timeline's start to the end of the track that lasts longest. */
    public long movieDurationTicks() {
        return movieDurationTicks;
    }

    // ---- indexing ----

    /**
     * Indexes a progressive MP4: walks the top-level box headers (one small read each) to the
     * moov, at the start or the end of the file, reads the moov in one read, and parses its
     * tracks. The media data is never read.
     *
     * @throws MalformedMediaException with a message fit for an asset's failure reason: not an MP4,
     *                                 no moov (or a moov over 64 MB), a fragmented MP4, a track of
     *                                 an unsupported codec, a truncated file, a damaged sample table
     * @throws IOException             when the source fails
     */
    public static ProgressiveMp4 open(ByteSource src) throws IOException, MalformedMediaException {
        long size = src.size();
        if (size == 0) {
            throw new MalformedMediaException("not an MP4 file: the file is empty", 0);
        }
        long p = 0;
        for (int boxes = 0; p < size && boxes < MAX_BOXES; boxes++) {
            byte[] h = src.read(p, (int) Math.min(HEADER, size - p));
            String type = h.length < 8 ? null : new String(h, 4, 4, StandardCharsets.ISO_8859_1);
            if (p == 0 && (type == null || !FIRST_BOXES.contains(type))) {
                throw new MalformedMediaException("not an MP4 file: it does not start with an ISO BMFF box such as 'ftyp'", 0);
            }
            if (type == null || !printable(type)) {
                break;
            }
            long boxSize = u32(h, 0);
            int header = 8;
            if (boxSize == 1) {
                if (h.length < 16) {
                    break;
                }
                boxSize = u64(h, 8);
                header = 16;
            } else if (boxSize == 0) {
                boxSize = size - p;
            }
            if (boxSize < header) {
                throw new MalformedMediaException("box '" + type + "' at byte " + p + " declares " + boxSize + " bytes, less than its header",
                        p);
            }
            if (boxSize > size - p) {
                throw new MalformedMediaException("the file is truncated: its '" + type + "' box at byte " + p + " declares " + boxSize
                        + " bytes but the file ends at byte " + size + (type.equals("moov") ? "" : ", before any 'moov' box (the index of the samples)"), p);
            }
            if (type.equals("moov")) {
                if (boxSize > MAX_MOOV) {
                    throw new MalformedMediaException("the 'moov' box (the index of the samples) is " + (boxSize >> 20) + " MB, more than the "
                            + (MAX_MOOV >> 20) + " MB this origin indexes", p);
                }
                byte[] moov = src.read(p, (int) boxSize);
                if (moov.length < boxSize) {
                    throw new IOException("the source returned " + moov.length + " of the " + boxSize + " bytes of the 'moov' at byte " + p
                            + ", though it is " + size + " bytes long");
                }
                return parse(moov, p, size);
            }
            p += boxSize;
        }
        throw new MalformedMediaException("no 'moov' box (the index of the samples) in the " + size + "-byte file"
                + (p < size ? " up to byte " + p : "") + ": not a complete MP4", p);
    }

    private static boolean printable(String type) {
        return type.chars().allMatch(c -> c >= 0x20 && c < 0x7F);
    }

    /** The moov's video and audio tracks. */
    private static ProgressiveMp4 parse(byte[] b, long moovAt, long fileSize) throws MalformedMediaException {
        Box moov;
        boolean fragmented;
        try {
            moov = BoxReader.children(b, 0, b.length).get(0);
            fragmented = BoxReader.child(b, moov, "mvex").isPresent();
        } catch (MalformedMediaException e) {
            throw relocate(e, moovAt);
        }
        if (fragmented) {
            throw new MalformedMediaException("the file is a fragmented MP4 (its 'moov' has an 'mvex' box, the samples are in 'moof' "
                    + "fragments); list it in an HLS source instead", moovAt);
        }
        List<Mp4Track> tracks = new ArrayList<>();
        try {
            long movieTimescale = Fmp4Init.movieTimescale(b, moov);
            for (Box trak : BoxReader.children(b, moov)) {
                if (!trak.type().equals("trak")) {
                    continue;
                }
                Fmp4Init.Track track = Fmp4Init.track(b, trak, movieTimescale, null);
                Mp4Track t = track == null ? null : Mp4Track.parse(b, trak, track);
                if (t != null) {
                    tracks.add(t);
                }
            }
        } catch (MalformedMediaException e) {
            throw relocate(e, moovAt);
        }
        if (tracks.isEmpty()) {
            throw new MalformedMediaException("the MP4 has no video or audio samples (supported codecs: " + SUPPORTED + ")", moovAt);
        }
        for (Mp4Track t : tracks) {
            if (t.dataEnd() > fileSize) {
                throw new MalformedMediaException("the file is truncated: the samples of track " + t.format().pid() + " run to byte "
                        + t.dataEnd() + " but the file ends at byte " + fileSize, fileSize);
            }
        }
        return new ProgressiveMp4(tracks);
    }

    /**
     * A fault found inside the moov, whose offsets count from the moov's start: made absolute, and
     * a message that cites an offset says where the moov is.
     */
    private static MalformedMediaException relocate(MalformedMediaException e, long moovAt) {
        String message = e.getMessage().contains(" at byte ")
                ? e.getMessage() + " (counting from the 'moov' box at byte " + moovAt + ")"
                : e.getMessage();
        return new MalformedMediaException(message, moovAt + e.byteOffset());
    }

    // ---- reading samples ----

    /**
     * The payloads of samples [from, to) of one track, read as {@link #read(List, ByteSource)} does.
     *
     * @param track index in {@link #tracks()}
     */
    public TrackSamples read(int track, int from, int to, ByteSource src) throws IOException {
        List<Range> ranges = new ArrayList<>();
        for (int k = 0; k < tracks.size(); k++) {
            ranges.add(k == track ? new Range(from, to) : new Range(0, 0));
        }
        return read(ranges, src).get(track);
    }

    /**
     * The samples of a segment, one range per track: payloads read with as few reads as the file's
     * layout allows (samples of all tracks sorted by offset; runs closer than 64 KB read as one,
     * so the audio between video chunks costs no extra read, larger gaps split), timed at 90 kHz,
     * video with 4-byte NAL unit lengths (1- and 2-byte ones widened).
     *
     * @param ranges one per track of {@link #tracks()}, in that order
     * @return one run per track, in that order; empty for an empty range
     * @throws IOException when the source fails or returns fewer bytes than it held when indexed
     */
    public List<TrackSamples> read(List<Range> ranges, ByteSource src) throws IOException {
        check(ranges);
        int total = 0;
        int[] first = new int[tracks.size() + 1];
        for (int k = 0; k < tracks.size(); k++) {
            first[k] = total;
            total += ranges.get(k).to() - ranges.get(k).from();
        }
        first[tracks.size()] = total;
        long[] at = new long[total];
        int[] length = new int[total];
        for (int k = 0; k < tracks.size(); k++) {
            Mp4Track t = tracks.get(k);
            Range r = ranges.get(k);
            System.arraycopy(t.offsets(r.from(), r.to()), 0, at, first[k], r.to() - r.from());
            for (int i = r.from(); i < r.to(); i++) {
                length[first[k] + i - r.from()] = t.size(i);
            }
        }
        // Reads: runs of samples in file order, merged across small gaps.
        Integer[] order = new Integer[total];
        Arrays.setAll(order, j -> j);
        Arrays.sort(order, Comparator.comparingLong(j -> at[j]));
        List<byte[]> buffers = new ArrayList<>();
        long[] bufferAt = new long[total];
        int[] buffer = new int[total];
        long runStart = 0;
        long runEnd = 0;
        List<Integer> members = new ArrayList<>();
        for (int n = 0; n <= total; n++) {
            int j = n < total ? order[n] : -1;
            boolean join = j >= 0 && !members.isEmpty() && at[j] - runEnd < MERGE_GAP
                    && Math.max(runEnd, at[j] + length[j]) - runStart <= MAX_READ;
            if (!join && !members.isEmpty()) {
                byte[] bytes = fetch(src, runStart, (int) (runEnd - runStart));
                for (int m : members) {
                    buffer[m] = buffers.size();
                    bufferAt[m] = runStart;
                }
                buffers.add(bytes);
                members.clear();
            }
            if (j < 0) {
                break;
            }
            if (members.isEmpty()) {
                runStart = at[j];
                runEnd = at[j];
            }
            members.add(j);
            runEnd = Math.max(runEnd, at[j] + length[j]);
        }
        List<TrackSamples> out = new ArrayList<>(tracks.size());
        for (int k = 0; k < tracks.size(); k++) {
            Mp4Track t = tracks.get(k);
            Range r = ranges.get(k);
            int n = r.to() - r.from();
            int[] offsets = new int[n];
            int[] sizes = new int[n];
            int lengthSize = t.nalLengthSize();
            ByteArrayOutputStream data = new ByteArrayOutputStream(Arrays.stream(length, first[k], first[k + 1]).sum());
            for (int i = 0; i < n; i++) {
                int j = first[k] + i;
                byte[] source = buffers.get(buffer[j]);
                int from = (int) (at[j] - bufferAt[j]);
                offsets[i] = data.size();
                if (lengthSize == 1 || lengthSize == 2) {
                    Fmp4Samples.widenLengths(source, from, length[j], lengthSize, data);
                } else {
                    data.write(source, from, length[j]);
                }
                sizes[i] = data.size() - offsets[i];
            }
            out.add(new TrackSamples(t.format(), t.samples(r.from(), r.to(), offsets, sizes), data.toByteArray()));
        }
        return out;
    }

    private static byte[] fetch(ByteSource src, long offset, int length) throws IOException {
        byte[] b = src.read(offset, length);
        if (b.length < length) {
            throw new IOException("the source returned " + b.length + " of the " + length + " bytes at " + offset
                    + ": the file is shorter than when it was indexed");
        }
        return b;
    }

    // ---- describing a segment without reading it ----

    /**
     * What {@code TsProbe} would find in {@code TsMuxer.mux(read(ranges, src))} — streams, start,
     * duration, key frames, program tables, size — without reading any payload: the timing comes
     * from the index, and the MPEG-TS layout from muxing stand-in payloads of the samples' sizes
     * (a video sample of n bytes as one NAL unit of n - 4 bytes behind a 4-byte length; an audio
     * frame as n bytes), since {@link TsMuxer}'s packetisation depends only on sizes and times.
     * <p>
     * The prediction is exact when the video samples use 4-byte NAL unit lengths that tile each
     * sample exactly, with no empty NAL unit and no access unit delimiter (TsMuxer drops in-band
     * AUDs and writes its own), which is what common encoders (x264, x265, ffmpeg's mp4 muxer)
     * write. Files with 1- or 2-byte lengths grow by their NAL unit count when widened, which only
     * the payloads tell: their sizes and key frame ranges are then approximate.
     *
     * @param ranges one per track of {@link #tracks()}, in that order; a track with an empty range
     *               still has its stream in the program, as {@link #read(List, ByteSource)} gives it
     * @throws IllegalArgumentException when no range holds a sample, or a range lies outside its track
     */
    public SegmentProbe probe(List<Range> ranges) {
        check(ranges);
        List<TrackSamples> standIns = new ArrayList<>(tracks.size());
        for (int k = 0; k < tracks.size(); k++) {
            Mp4Track t = tracks.get(k);
            Range r = ranges.get(k);
            int n = r.to() - r.from();
            int[] sizes = new int[n];
            int largest = 0;
            for (int i = 0; i < n; i++) {
                sizes[i] = t.size(r.from() + i);
                largest = Math.max(largest, sizes[i]);
            }
            // Every stand-in starts at offset 0 of one shared array: TsMuxer clamps a NAL unit's length to its sample's end.
            byte[] payload = new byte[largest];
            if (t.format().kind() == MediaKind.VIDEO && largest > 4) {
                payload[0] = 0x7F;
                payload[1] = (byte) 0xFF;
                payload[2] = (byte) 0xFF;
                payload[3] = (byte) 0xFF;
                payload[4] = (byte) (t.codec().equals("hvc1") ? 1 << 1 : 1); // a non-IDR slice, HEVC TRAIL_R or H.264 type 1
            }
            standIns.add(new TrackSamples(t.format(), t.samples(r.from(), r.to(), new int[n], sizes), payload));
        }
        TrackSamples main = main(standIns);
        long start = main.earliestPresentationTime();
        long end = main.samples().stream().mapToLong(s -> s.presentationTime() + s.duration()).max().orElse(start);
        List<ElementaryStream> streams = new ArrayList<>(tracks.size());
        for (int k = 0; k < tracks.size(); k++) {
            streams.add(stream(tracks.get(k), standIns.get(k)));
        }
        TsMuxer.Muxed ts = TsMuxer.mux(standIns);
        return new SegmentProbe(streams, pts(start), end - start, ts.keyFrames(), ts.programTables(), ts.ts().length);
    }

    /** The track that times a segment, as {@code Fmp4Samples.main} picks it: the first video track with samples, else the first audio one. */
    private static TrackSamples main(List<TrackSamples> tracks) {
        for (MediaKind kind : List.of(MediaKind.VIDEO, MediaKind.AUDIO)) {
            for (TrackSamples t : tracks) {
                if (t.format().kind() == kind && !t.samples().isEmpty()) {
                    return t;
                }
            }
        }
        throw new IllegalArgumentException("no track has a sample in the ranges");
    }

    /** As {@code Fmp4Probe} describes a stream: stream_type left 0, times 33-bit, payload bytes those of the file. */
    private static ElementaryStream stream(Mp4Track track, TrackSamples t) {
        TrackFormat f = track.format();
        boolean video = f.kind() == MediaKind.VIDEO;
        long first = -1;
        long last = -1;
        if (!t.samples().isEmpty()) {
            first = pts(t.earliestPresentationTime());
            last = pts(t.samples().stream().mapToLong(Sample::presentationTime).max().orElseThrow());
        }
        return new ElementaryStream(f.pid(), 0, f.kind(), track.codec(), f.codecString(),
                video ? f.width() : null, video ? f.height() : null, video ? track.frameRate() : null,
                video ? null : f.sampleRate(), video ? null : f.channels(),
                f.language().equals("und") ? null : f.language(), first, last, t.payloadBytes(), t.samples().size());
    }

    private static long pts(long ticks) {
        return ticks & (Pts.WRAP - 1);
    }

    private void check(List<Range> ranges) {
        if (ranges.size() != tracks.size()) {
            throw new IllegalArgumentException(ranges.size() + " ranges for " + tracks.size() + " tracks");
        }
        for (int k = 0; k < tracks.size(); k++) {
            if (ranges.get(k).to() > tracks.get(k).sampleCount()) {
                throw new IllegalArgumentException("range " + ranges.get(k) + " of track " + k + ", which has "
                        + tracks.get(k).sampleCount() + " samples");
            }
        }
    }
}
