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
import java.util.Map;
import java.util.Optional;

import dev.fount.origin.media.MalformedMediaException;
import dev.fount.origin.media.MediaKind;
import dev.fount.origin.media.TrackFormat;
import dev.fount.origin.media.codec.AudioSpecificConfig;
import dev.fount.origin.media.codec.BitstreamException;
import dev.fount.origin.media.codec.H264Sps;
import dev.fount.origin.media.codec.H265Sps;
import dev.fount.origin.media.mp4.BoxReader.Box;

/**
 * An fMP4 initialization segment as an encoder uploads it (the EXT-X-MAP of an HLS media
 * playlist, RFC 8216 §4.3.2.5): ftyp + moov with one trak per track and an mvex. Only what
 * packaging needs is kept: per track, its codec configuration (copied byte for byte), its
 * timescale, the edit list's shift and the trex defaults that media segments may rely on.
 *
 * @param tracks the video and audio tracks in moov order; tracks of other handlers (subtitles,
 *               timed metadata) are left out
 */
public record Fmp4Init(List<Track> tracks) {

    public Fmp4Init {
        tracks = List.copyOf(tracks);
    }

    /**
     * One track of the init segment.
     *
     * @param trackId         tkhd track_ID, what a traf's tfhd names
     * @param timescale       mdhd timescale of the samples' times
     * @param shift           added to a sample's decode and composition times (track timescale) to
     *                        place it on the presentation timeline: the empty edits' duration minus
     *                        the first media edit's media_time (ISO/IEC 14496-12 §8.6.6)
     * @param defaultDuration trex default_sample_duration
     * @param defaultSize     trex default_sample_size
     * @param defaultFlags    trex default_sample_flags
     * @param nalLengthSize   bytes of each NAL unit length in a video sample (1, 2 or 4); 0 for audio
     * @param format          the track as the packagers see it, timed at 90 kHz like everything
     *                        ingested (its decoder configuration says 4-byte NAL lengths)
     * @param codec           "avc1", "hvc1", "mp4a", "ac-3" or "ec-3": the codec family, whatever
     *                        the sample entry's name (avc3 and hev1 carry parameter sets in band)
     * @param frameRate       from the SPS VUI when it has timing info, else null
     */
    public record Track(int trackId, int timescale, long shift, long defaultDuration, long defaultSize, int defaultFlags,
            int nalLengthSize, TrackFormat format, String codec, Double frameRate) {
    }

    public Optional<Track> track(int trackId) {
        return tracks.stream().filter(t -> t.trackId() == trackId).findFirst();
    }

    /** Whether the bytes start like an initialization segment (a moov before any moof) rather than media. */
    public static boolean isInit(byte[] b) {
        try {
            for (Box box : BoxReader.children(b, 0, b.length)) {
                if (box.type().equals("moov")) {
                    return true;
                }
                if (box.type().equals("moof") || box.type().equals("mdat")) {
                    return false;
                }
            }
        } catch (MalformedMediaException e) {
            return false;
        }
        return false;
    }

    /**
     * Reads an initialization segment.
     *
     * @throws MalformedMediaException naming the box at fault, when the boxes do not nest, a track
     *                                 is encrypted or uses a codec this origin does not package, or
     *                                 no video or audio track remains
     */
    public static Fmp4Init parse(byte[] b) throws MalformedMediaException {
        Box moov = BoxReader.children(b, 0, b.length).stream().filter(x -> x.type().equals("moov")).findFirst()
                .orElseThrow(() -> new MalformedMediaException("no 'moov' box: not an fMP4 initialization segment", 0));
        long movieTimescale = movieTimescale(b, moov);
        Optional<Box> mvex = BoxReader.child(b, moov, "mvex");
        if (mvex.isEmpty()) {
            throw new MalformedMediaException("'moov' has no 'mvex' box: the file is not fragmented", moov.start());
        }
        List<Track> tracks = new ArrayList<>();
        for (Box trak : BoxReader.children(b, moov)) {
            if (trak.type().equals("trak")) {
                Track t = track(b, trak, movieTimescale, mvex.get());
                if (t != null) {
                    tracks.add(t);
                }
            }
        }
        if (tracks.isEmpty()) {
            throw new MalformedMediaException("the initialization segment has no video or audio track", moov.start());
        }
        return new Fmp4Init(tracks);
    }

    /** The mvhd timescale, in which the edit lists' segment durations are given. */
    static long movieTimescale(byte[] b, Box moov) throws MalformedMediaException {
        Box mvhd = required(b, moov, "mvhd");
        need(mvhd, 24);
        return u8(b, mvhd.payload()) == 1 ? u32(b, mvhd.payload() + 20) : u32(b, mvhd.payload() + 12);
    }

    /**
     * One trak as the packagers see it; shared with {@link ProgressiveMp4}, whose moov has the
     * same traks but no mvex.
     *
     * @param mvex the movie extends box holding the trex defaults, or null for a progressive
     *             (non-fragmented) moov, whose samples are all in its own sample tables
     * @return null for a track of another handler than video and audio (subtitles, timecode, hint)
     */
    static Track track(byte[] b, Box trak, long movieTimescale, Box mvex) throws MalformedMediaException {
        Box tkhd = required(b, trak, "tkhd");
        need(tkhd, 24);
        int trackId = s32(b, tkhd.payload() + (u8(b, tkhd.payload()) == 1 ? 20 : 12));
        Box mdia = required(b, trak, "mdia");
        Box hdlr = required(b, mdia, "hdlr");
        need(hdlr, 12);
        String handler = new String(b, hdlr.payload() + 8, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
        MediaKind kind = switch (handler) {
            case "vide" -> MediaKind.VIDEO;
            case "soun" -> MediaKind.AUDIO;
            default -> null;
        };
        if (kind == null) {
            return null;
        }
        Box mdhd = required(b, mdia, "mdhd");
        need(mdhd, 24);
        boolean v1 = u8(b, mdhd.payload()) == 1;
        need(mdhd, v1 ? 34 : 22);
        int timescale = s32(b, mdhd.payload() + (v1 ? 20 : 12));
        if (timescale <= 0) {
            throw new MalformedMediaException("track " + trackId + ": mdhd timescale is " + timescale, mdhd.start());
        }
        String language = language(u16(b, mdhd.payload() + (v1 ? 32 : 20)));
        Box stsd = required(b, required(b, required(b, mdia, "minf"), "stbl"), "stsd");
        need(stsd, 8);
        List<Box> entries = BoxReader.children(b, stsd.payload() + 8, stsd.end());
        if (entries.isEmpty()) {
            throw new MalformedMediaException("track " + trackId + ": 'stsd' has no sample entry", stsd.start());
        }
        Box entry = entries.get(0);
        long shift = shift(b, trak, movieTimescale, timescale);
        long[] trex = mvex == null ? new long[] {0, 0, 0} : trex(b, mvex, trackId);
        Entry e = kind == MediaKind.VIDEO ? video(b, entry, trackId, language) : audio(b, entry, trackId, language);
        return new Track(trackId, timescale, shift, trex[0], trex[1], (int) trex[2], e.nalLengthSize(), e.format(), e.codec(), e.frameRate());
    }

    private record Entry(TrackFormat format, String codec, int nalLengthSize, Double frameRate) {
    }

    private static Entry video(byte[] b, Box entry, int trackId, String language) throws MalformedMediaException {
        String fourcc = entry.type();
        need(entry, 78);
        int width = u16(b, entry.payload() + 24);
        int height = u16(b, entry.payload() + 26);
        List<Box> children = BoxReader.children(b, entry.payload() + 78, entry.end());
        try {
            switch (fourcc) {
                case "avc1", "avc3" -> {
                    Box avcC = find(children, "avcC", entry, trackId);
                    byte[] config = Arrays.copyOfRange(b, avcC.payload(), avcC.end());
                    if (config.length < 7) {
                        throw new MalformedMediaException("track " + trackId + ": 'avcC' is " + config.length + " bytes", avcC.start());
                    }
                    int lengthSize = (config[4] & 3) + 1;
                    config[4] = (byte) (config[4] | 3);
                    String codecString = String.format("%s.%02x%02x%02x", fourcc, config[1] & 0xFF, config[2] & 0xFF, config[3] & 0xFF);
                    Double fps = null;
                    int spsCount = config[5] & 0x1F;
                    if (spsCount > 0 && config.length >= 8) {
                        int len = (config[6] & 0xFF) << 8 | config[7] & 0xFF;
                        if (8 + len <= config.length) {
                            H264Sps sps = H264Sps.parse(config, 8, 8 + len);
                            width = sps.width();
                            height = sps.height();
                            fps = sps.frameRate();
                        }
                    }
                    return new Entry(new TrackFormat(trackId, MediaKind.VIDEO, fourcc, codecString, 90000, width, height, 0, 0,
                            language, config), "avc1", lengthSize, fps);
                }
                case "hvc1", "hev1" -> {
                    Box hvcC = find(children, "hvcC", entry, trackId);
                    byte[] config = Arrays.copyOfRange(b, hvcC.payload(), hvcC.end());
                    if (config.length < 23) {
                        throw new MalformedMediaException("track " + trackId + ": 'hvcC' is " + config.length + " bytes", hvcC.start());
                    }
                    int lengthSize = (config[21] & 3) + 1;
                    config[21] = (byte) (config[21] | 3);
                    long constraints = 0;
                    for (int i = 6; i < 12; i++) {
                        constraints = constraints << 8 | config[i] & 0xFF;
                    }
                    H265Sps header = new H265Sps((config[1] & 0xFF) >> 6, (config[1] >> 5) & 1, config[1] & 0x1F,
                            (int) u32(config, 2), constraints, config[12] & 0xFF, config[16] & 3, width, height, null);
                    H265Sps sps = hevcSps(config);
                    Double fps = sps == null ? null : sps.frameRate();
                    if (sps != null) {
                        width = sps.width();
                        height = sps.height();
                    }
                    String codecString = fourcc + header.codecString().substring("hvc1".length());
                    return new Entry(new TrackFormat(trackId, MediaKind.VIDEO, fourcc, codecString, 90000, width, height, 0, 0,
                            language, config), "hvc1", lengthSize, fps);
                }
                default -> throw unsupported(fourcc, entry, trackId);
            }
        } catch (BitstreamException | IndexOutOfBoundsException x) {
            throw new MalformedMediaException("track " + trackId + ": the '" + fourcc + "' decoder configuration is unreadable: "
                    + x.getMessage(), entry.start());
        }
    }

    /** The first SPS in an hvcC's NAL unit arrays (ISO/IEC 14496-15 §8.3.3.1), or null. */
    private static H265Sps hevcSps(byte[] c) {
        int p = 23;
        int arrays = c[22] & 0xFF;
        for (int a = 0; a < arrays && p + 3 <= c.length; a++) {
            int type = c[p] & 0x3F;
            int count = (c[p + 1] & 0xFF) << 8 | c[p + 2] & 0xFF;
            p += 3;
            for (int n = 0; n < count && p + 2 <= c.length; n++) {
                int len = (c[p] & 0xFF) << 8 | c[p + 1] & 0xFF;
                p += 2;
                if (type == 33 && p + len <= c.length) {
                    return H265Sps.parse(c, p, p + len);
                }
                p += len;
            }
        }
        return null;
    }

    private static final int[] AC3_RATES = {48000, 44100, 32000};
    private static final int[] ACMOD_CHANNELS = {2, 1, 2, 3, 3, 4, 4, 5};

    private static Entry audio(byte[] b, Box entry, int trackId, String language) throws MalformedMediaException {
        String fourcc = entry.type();
        need(entry, 28);
        int version = u16(b, entry.payload() + 8);
        int channels = u16(b, entry.payload() + 16);
        int sampleRate = (int) (u32(b, entry.payload() + 24) >>> 16);
        // QuickTime sound sample entries add 16 (version 1) or 36 (version 2) bytes before the boxes.
        int boxes = entry.payload() + 28 + (version == 1 ? 16 : version == 2 ? 36 : 0);
        List<Box> children = BoxReader.children(b, boxes, entry.end());
        try {
            switch (fourcc) {
                case "mp4a" -> {
                    Box esds = find(children, "esds", entry, trackId);
                    byte[] asc = decoderSpecificInfo(b, esds, trackId);
                    AudioSpecificConfig config = AudioSpecificConfig.parse(asc);
                    return new Entry(new TrackFormat(trackId, MediaKind.AUDIO, "mp4a", config.codecString(), 90000, 0, 0,
                            config.sampleRate(), config.channels() != null ? config.channels() : channels, language, asc), "mp4a", 0, null);
                }
                case "ac-3" -> {
                    Box dac3 = find(children, "dac3", entry, trackId);
                    need(dac3, 3);
                    byte[] config = Arrays.copyOfRange(b, dac3.payload(), dac3.end());
                    int fscod = (config[0] & 0xFF) >> 6;
                    int acmod = (config[1] >> 3) & 7;
                    int lfe = (config[1] >> 2) & 1;
                    return new Entry(new TrackFormat(trackId, MediaKind.AUDIO, "ac-3", "ac-3", 90000, 0, 0,
                            fscod < 3 ? AC3_RATES[fscod] : sampleRate, ACMOD_CHANNELS[acmod] + lfe, language, config), "ac-3", 0, null);
                }
                case "ec-3" -> {
                    Box dec3 = find(children, "dec3", entry, trackId);
                    need(dec3, 5);
                    byte[] config = Arrays.copyOfRange(b, dec3.payload(), dec3.end());
                    // First independent substream: fscod(2) bsid(5) reserved(1) asvc(1) bsmod(3) acmod(3) lfeon(1).
                    int fscod = (config[2] & 0xFF) >> 6;
                    int acmod = (config[3] >> 1) & 7;
                    int lfe = config[3] & 1;
                    return new Entry(new TrackFormat(trackId, MediaKind.AUDIO, "ec-3", "ec-3", 90000, 0, 0,
                            fscod < 3 ? AC3_RATES[fscod] : sampleRate, ACMOD_CHANNELS[acmod] + lfe, language, config), "ec-3", 0, null);
                }
                default -> throw unsupported(fourcc, entry, trackId);
            }
        } catch (BitstreamException | IndexOutOfBoundsException x) {
            throw new MalformedMediaException("track " + trackId + ": the '" + fourcc + "' decoder configuration is unreadable: "
                    + x.getMessage(), entry.start());
        }
    }

    /** Sample entries met in the wild that this origin does not package, named for the fault message. */
    private static final Map<String, String> UNSUPPORTED = Map.ofEntries(Map.entry("mp4v", "MPEG-4 Part 2"),
            Map.entry("vp08", "VP8"), Map.entry("vp09", "VP9"), Map.entry("av01", "AV1"), Map.entry("dvh1", "Dolby Vision"),
            Map.entry("dvhe", "Dolby Vision"), Map.entry("apch", "ProRes"), Map.entry("apcn", "ProRes"), Map.entry("ap4h", "ProRes"),
            Map.entry("jpeg", "Motion JPEG"), Map.entry("Opus", "Opus"), Map.entry("fLaC", "FLAC"), Map.entry(".mp3", "MP3"),
            Map.entry("alac", "Apple Lossless"), Map.entry("sowt", "PCM"), Map.entry("twos", "PCM"), Map.entry("lpcm", "PCM"),
            Map.entry("ipcm", "PCM"));

    private static MalformedMediaException unsupported(String fourcc, Box entry, int trackId) {
        String why = fourcc.equals("encv") || fourcc.equals("enca")
                ? "is encrypted (sample entry '" + fourcc + "'): ingest takes clear media, the origin encrypts on output"
                : "is '" + fourcc + "'" + (UNSUPPORTED.containsKey(fourcc) ? " (" + UNSUPPORTED.get(fourcc) + ")" : "")
                        + ", which this origin does not package; supported: avc1, avc3, hvc1, hev1, mp4a, ac-3, ec-3";
        return new MalformedMediaException("track " + trackId + " " + why, entry.start());
    }

    private static Box find(List<Box> children, String type, Box entry, int trackId) throws MalformedMediaException {
        return children.stream().filter(c -> c.type().equals(type)).findFirst().orElseThrow(() -> new MalformedMediaException(
                "track " + trackId + ": sample entry '" + entry.type() + "' has no '" + type + "' box", entry.start()));
    }

    /**
     * The DecoderSpecificInfo (tag 5) of an esds (ISO/IEC 14496-1 §7.2.6): ES_Descriptor →
     * DecoderConfigDescriptor (MPEG-4 audio, objectTypeIndication 0x40) → DecoderSpecificInfo.
     */
    private static byte[] decoderSpecificInfo(byte[] b, Box esds, int trackId) throws MalformedMediaException {
        int p = esds.payload() + 4;
        int end = esds.end();
        while (p < end) {
            int tag = b[p++] & 0xFF;
            int size = 0;
            for (int i = 0; i < 4 && p < end; i++) {
                int c = b[p++] & 0xFF;
                size = size << 7 | c & 0x7F;
                if ((c & 0x80) == 0) {
                    break;
                }
            }
            switch (tag) {
                case 0x03 -> {
                    int flags = b[p + 2] & 0xFF;
                    p += 3 + ((flags & 0x80) != 0 ? 2 : 0);
                    if ((flags & 0x40) != 0) {
                        p += 1 + (b[p] & 0xFF);
                    }
                    p += (flags & 0x20) != 0 ? 2 : 0;
                }
                case 0x04 -> {
                    int objectType = b[p] & 0xFF;
                    if (objectType != 0x40) {
                        throw new MalformedMediaException("track " + trackId + ": 'mp4a' objectTypeIndication 0x"
                                + Integer.toHexString(objectType) + " is not MPEG-4 audio (0x40); only AAC is packaged from mp4a", esds.start());
                    }
                    p += 13;
                }
                case 0x05 -> {
                    if (p + size > end || size == 0) {
                        break;
                    }
                    return Arrays.copyOfRange(b, p, p + size);
                }
                default -> p += size;
            }
        }
        throw new MalformedMediaException("track " + trackId + ": 'esds' has no AudioSpecificConfig", esds.start());
    }

    /** Empty edits delay the track; the first media edit's media_time skips into it. */
    private static long shift(byte[] b, Box trak, long movieTimescale, int timescale) throws MalformedMediaException {
        Optional<Box> edts = BoxReader.child(b, trak, "edts");
        if (edts.isEmpty()) {
            return 0;
        }
        Optional<Box> elst = BoxReader.child(b, edts.get(), "elst");
        if (elst.isEmpty()) {
            return 0;
        }
        Box e = elst.get();
        need(e, 8);
        boolean v1 = u8(b, e.payload()) == 1;
        long count = u32(b, e.payload() + 4);
        int size = v1 ? 20 : 12;
        long empty = 0;
        for (int i = 0, p = e.payload() + 8; i < count && p + size <= e.end(); i++, p += size) {
            long duration = v1 ? u64(b, p) : u32(b, p);
            long mediaTime = v1 ? u64(b, p + 8) : s32(b, p + 4);
            if (mediaTime == -1) {
                empty += duration;
                continue;
            }
            long delay = movieTimescale > 0 ? empty * timescale / movieTimescale : 0;
            return delay - mediaTime;
        }
        return 0;
    }

    /** default_sample_duration, _size and _flags of the track's trex; zeros when it has none. */
    private static long[] trex(byte[] b, Box mvex, int trackId) throws MalformedMediaException {
        for (Box t : BoxReader.children(b, mvex)) {
            if (t.type().equals("trex") && t.end() - t.payload() >= 24 && s32(b, t.payload() + 4) == trackId) {
                return new long[] {u32(b, t.payload() + 12), u32(b, t.payload() + 16), u32(b, t.payload() + 20)};
            }
        }
        return new long[] {0, 0, 0};
    }

    /** mdhd's packed ISO 639-2/T code: three 5-bit letters offset by 0x60. */
    private static String language(int packed) {
        if (packed == 0 || packed == 0x7FFF) {
            return "und";
        }
        char[] c = {(char) ((packed >> 10 & 0x1F) + 0x60), (char) ((packed >> 5 & 0x1F) + 0x60), (char) ((packed & 0x1F) + 0x60)};
        for (char x : c) {
            if (x < 'a' || x > 'z') {
                return "und";
            }
        }
        return new String(c);
    }
}
