package dev.fount.origin.media.mp4;

import static dev.fount.origin.media.mp4.BoxReader.need;
import static dev.fount.origin.media.mp4.BoxReader.s32;
import static dev.fount.origin.media.mp4.BoxReader.u32;
import static dev.fount.origin.media.mp4.BoxReader.u64;
import static dev.fount.origin.media.mp4.BoxReader.u8;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.fount.origin.media.MalformedMediaException;
import dev.fount.origin.media.Sample;
import dev.fount.origin.media.TrackSamples;
import dev.fount.origin.media.mp4.BoxReader.Box;

/**
 * The samples of an fMP4 media segment (one or more moof + mdat pairs, ISO/IEC 14496-12
 * §8.8) as the packagers take them from MPEG-TS: per track, in decode order, timed at 90 kHz on
 * the presentation timeline (the init segment's edit list applied), payloads untouched, so
 * fMP4 ingest passes the coded media through to every output without re-muxing it. Only the
 * timing is rescaled (cumulatively, so it never drifts) and, where an encoder used 1- or 2-byte
 * NAL unit lengths, video payloads get the 4-byte lengths every output declares.
 */
public final class Fmp4Samples {

    private static final int TICKS = 90_000;

    private Fmp4Samples() {
    }

    /**
     * Checks a media segment's structure without its init segment: boxes nest, there is a moof
     * and an mdat, and every traf names a track. What {@link #read} adds needs the init segment.
     */
    public static void check(byte[] segment) throws MalformedMediaException {
        boolean moof = false;
        boolean mdat = false;
        for (Box box : BoxReader.children(segment, 0, segment.length)) {
            switch (box.type()) {
                case "moov" -> throw new MalformedMediaException("an initialization segment (moov) where a media segment was expected", box.start());
                case "moof" -> {
                    moof = true;
                    for (Box traf : BoxReader.children(segment, box)) {
                        if (traf.type().equals("traf")) {
                            need(BoxReader.required(segment, traf, "tfhd"), 8);
                        }
                    }
                }
                case "mdat" -> mdat = true;
                default -> {
                }
            }
        }
        if (!moof || !mdat) {
            throw new MalformedMediaException("not an fMP4 media segment: no '" + (moof ? "mdat" : "moof") + "' box", 0);
        }
    }

    /**
     * Every video and audio track of the init segment that has samples in the segment, in init
     * order, with times as absolute 90 kHz ticks (the track's decode times rescaled, not
     * rebased). Payloads are read in place: each {@link TrackSamples#data()} is the segment array
     * itself unless NAL lengths had to be rewritten.
     *
     * @throws MalformedMediaException when a traf names a track the init segment lacks, a sample's
     *                                 bytes lie outside the segment, or a track has no tfdt
     */
    public static List<TrackSamples> read(Fmp4Init init, byte[] segment) throws MalformedMediaException {
        Map<Integer, List<Raw>> raw = new LinkedHashMap<>();
        Map<Integer, Long> nextDecodeTime = new HashMap<>();
        for (Box box : BoxReader.children(segment, 0, segment.length)) {
            if (box.type().equals("moof")) {
                moof(init, segment, box, raw, nextDecodeTime);
            }
        }
        List<TrackSamples> out = new ArrayList<>();
        for (Fmp4Init.Track track : init.tracks()) {
            List<Raw> samples = raw.get(track.trackId());
            if (samples != null && !samples.isEmpty()) {
                out.add(track(track, samples, segment));
            }
        }
        return out;
    }

    /**
     * The segment's tracks with times rebased so that the segment's start (see {@link #start})
     * falls at {@code start}: what {@code TsSamples.extract} gives for MPEG-TS.
     */
    public static List<TrackSamples> extract(Fmp4Init init, byte[] segment, long start) throws MalformedMediaException {
        List<TrackSamples> tracks = read(init, segment);
        long shift = start - start(tracks);
        List<TrackSamples> out = new ArrayList<>(tracks.size());
        for (TrackSamples t : tracks) {
            List<Sample> moved = new ArrayList<>(t.samples().size());
            for (Sample s : t.samples()) {
                moved.add(new Sample(s.decodeTime() + shift, s.compositionOffset(), s.duration(), s.sync(), s.offset(), s.size()));
            }
            out.add(new TrackSamples(t.format(), moved, t.data()));
        }
        return out;
    }

    /**
     * Where a segment starts, as {@code SegmentProbe.startPts} defines it for MPEG-TS: the earliest
     * presentation time of its video track, else of its first audio track (absolute 90 kHz).
     */
    public static long start(List<TrackSamples> tracks) throws MalformedMediaException {
        return main(tracks).earliestPresentationTime();
    }

    /** The track that times the segment: the first video track, else the first audio track. */
    public static TrackSamples main(List<TrackSamples> tracks) throws MalformedMediaException {
        return tracks.stream().filter(t -> t.format().kind() == dev.fount.origin.media.MediaKind.VIDEO).findFirst()
                .or(() -> tracks.stream().filter(t -> t.format().kind() == dev.fount.origin.media.MediaKind.AUDIO).findFirst())
                .orElseThrow(() -> new MalformedMediaException("the segment has no sample of any video or audio track of its initialization segment", 0));
    }

    private static final String SCTE35_SCHEME = "urn:scte:scte35:2013:bin";

    /**
     * SCTE-35 signals in the segment's event message boxes (ISO/IEC 23009-1 §5.10.3.3, scheme
     * {@code urn:scte:scte35:2013:bin} per SCTE 214-3: the message is a splice_info_section),
     * timed by the emsg rather than the section's splice_time, whose PTS belongs to the encoder's
     * MPEG-TS clock: version 1 gives the presentation time, version 0 a delta from the segment's
     * earliest presentation time ({@code segmentStart}, 90 kHz).
     */
    public static List<dev.fount.origin.media.SpliceEvent> scte35(byte[] segment, long segmentStart) throws MalformedMediaException {
        List<dev.fount.origin.media.SpliceEvent> out = new ArrayList<>();
        for (Box box : BoxReader.children(segment, 0, segment.length)) {
            if (!box.type().equals("emsg") || box.end() - box.payload() < 20) {
                continue;
            }
            int version = u8(segment, box.payload());
            int p = box.payload() + 4;
            String scheme;
            long timescale;
            long time;
            if (version == 1) {
                timescale = u32(segment, p);
                long presentation = u64(segment, p + 4);
                p += 20; // timescale, presentation_time, event_duration, id
                int nul = nul(segment, p, box.end());
                scheme = new String(segment, p, nul - p, java.nio.charset.StandardCharsets.UTF_8);
                p = nul(segment, nul + 1, box.end()) + 1;
                time = timescale == 0 ? segmentStart : ticks(presentation, (int) timescale);
            } else {
                int nul = nul(segment, p, box.end());
                scheme = new String(segment, p, nul - p, java.nio.charset.StandardCharsets.UTF_8);
                p = nul(segment, nul + 1, box.end()) + 1;
                if (p + 16 > box.end()) {
                    continue;
                }
                timescale = u32(segment, p);
                long delta = u32(segment, p + 4);
                p += 16; // timescale, presentation_time_delta, event_duration, id
                time = segmentStart + (timescale == 0 ? 0 : ticks(delta, (int) timescale));
            }
            if (!scheme.equals(SCTE35_SCHEME) || p >= box.end()) {
                continue;
            }
            for (dev.fount.origin.media.SpliceEvent e : dev.fount.origin.media.ts.SpliceInfo.events(segment, p, box.end())) {
                out.add(e.at(time & (dev.fount.origin.media.Pts.WRAP - 1)));
            }
        }
        return out;
    }

    private static int nul(byte[] b, int from, int end) {
        for (int i = from; i < end; i++) {
            if (b[i] == 0) {
                return i;
            }
        }
        return end;
    }

    /** One sample as trun gives it: track timescale, absolute offset in the segment. */
    private record Raw(long decodeTime, long compositionOffset, long duration, int flags, int offset, int size) {
    }

    private static void moof(Fmp4Init init, byte[] b, Box moof, Map<Integer, List<Raw>> raw, Map<Integer, Long> next)
            throws MalformedMediaException {
        long dataEnd = moof.start();
        for (Box traf : BoxReader.children(b, moof)) {
            if (!traf.type().equals("traf")) {
                continue;
            }
            Box tfhd = BoxReader.required(b, traf, "tfhd");
            need(tfhd, 8);
            int flags = (int) u32(b, tfhd.payload()) & 0xFFFFFF;
            int trackId = s32(b, tfhd.payload() + 4);
            Fmp4Init.Track track = init.track(trackId).orElse(null);
            int p = tfhd.payload() + 8;
            long base;
            int fieldsEnd = p + ((flags & 0x01) != 0 ? 8 : 0) + ((flags & 0x02) != 0 ? 4 : 0) + ((flags & 0x08) != 0 ? 4 : 0)
                    + ((flags & 0x10) != 0 ? 4 : 0) + ((flags & 0x20) != 0 ? 4 : 0);
            if (fieldsEnd > tfhd.end()) {
                throw new MalformedMediaException("'tfhd' of track " + trackId + " at byte " + tfhd.start() + " is shorter than its flags say", tfhd.start());
            }
            if ((flags & 0x01) != 0) {
                base = u64(b, p);
                p += 8;
            } else if ((flags & 0x020000) != 0) {
                base = moof.start();
            } else {
                base = dataEnd; // the moof for the first traf, else where the previous traf's data ended
            }
            if ((flags & 0x02) != 0) {
                p += 4;
            }
            long defaultDuration = track == null ? 0 : track.defaultDuration();
            long defaultSize = track == null ? 0 : track.defaultSize();
            int defaultFlags = track == null ? 0 : track.defaultFlags();
            if ((flags & 0x08) != 0) {
                defaultDuration = u32(b, p);
                p += 4;
            }
            if ((flags & 0x10) != 0) {
                defaultSize = u32(b, p);
                p += 4;
            }
            if ((flags & 0x20) != 0) {
                defaultFlags = s32(b, p);
            }
            Long decodeTime = null;
            for (Box c : BoxReader.children(b, traf)) {
                if (c.type().equals("tfdt")) {
                    need(c, 8);
                    decodeTime = u8(b, c.payload()) == 1 ? u64(b, c.payload() + 4) : u32(b, c.payload() + 4);
                }
            }
            if (decodeTime == null) {
                decodeTime = next.get(trackId);
            }
            if (decodeTime == null && track != null) {
                throw new MalformedMediaException("track " + trackId + " has no 'tfdt' in the moof at byte " + moof.start()
                        + ": a live segment must say when it starts", traf.start());
            }
            // A track the init segment leaves out (subtitles, metadata) is read only to find where its data ends.
            List<Raw> samples = track == null ? new ArrayList<>() : raw.computeIfAbsent(trackId, k -> new ArrayList<>());
            long time = decodeTime == null ? 0 : decodeTime;
            long dataOffset = base;
            for (Box trun : BoxReader.children(b, traf)) {
                if (!trun.type().equals("trun")) {
                    continue;
                }
                need(trun, 8);
                int version = u8(b, trun.payload());
                int tr = (int) u32(b, trun.payload()) & 0xFFFFFF;
                long count = u32(b, trun.payload() + 4);
                int q = trun.payload() + 8;
                if ((tr & 0x01) != 0) {
                    dataOffset = base + s32(b, q);
                    q += 4;
                }
                Integer firstFlags = null;
                if ((tr & 0x04) != 0) {
                    firstFlags = s32(b, q);
                    q += 4;
                }
                int perSample = 4 * Integer.bitCount(tr & 0xF00);
                if (count * perSample > trun.end() - q) {
                    throw new MalformedMediaException("'trun' of track " + trackId + " at byte " + trun.start() + " lists " + count
                            + " samples but has room for " + (perSample == 0 ? "none" : (trun.end() - q) / perSample), trun.start());
                }
                for (int i = 0; i < count; i++) {
                    long duration = defaultDuration;
                    long size = defaultSize;
                    int sampleFlags = i == 0 && firstFlags != null ? firstFlags : defaultFlags;
                    long cto = 0;
                    if ((tr & 0x100) != 0) {
                        duration = u32(b, q);
                        q += 4;
                    }
                    if ((tr & 0x200) != 0) {
                        size = u32(b, q);
                        q += 4;
                    }
                    if ((tr & 0x400) != 0) {
                        int f = s32(b, q);
                        q += 4;
                        if (!(i == 0 && firstFlags != null)) {
                            sampleFlags = f;
                        }
                    }
                    if ((tr & 0x800) != 0) {
                        cto = version == 0 ? u32(b, q) : s32(b, q);
                        q += 4;
                    }
                    if (dataOffset < 0 || size < 0 || dataOffset + size > b.length) {
                        throw new MalformedMediaException("sample " + (samples.size() + 1) + " of track " + trackId + " lies at bytes "
                                + dataOffset + "+" + size + ", outside the " + b.length + "-byte segment", trun.start());
                    }
                    samples.add(new Raw(time, cto, duration, sampleFlags, (int) dataOffset, (int) size));
                    time += duration;
                    dataOffset += size;
                }
                dataEnd = Math.max(dataEnd, dataOffset);
            }
            next.put(trackId, time);
        }
    }

    /** Rescales to 90 kHz from the track's times plus its shift, rounding each instant rather than each duration. */
    private static TrackSamples track(Fmp4Init.Track track, List<Raw> raw, byte[] segment) {
        int ts = track.timescale();
        byte[] data = segment;
        int[] offsets = null;
        if (track.nalLengthSize() != 0 && track.nalLengthSize() != 4) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(segment.length);
            offsets = new int[raw.size() + 1];
            for (int i = 0; i < raw.size(); i++) {
                offsets[i] = out.size();
                widenLengths(segment, raw.get(i).offset(), raw.get(i).size(), track.nalLengthSize(), out);
            }
            offsets[raw.size()] = out.size();
            data = out.toByteArray();
        }
        List<Sample> samples = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            Raw r = raw.get(i);
            long dt = r.decodeTime() + track.shift();
            long t = ticks(dt, ts);
            int cto = (int) (ticks(dt + r.compositionOffset(), ts) - t);
            int duration = (int) (ticks(dt + r.duration(), ts) - t);
            boolean sync = (r.flags() & 0x00010000) == 0;
            int offset = offsets == null ? r.offset() : offsets[i];
            int size = offsets == null ? r.size() : offsets[i + 1] - offsets[i];
            samples.add(new Sample(t, cto, duration, sync, offset, size));
        }
        return new TrackSamples(track.format(), samples, data);
    }

    /** {@code t} in a {@code timescale} as 90 kHz ticks, rounded down, without overflow for 64-bit times. */
    static long ticks(long t, int timescale) {
        if (timescale == TICKS) {
            return t;
        }
        return Math.floorDiv(t, timescale) * TICKS + (long) Math.floorMod(t, timescale) * TICKS / timescale;
    }

    /**
     * Appends a video sample to {@code out} with its NAL unit lengths rewritten from
     * {@code lengthSize} (1 or 2) bytes to the 4 bytes every output declares; a length running past
     * the sample is cut at its end.
     */
    static void widenLengths(byte[] b, int from, int size, int lengthSize, ByteArrayOutputStream out) {
        int p = from;
        int end = from + size;
        while (p + lengthSize <= end) {
            int len = 0;
            for (int i = 0; i < lengthSize; i++) {
                len = len << 8 | b[p + i] & 0xFF;
            }
            p += lengthSize;
            len = Math.min(len, end - p);
            out.write(len >>> 24);
            out.write(len >>> 16);
            out.write(len >>> 8);
            out.write(len);
            out.write(b, p, len);
            p += len;
        }
    }
}
