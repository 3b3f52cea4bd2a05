package dev.fount.origin.media.mp4;

import static dev.fount.origin.media.mp4.BoxReader.need;
import static dev.fount.origin.media.mp4.BoxReader.required;
import static dev.fount.origin.media.mp4.BoxReader.s32;
import static dev.fount.origin.media.mp4.BoxReader.u16;
import static dev.fount.origin.media.mp4.BoxReader.u32;
import static dev.fount.origin.media.mp4.BoxReader.u64;
import static dev.fount.origin.media.mp4.BoxReader.u8;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.fount.origin.media.MalformedMediaException;
import dev.fount.origin.media.MediaKind;
import dev.fount.origin.media.Sample;
import dev.fount.origin.media.TrackFormat;
import dev.fount.origin.media.mp4.BoxReader.Box;

/**
 * One video or audio track of a progressive MP4 with its sample table (ISO/IEC 14496-12 §8.6–8.7),
 * indexed from the moov alone. An index stays in memory for as long as its asset is served and a
 * two-hour movie has about half a million samples, so the table is kept close to the form the
 * file gives it: decode times as the stts runs (computed on demand), file offsets per chunk
 * (12 bytes a chunk; muxers that interleave finely, as ffmpeg does, start one every one or two
 * samples), sync samples as the stss list; sizes and composition offsets take 4 bytes per sample.
 * <p>
 * Times come out at 90 kHz on the presentation timeline (the edit list's shift applied), each
 * instant rounded down from the track's timescale, so that durations never drift: a sample's
 * duration is the next sample's decode time minus its own. Immutable, so one index serves any
 * number of concurrent requests.
 */
public final class Mp4Track {

    /** More samples than any track of a real asset has (a week of 25 fps video): a bound on what a corrupt count allocates. */
    private static final int MAX_SAMPLES = 1 << 24;

    private final Fmp4Init.Track track;
    private final Double frameRate;
    private final int count;
    /** Per stts run of one duration (empty runs left out): its first sample, that sample's decode time (track timescale, unshifted), the duration. */
    private final int[] runFirst;
    private final long[] runStart;
    private final long[] runDelta;
    /** Per sample, presentation minus decode time (track timescale); null when the track has no ctts. */
    private final int[] compositionOffsets;
    /** Per sample; null when every sample is {@link #constantSize} bytes. */
    private final int[] sizes;
    private final int constantSize;
    /** Per chunk, its first sample, then the sample count; and its file offset. */
    private final int[] chunkFirst;
    private final long[] chunkOffsets;
    /** Sorted indexes of the sync samples; null when every sample is one (no stss, or one listing them all). */
    private final int[] syncSamples;
    private final long presentationEnd;
    private final long dataEnd;

    private Mp4Track(Fmp4Init.Track track, int count, int[] runFirst, long[] runStart, long[] runDelta, int[] compositionOffsets,
            int[] sizes, int constantSize, int[] chunkFirst, long[] chunkOffsets, int[] syncSamples) {
        this.track = track;
        this.count = count;
        this.runFirst = runFirst;
        this.runStart = runStart;
        this.runDelta = runDelta;
        this.compositionOffsets = compositionOffsets;
        this.sizes = sizes;
        this.constantSize = constantSize;
        this.chunkFirst = chunkFirst;
        this.chunkOffsets = chunkOffsets;
        this.syncSamples = syncSamples;
        this.frameRate = track.frameRate() != null || track.format().kind() != MediaKind.VIDEO ? track.frameRate() : dominantRate();
        long end = Long.MIN_VALUE;
        int r = 0;
        for (int i = 0; i < count; i++) {
            r = advance(r, i);
            end = Math.max(end, presentationTime(r, i) + duration(r, i));
        }
        this.presentationEnd = end;
        long last = 0;
        for (int c = 0; c + 1 < chunkFirst.length; c++) {
            long at = chunkOffsets[c];
            for (int i = chunkFirst[c]; i < chunkFirst[c + 1]; i++) {
                at += size(i);
            }
            last = Math.max(last, at);
        }
        this.dataEnd = last;
    }

    // ---- what the track is ----

    /** The track as the packagers see it: timed at 90 kHz, pid = the track_ID, 4-byte NAL lengths declared. */
    public TrackFormat format() {
        return track.format();
    }

    /** "avc1", "hvc1", "mp4a", "ac-3" or "ec-3": the codec family, whatever the sample entry's name. */
    public String codec() {
        return track.codec();
    }

    /** Video: from the SPS VUI timing info, else from the most common sample duration; audio: null. */
    public Double frameRate() {
        return frameRate;
    }

    public int sampleCount() {
        return count;
    }

    /** Bytes of each NAL unit length in the file's video samples (1, 2 or 4); 0 for audio. */
    int nalLengthSize() {
        return track.nalLengthSize();
    }

    /** 90 kHz: the latest presentation time plus duration of any sample, counted from the presentation timeline's start. */
    public long presentationEnd() {
        return presentationEnd;
    }

    /** File offset just past the last byte of any sample. */
    long dataEnd() {
        return dataEnd;
    }

    // ---- samples by index (0-based, decode order) ----

    /** 90 kHz decode time on the presentation timeline; negative before it starts (B-frame delay, audio priming). */
    public long decodeTime(int i) {
        return decodeTime(run(i), i);
    }

    /** 90 kHz presentation time: {@link #decodeTime} plus the composition offset (which may be negative). */
    public long presentationTime(int i) {
        return presentationTime(run(i), i);
    }

    /** 90 kHz: the next sample's decode time minus this one's (for the last, as its stts delta gives). */
    public int duration(int i) {
        return duration(run(i), i);
    }

    public int size(int i) {
        check(i);
        return sizes == null ? constantSize : sizes[i];
    }

    /** Where the sample's payload starts in the file. Walks the sample's chunk: cost grows with the samples per chunk. */
    public long offset(int i) {
        check(i);
        int c = chunk(i);
        long at = chunkOffsets[c];
        for (int k = chunkFirst[c]; k < i; k++) {
            at += size(k);
        }
        return at;
    }

    /** A random access point: listed in stss, or every sample when the track has none. */
    public boolean sync(int i) {
        check(i);
        return syncSamples == null || Arrays.binarySearch(syncSamples, i) >= 0;
    }

    /** The first sync sample at or after {@code i}; {@link #sampleCount()} when there is none. */
    public int nextSync(int i) {
        if (syncSamples == null || i >= count) {
            return Math.min(Math.max(i, 0), count);
        }
        int at = Arrays.binarySearch(syncSamples, Math.max(i, 0));
        at = at >= 0 ? at : -at - 1;
        return at < syncSamples.length ? syncSamples[at] : count;
    }

    /** The first sample whose 90 kHz decode time is at or after {@code ticks}; {@link #sampleCount()} when none is. */
    public int firstAtOrAfter(long ticks) {
        int lo = 0;
        int hi = count;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (decodeTime(mid) < ticks) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    // ---- runs of samples, for ProgressiveMp4 ----

    /** File offsets of samples [from, to), walking the chunk table once. */
    long[] offsets(int from, int to) {
        long[] out = new long[to - from];
        if (from == to) {
            return out;
        }
        int c = chunk(from);
        long at = offset(from);
        for (int i = from; i < to; i++) {
            while (chunkFirst[c + 1] <= i) {
                at = chunkOffsets[++c];
            }
            out[i - from] = at;
            at += size(i);
        }
        return out;
    }

    /**
     * Samples [from, to) at 90 kHz, their payloads at the given places of a data array.
     *
     * @param dataOffsets per sample, where its payload starts in the data array
     * @param dataSizes   per sample, its payload's length there
     */
    List<Sample> samples(int from, int to, int[] dataOffsets, int[] dataSizes) {
        List<Sample> out = new ArrayList<>(to - from);
        if (from == to) {
            return out;
        }
        int r = run(from);
        for (int i = from; i < to; i++) {
            r = advance(r, i);
            long dts = decodeTime(r, i);
            out.add(new Sample(dts, (int) (presentationTime(r, i) - dts), duration(r, i), sync(i), dataOffsets[i - from],
                    dataSizes[i - from]));
        }
        return out;
    }

    // ---- time arithmetic ----

    private long rawDecodeTime(int r, int i) {
        return runStart[r] + (i - runFirst[r]) * runDelta[r] + track.shift();
    }

    private long decodeTime(int r, int i) {
        return Fmp4Samples.ticks(rawDecodeTime(r, i), track.timescale());
    }

    private long presentationTime(int r, int i) {
        long cto = compositionOffsets == null ? 0 : compositionOffsets[i];
        return Fmp4Samples.ticks(rawDecodeTime(r, i) + cto, track.timescale());
    }

    private int duration(int r, int i) {
        long t = rawDecodeTime(r, i);
        return (int) (Fmp4Samples.ticks(t + runDelta[r], track.timescale()) - Fmp4Samples.ticks(t, track.timescale()));
    }

    /** The stts run of sample {@code i}. */
    private int run(int i) {
        check(i);
        return last(runFirst, runFirst.length, i);
    }

    /** The run of sample {@code i} when {@code r} is that of an earlier one. */
    private int advance(int r, int i) {
        while (r + 1 < runFirst.length && runFirst[r + 1] <= i) {
            r++;
        }
        return r;
    }

    /** The chunk holding sample {@code i}: empty chunks share their first sample with the next one, so the last match. */
    private int chunk(int i) {
        return last(chunkFirst, chunkFirst.length - 1, i);
    }

    /** The last index in [0, n) of a non-decreasing array whose value is at most {@code key}. */
    private static int last(int[] a, int n, int key) {
        int lo = 0;
        int hi = n - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (a[mid] <= key) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    private void check(int i) {
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException("sample " + i + " of a " + count + "-sample track");
        }
    }

    private Double dominantRate() {
        int best = 0;
        for (int r = 1; r < runFirst.length; r++) {
            if (runLength(r) > runLength(best)) {
                best = r;
            }
        }
        return runDelta[best] == 0 ? null : Math.round(track.timescale() * 1000.0 / runDelta[best]) / 1000.0;
    }

    private int runLength(int r) {
        return (r + 1 < runFirst.length ? runFirst[r + 1] : count) - runFirst[r];
    }

    // ---- reading the sample table ----

    /**
     * Reads a trak's sample table: stsz or stz2 (sizes, and the sample count every other box must
     * cover), stts (durations), ctts (composition offsets, read signed as players do, which
     * version 1 requires), stss (sync samples), stsc with stco or co64 (where the samples lie).
     *
     * @param b     the moov's bytes
     * @param track what {@link Fmp4Init#track} made of the trak
     * @return null when the track has no sample
     */
    static Mp4Track parse(byte[] b, Box trak, Fmp4Init.Track track) throws MalformedMediaException {
        int id = track.trackId();
        Box stbl = required(b, required(b, required(b, trak, "mdia"), "minf"), "stbl");
        List<Box> boxes = BoxReader.children(b, stbl);
        Box stsz = table(boxes, stbl, id, "stsz", "stz2");
        int[] sizes = null;
        int constantSize = 0;
        int count;
        if (stsz.type().equals("stsz")) {
            need(stsz, 12);
            long size = u32(b, stsz.payload() + 4);
            count = sampleCount(u32(b, stsz.payload() + 8), stsz, id);
            if (size == 0) {
                room(stsz, 12, count, 4, id);
                sizes = new int[count];
                for (int i = 0; i < count; i++) {
                    sizes[i] = sampleSize(u32(b, stsz.payload() + 12 + 4 * i), stsz, id);
                }
            } else {
                constantSize = sampleSize(size, stsz, id);
            }
        } else {
            need(stsz, 12);
            int field = u8(b, stsz.payload() + 7);
            count = sampleCount(u32(b, stsz.payload() + 8), stsz, id);
            if (field != 4 && field != 8 && field != 16) {
                throw new MalformedMediaException("track " + id + ": 'stz2' field_size is " + field + ", not 4, 8 or 16", stsz.start());
            }
            if (((long) count * field + 7) / 8 > stsz.end() - stsz.payload() - 12) {
                throw new MalformedMediaException("track " + id + ": 'stz2' lists " + count + " sizes but has no room for them", stsz.start());
            }
            sizes = new int[count];
            int p = stsz.payload() + 12;
            for (int i = 0; i < count; i++) {
                sizes[i] = switch (field) {
                    case 4 -> (b[p + i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0xF;
                    case 8 -> u8(b, p + i);
                    default -> u16(b, p + 2 * i);
                };
            }
        }
        if (count == 0) {
            return null;
        }

        Box stts = table(boxes, stbl, id, "stts");
        int entries = entries(b, stts, 8, id);
        int[] runFirst = new int[entries];
        long[] runStart = new long[entries];
        long[] runDelta = new long[entries];
        int runs = 0;
        long covered = 0;
        long time = 0;
        for (int e = 0; e < entries && covered < count; e++) {
            int q = stts.payload() + 8 + 8 * e;
            long samples = u32(b, q);
            if (samples == 0) {
                continue;
            }
            runFirst[runs] = (int) covered;
            runStart[runs] = time;
            runDelta[runs] = u32(b, q + 4);
            runs++;
            covered += samples;
            time += samples * u32(b, q + 4);
        }
        if (covered < count) {
            throw new MalformedMediaException("track " + id + ": 'stts' times " + covered + " of its " + count + " samples", stts.start());
        }

        int[] compositionOffsets = null;
        Box ctts = optional(boxes, "ctts");
        if (ctts != null) {
            compositionOffsets = new int[count];
            int n = entries(b, ctts, 8, id);
            for (int e = 0, i = 0; e < n && i < count; e++) {
                int q = ctts.payload() + 8 + 8 * e;
                long samples = Math.min(u32(b, q), count - i);
                Arrays.fill(compositionOffsets, i, i + (int) samples, s32(b, q + 4));
                i += (int) samples;
            }
        }

        int[] syncSamples = null;
        Box stss = optional(boxes, "stss");
        if (stss != null) {
            int n = entries(b, stss, 4, id);
            syncSamples = new int[n];
            for (int e = 0; e < n; e++) {
                long number = u32(b, stss.payload() + 8 + 4 * e);
                if (number < 1 || number > count) {
                    throw new MalformedMediaException("track " + id + ": 'stss' names sample " + number + " of " + count, stss.start());
                }
                syncSamples[e] = (int) number - 1;
            }
            Arrays.sort(syncSamples);
            syncSamples = n == count ? null : syncSamples;
        }

        Box stco = table(boxes, stbl, id, "stco", "co64");
        boolean wide = stco.type().equals("co64");
        int chunks = entries(b, stco, wide ? 8 : 4, id);
        long[] chunkOffsets = new long[chunks];
        for (int c = 0; c < chunks; c++) {
            int q = stco.payload() + 8 + (wide ? 8 : 4) * c;
            chunkOffsets[c] = wide ? u64(b, q) : u32(b, q);
        }
        Box stsc = table(boxes, stbl, id, "stsc");
        int n = entries(b, stsc, 12, id);
        int[] chunkFirst = new int[chunks + 1];
        long sample = 0;
        for (int e = 0; e < n; e++) {
            int q = stsc.payload() + 8 + 12 * e;
            long firstChunk = u32(b, q);
            long perChunk = u32(b, q + 4);
            long nextChunk = e + 1 < n ? u32(b, q + 12) : chunks + 1L;
            if (e == 0 && firstChunk != 1 || e + 1 < n && nextChunk <= firstChunk) {
                throw new MalformedMediaException("track " + id + ": 'stsc' entry " + (e + 1) + " starts at chunk " + firstChunk
                        + (e == 0 && firstChunk != 1 ? ", not 1" : ", not before the next entry's " + nextChunk), stsc.start());
            }
            for (long c = firstChunk - 1; c < Math.min(nextChunk - 1, chunks); c++) {
                chunkFirst[(int) c] = (int) Math.min(sample, count);
                sample += perChunk;
            }
        }
        chunkFirst[chunks] = count;
        if (sample < count) {
            throw new MalformedMediaException("track " + id + ": its chunks ('stsc', '" + stco.type() + "') hold " + sample + " of its "
                    + count + " samples", stsc.start());
        }
        return new Mp4Track(track, count, Arrays.copyOf(runFirst, runs), Arrays.copyOf(runStart, runs), Arrays.copyOf(runDelta, runs),
                compositionOffsets, sizes, constantSize, chunkFirst, chunkOffsets, syncSamples);
    }

    private static Box optional(List<Box> boxes, String type) {
        return boxes.stream().filter(x -> x.type().equals(type)).findFirst().orElse(null);
    }

    /** The first of the stbl's boxes of either type (a table that has two forms), which the track cannot do without. */
    private static Box table(List<Box> boxes, Box stbl, int id, String... types) throws MalformedMediaException {
        for (Box x : boxes) {
            if (Arrays.asList(types).contains(x.type())) {
                return x;
            }
        }
        throw new MalformedMediaException("track " + id + ": its sample table has no '" + String.join("' or '", types) + "' box",
                stbl.start());
    }

    /** entry_count of a full box whose entries follow it, checked against the room the box has for them. */
    private static int entries(byte[] b, Box box, int entrySize, int id) throws MalformedMediaException {
        need(box, 8);
        long n = u32(b, box.payload() + 4);
        room(box, 8, n, entrySize, id);
        return (int) n;
    }

    private static void room(Box box, int header, long n, int entrySize, int id) throws MalformedMediaException {
        long room = (box.end() - box.payload() - header) / entrySize;
        if (n > room) {
            throw new MalformedMediaException("track " + id + ": '" + box.type() + "' lists " + n + " entries but has room for " + room,
                    box.start());
        }
    }

    private static int sampleCount(long n, Box stsz, int id) throws MalformedMediaException {
        if (n > MAX_SAMPLES) {
            throw new MalformedMediaException("track " + id + " lists " + n + " samples, more than the " + MAX_SAMPLES + " this origin indexes",
                    stsz.start());
        }
        return (int) n;
    }

    private static int sampleSize(long size, Box stsz, int id) throws MalformedMediaException {
        if (size > Integer.MAX_VALUE) {
            throw new MalformedMediaException("track " + id + ": 'stsz' gives a sample " + size + " bytes", stsz.start());
        }
        return (int) size;
    }
}
