package dev.fount.origin.media.mp4;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.util.Date;
import java.util.List;

import org.mp4parser.Box;
import org.mp4parser.boxes.iso14496.part12.DataEntryUrlBox;
import org.mp4parser.boxes.iso14496.part12.DataInformationBox;
import org.mp4parser.boxes.iso14496.part12.DataReferenceBox;
import org.mp4parser.boxes.iso14496.part12.FileTypeBox;
import org.mp4parser.boxes.iso14496.part12.HandlerBox;
import org.mp4parser.boxes.iso14496.part12.MediaBox;
import org.mp4parser.boxes.iso14496.part12.MediaHeaderBox;
import org.mp4parser.boxes.iso14496.part12.MediaInformationBox;
import org.mp4parser.boxes.iso14496.part12.MovieBox;
import org.mp4parser.boxes.iso14496.part12.MovieExtendsBox;
import org.mp4parser.boxes.iso14496.part12.MovieHeaderBox;
import org.mp4parser.boxes.iso14496.part12.SampleDescriptionBox;
import org.mp4parser.boxes.iso14496.part12.SampleFlags;
import org.mp4parser.boxes.iso14496.part12.SampleSizeBox;
import org.mp4parser.boxes.iso14496.part12.SampleTableBox;
import org.mp4parser.boxes.iso14496.part12.SampleToChunkBox;
import org.mp4parser.boxes.iso14496.part12.SoundMediaHeaderBox;
import org.mp4parser.boxes.iso14496.part12.StaticChunkOffsetBox;
import org.mp4parser.boxes.iso14496.part12.TimeToSampleBox;
import org.mp4parser.boxes.iso14496.part12.TrackBox;
import org.mp4parser.boxes.iso14496.part12.TrackExtendsBox;
import org.mp4parser.boxes.iso14496.part12.TrackHeaderBox;
import org.mp4parser.boxes.iso14496.part12.VideoMediaHeaderBox;
import org.mp4parser.boxes.sampleentry.AudioSampleEntry;
import org.mp4parser.boxes.sampleentry.VisualSampleEntry;

import dev.fount.origin.media.MediaKind;
import dev.fount.origin.media.Sample;
import dev.fount.origin.media.TrackFormat;
import dev.fount.origin.media.TrackSamples;

/**
 * Writes one-track fragmented MP4: CMAF headers (ISO/IEC 23000-19 §7.3.1), CMAF/DASH media
 * segments (ISO/IEC 14496-12 §8.8, §8.16) and Smooth Streaming fragments ([MS-SSTR] §2.2.4).
 * Every method is static, pure and thread-safe; the output always uses track_ID 1.
 *
 * <p><b>Who writes what.</b> {@link #initSegment} is built from mp4parser's box classes (ftyp,
 * moov, mvhd, trak, tkhd, mdia, mdhd, hdlr, minf, vmhd, smhd, dinf, dref, url, stbl, stsd, the
 * avc1/hvc1/mp4a/ac-3/ec-3 sample entries, stts, stsc, stsz, stco, mvex, trex): an init segment
 * is made once per track and cached, so clarity beats speed there. The codec configuration boxes
 * (avcC, hvcC, esds, dac3, dec3) are hand-written {@link RawBox}es: Fount holds their payloads
 * byte-exact, and mp4parser's config classes would re-derive the bytes from parsed fields (its
 * esds model rebuilds the AudioSpecificConfig from decoded fields). Media segments and Smooth
 * fragments are on the hot path and are written by hand into one exactly-sized array.
 */
public final class Fmp4Writer {

    /** Sample flags (§8.8.3.1) of a sync sample: sample_depends_on = 2 (does not depend on others). */
    public static final int SYNC_SAMPLE_FLAGS = 0x02000000;
    /** Sample flags of a non-sync sample: sample_depends_on = 1, sample_is_non_sync_sample = 1. */
    public static final int NON_SYNC_SAMPLE_FLAGS = 0x01010000;

    /** [MS-SSTR] §2.2.4.4 TfxdBox extended type. */
    static final byte[] TFXD_UUID = uuid("6D1D9B0542D544E680E2141DAFF757B2");
    /** PIFF 1.1 §5.3.2.1 SampleEncryptionBox extended type. */
    static final byte[] PIFF_SENC_UUID = uuid("A2394F525A9B4F14A2446C427C648DF4");
    /** [MS-SSTR] §2.2.4.5 TfrfBox extended type. */
    static final byte[] TFRF_UUID = uuid("D4807EF2CA3946958E5426CB9E46A79F");

    /**
     * Brands of the CMAF header's ftyp. Major 'iso6' (the 14496-12 structural brand CMAF tracks
     * conform to, 23000-19 §7.2), compatible 'iso6', 'cmfc' (CMAF track brand, 23000-19 §7.2) and
     * 'dash' (ISO BMFF segment formats, 23009-1 §6.3.4). 'msdh' describes media segments
     * (23009-1 §6.3.4.2): it belongs in styp, not in a header that holds no samples.
     */
    static final List<String> FTYP_BRANDS = List.of("iso6", "cmfc", "dash");
    /**
     * Brands of the media segment's styp (14496-12 §8.16.2). Major and compatible 'msdh' (media
     * segment, 23009-1 §6.3.4.2) and 'cmfs' (CMAF segment brand, 23000-19). No 'msix'
     * (23009-1 §6.3.4.3): that brand promises a sidx, and these segments carry none.
     */
    static final String[] STYP_BRANDS = { "msdh", "msdh", "cmfs" };

    /** 1904-01-01, time 0 of ISO BMFF: fixed creation/modification times keep init segments byte-stable. */
    private static final Date EPOCH_1904 = new Date(-2_082_844_800_000L);

    private Fmp4Writer() {
    }

    // ---------------------------------------------------------------------------------------
    // Init segment
    // ---------------------------------------------------------------------------------------

    /** The CMAF header (ftyp + moov) of a one-track presentation (track_ID 1, no samples). */
    public static byte[] initSegment(TrackFormat f) {
        return initSegment(f, null);
    }

    /**
     * The CMAF header of a protected track (ISO/IEC 23001-7 §8, 14496-12 §8.12): the sample entry
     * becomes encv/enca with a sinf (frma = the original format, schm = the scheme, schi/tenc =
     * the defaults), and the moov carries the pssh boxes. {@code protection} null: in the clear.
     */
    public static byte[] initSegment(TrackFormat f, Cenc.TrackProtection protection) {
        boolean video = f.kind() == MediaKind.VIDEO;
        if (!video && f.kind() != MediaKind.AUDIO) {
            throw new IllegalArgumentException("neither video nor audio: " + f);
        }

        MovieHeaderBox mvhd = new MovieHeaderBox(); // §8.2.2
        mvhd.setCreationTime(EPOCH_1904);
        mvhd.setModificationTime(EPOCH_1904);
        mvhd.setTimescale(f.timescale());
        mvhd.setDuration(0);
        mvhd.setNextTrackId(2);

        TrackHeaderBox tkhd = new TrackHeaderBox(); // §8.3.2
        tkhd.setCreationTime(EPOCH_1904);
        tkhd.setModificationTime(EPOCH_1904);
        tkhd.setEnabled(true);
        tkhd.setInMovie(true);
        tkhd.setInPreview(true);
        tkhd.setTrackId(1);
        tkhd.setDuration(0);
        if (video) {
            tkhd.setWidth(f.width());
            tkhd.setHeight(f.height());
            tkhd.setVolume(0);
        } else {
            tkhd.setVolume(1.0f); // 0x0100
        }

        MediaHeaderBox mdhd = new MediaHeaderBox(); // §8.4.2
        mdhd.setCreationTime(EPOCH_1904);
        mdhd.setModificationTime(EPOCH_1904);
        mdhd.setTimescale(f.timescale());
        mdhd.setDuration(0);
        mdhd.setLanguage(language(f.language()));

        HandlerBox hdlr = new HandlerBox(); // §8.4.3
        hdlr.setHandlerType(video ? "vide" : "soun");
        hdlr.setName(video ? "Fount video" : "Fount audio");

        DataEntryUrlBox url = new DataEntryUrlBox(); // §8.7.2, flags 1: media in this file
        url.setFlags(1);
        DataReferenceBox dref = new DataReferenceBox();
        dref.addBox(url);
        DataInformationBox dinf = new DataInformationBox();
        dinf.addBox(dref);

        SampleDescriptionBox stsd = new SampleDescriptionBox(); // §8.5.2
        stsd.addBox(video ? visualEntry(f, protection) : audioEntry(f, protection));
        SampleTableBox stbl = new SampleTableBox(); // §8.5.1: empty tables, samples live in fragments
        stbl.addBox(stsd);
        stbl.addBox(new TimeToSampleBox());
        stbl.addBox(new SampleToChunkBox());
        stbl.addBox(new SampleSizeBox());
        stbl.addBox(new StaticChunkOffsetBox());

        MediaInformationBox minf = new MediaInformationBox();
        if (video) {
            VideoMediaHeaderBox vmhd = new VideoMediaHeaderBox(); // §12.1.2, flags 1
            vmhd.setFlags(1);
            minf.addBox(vmhd);
        } else {
            minf.addBox(new SoundMediaHeaderBox()); // §12.2.2
        }
        minf.addBox(dinf);
        minf.addBox(stbl);

        MediaBox mdia = new MediaBox();
        mdia.addBox(mdhd);
        mdia.addBox(hdlr);
        mdia.addBox(minf);
        TrackBox trak = new TrackBox();
        trak.addBox(tkhd);
        trak.addBox(mdia);

        TrackExtendsBox trex = new TrackExtendsBox(); // §8.8.3
        trex.setTrackId(1);
        trex.setDefaultSampleDescriptionIndex(1);
        trex.setDefaultSampleFlags(new SampleFlags()); // all zero: each fragment's tfhd/trun says
        MovieExtendsBox mvex = new MovieExtendsBox();
        mvex.addBox(trex);

        MovieBox moov = new MovieBox();
        moov.addBox(mvhd);
        moov.addBox(trak);
        moov.addBox(mvex);
        if (protection != null) {
            for (byte[] pssh : protection.pssh()) {
                moov.addBox(verbatim(pssh, "pssh"));
            }
        }

        return serialise(new FileTypeBox(FTYP_BRANDS.get(0), 0, FTYP_BRANDS), moov);
    }

    private static VisualSampleEntry visualEntry(TrackFormat f, Cenc.TrackProtection protection) {
        String configType = switch (f.fourcc()) {
            case "avc1" -> "avcC"; // 14496-15 §5.4.2
            case "hvc1" -> "hvcC"; // 14496-15 §8.4.1
            default -> throw new IllegalArgumentException("unsupported video sample entry: " + f.fourcc());
        };
        VisualSampleEntry e = new VisualSampleEntry(protection == null ? f.fourcc() : "encv"); // 14496-12 §12.1.3
        e.setDataReferenceIndex(1);
        e.setWidth(f.width());
        e.setHeight(f.height());
        e.setHorizresolution(72);
        e.setVertresolution(72);
        e.setFrameCount(1);
        e.setCompressorname("");
        e.setDepth(0x18);
        e.addBox(new RawBox(configType, f.decoderConfig()));
        if (protection != null) {
            e.addBox(new RawBox("sinf", sinf(f, protection)));
        }
        return e;
    }

    /**
     * The protection scheme information (14496-12 §8.12.1): frma (the original sample entry
     * type), schm (scheme, version 1.0) and schi holding the tenc (23001-7 §8.2): version 0 for
     * {@code cenc} (8-byte IVs per sample), version 1 for {@code cbcs} (the pattern — 1:9 for
     * video, none for audio — and the constant IV).
     */
    static byte[] sinf(TrackFormat f, Cenc.TrackProtection p) {
        boolean cbcs = p.scheme() == Cenc.Scheme.CBCS;
        int tencSize = 12 + 4 + 16 + (cbcs ? 1 + 16 : 0);
        ByteBuffer b = ByteBuffer.allocate(12 + 20 + 8 + tencSize);
        header(b, 12, "frma");
        fourcc(b, f.fourcc());
        fullHeader(b, 20, "schm", 0, 0);
        fourcc(b, p.scheme().fourcc());
        b.putInt(0x00010000);
        header(b, 8 + tencSize, "schi");
        fullHeader(b, tencSize, "tenc", cbcs ? 1 : 0, 0);
        b.put((byte) 0);
        b.put((byte) (cbcs ? pattern(f.kind()) : 0));
        b.put((byte) 1); // default_isProtected
        b.put((byte) p.perSampleIvSize());
        b.put(kid(p.defaultKid()));
        if (cbcs) {
            b.put((byte) 16);
            b.put(p.constantIv());
        }
        return b.array();
    }

    /** crypt_byte_block and skip_byte_block in one byte: 1:9 for video (23001-7 §10.4.2), none (whole blocks) otherwise. */
    private static int pattern(MediaKind kind) {
        return kind == MediaKind.VIDEO ? Cenc.CRYPT_BLOCKS << 4 | Cenc.SKIP_BLOCKS : 0;
    }

    /** A UUID as the 16 big-endian bytes ISO BMFF writes. */
    static byte[] kid(java.util.UUID id) {
        return ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array();
    }

    /** A whole box given as bytes (a key server's pssh), checked to be one box of {@code type}. */
    private static RawBox verbatim(byte[] box, String type) {
        if (box.length < 8 || ByteBuffer.wrap(box).getInt() != box.length
                || !new String(box, 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1).equals(type)) {
            throw new IllegalArgumentException("not one whole '" + type + "' box (" + box.length + " bytes)");
        }
        return new RawBox(type, java.util.Arrays.copyOfRange(box, 8, box.length));
    }

    private static AudioSampleEntry audioEntry(TrackFormat f, Cenc.TrackProtection protection) {
        Box config = switch (f.fourcc()) {
            case "mp4a" -> new RawBox("esds", esds(f.decoderConfig())); // 14496-14 §5.6
            case "ac-3" -> new RawBox("dac3", f.decoderConfig()); // ETSI TS 102 366 §F.4
            case "ec-3" -> new RawBox("dec3", f.decoderConfig()); // ETSI TS 102 366 §F.6
            default -> throw new IllegalArgumentException("unsupported audio sample entry: " + f.fourcc());
        };
        AudioSampleEntry e = new AudioSampleEntry(protection == null ? f.fourcc() : "enca"); // 14496-12 §12.2.3
        e.setDataReferenceIndex(1);
        // AC-3/E-AC-3 (TS 102 366 §F.3) ignore channelcount and set it to 2; dac3/dec3 carry the layout.
        e.setChannelCount(f.fourcc().equals("mp4a") ? Math.max(1, f.channels()) : 2);
        e.setSampleSize(16);
        // samplerate is 16.16 fixed point; a rate that does not fit 16 bits is written as 0 (as
        // ffmpeg's muxer does) and decoders take the real rate from the configuration. The formal
        // alternative, AudioSampleEntryV1 + 'srat' (14496-12 §12.2.3), is not worth the risk.
        e.setSampleRate(f.sampleRate() > 0xFFFF ? 0 : f.sampleRate());
        e.addBox(config);
        if (protection != null) {
            e.addBox(new RawBox("sinf", sinf(f, protection)));
        }
        return e;
    }

    /**
     * The esds payload (14496-14 §5.6.1, descriptors 14496-1 §7.2.6): ES_Descriptor →
     * DecoderConfigDescriptor (objectTypeIndication 0x40 = MPEG-4 Audio, streamType 5 = audio)
     * → DecoderSpecificInfo = the AudioSpecificConfig verbatim; SLConfigDescriptor predefined 2.
     */
    static byte[] esds(byte[] audioSpecificConfig) {
        byte[] dsi = descriptor(0x05, audioSpecificConfig);
        ByteBuffer dcd = ByteBuffer.allocate(13 + dsi.length);
        dcd.put((byte) 0x40); // objectTypeIndication
        dcd.put((byte) (5 << 2 | 1)); // streamType 5, upStream 0, reserved 1
        dcd.put(new byte[3]); // bufferSizeDB: unknown
        dcd.putInt(0); // maxBitrate: unknown
        dcd.putInt(0); // avgBitrate: 0 = variable / unknown
        dcd.put(dsi);
        byte[] dcdDescriptor = descriptor(0x04, dcd.array());
        byte[] sl = descriptor(0x06, new byte[] { 0x02 });
        ByteBuffer es = ByteBuffer.allocate(3 + dcdDescriptor.length + sl.length);
        es.putShort((short) 0); // ES_ID: 0 when stored in a file; the track_ID identifies the stream
        es.put((byte) 0); // no streamDependence, URL or OCR stream; priority 0
        es.put(dcdDescriptor).put(sl);
        byte[] esDescriptor = descriptor(0x03, es.array());
        return ByteBuffer.allocate(4 + esDescriptor.length).putInt(0) // FullBox version 0, flags 0
                .put(esDescriptor).array();
    }

    /** A descriptor: tag, expandable size (14496-1 §8.3.3, 7 bits a byte), body. */
    private static byte[] descriptor(int tag, byte[] body) {
        int n = body.length;
        int sizeBytes = n < 1 << 7 ? 1 : n < 1 << 14 ? 2 : n < 1 << 21 ? 3 : 4;
        byte[] d = new byte[1 + sizeBytes + n];
        d[0] = (byte) tag;
        for (int i = 0; i < sizeBytes; i++) {
            int shift = 7 * (sizeBytes - 1 - i);
            d[1 + i] = (byte) ((n >>> shift) & 0x7F | (i < sizeBytes - 1 ? 0x80 : 0));
        }
        System.arraycopy(body, 0, d, 1 + sizeBytes, n);
        return d;
    }

    /** ISO 639-2/T code for mdhd (three lower-case letters, §8.4.2.3), else "und". */
    static String language(String code) {
        return code != null && code.matches("[a-z]{3}") ? code : "und";
    }

    private static byte[] serialise(Box... boxes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (var channel = Channels.newChannel(out)) {
            for (Box b : boxes) {
                b.getBox(channel);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a memory channel does not fail
        }
        return out.toByteArray();
    }

    // ---------------------------------------------------------------------------------------
    // Media segment and Smooth fragment (hot path, by hand)
    // ---------------------------------------------------------------------------------------

    /**
     * A CMAF segment of one fragment: styp, moof (mfhd, traf: tfhd, tfdt v1, trun), mdat.
     * {@code tfdt} is the first sample's decode time (14496-12 §8.8.12).
     */
    public static byte[] mediaSegment(long sequenceNumber, TrackSamples t) {
        return mediaSegment(sequenceNumber, t, null);
    }

    /**
     * A CMAF segment of one encrypted fragment (23001-7 §7): as {@link #mediaSegment(long, TrackSamples)}
     * with the encrypted samples, and in the traf the sample auxiliary information (saiz, saio,
     * senc); under key rotation also a 'seig' sample group naming the fragment's key id (§6) and
     * the key's pssh boxes in the moof.
     */
    public static byte[] mediaSegment(long sequenceNumber, Cenc.Fragment fragment) {
        return mediaSegment(sequenceNumber, fragment.samples(), fragment);
    }

    private static byte[] mediaSegment(long sequenceNumber, TrackSamples t, Cenc.Fragment protection) {
        Run run = new Run(t);
        Protected p = protection == null ? null : new Protected(protection);
        int stypSize = 8 + 4 * STYP_BRANDS.length + 4; // header, major, minor, compatibles
        int trafSize = 8 + run.tfhdSize() + 20 + run.trunSize() + (p == null ? 0 : p.trafBytes());
        int psshSize = p == null ? 0 : p.psshBytes();
        int moofSize = 8 + 16 + psshSize + trafSize;
        ByteBuffer b = ByteBuffer.wrap(new byte[stypSize + moofSize + 8 + run.payload]);

        header(b, stypSize, "styp"); // §8.16.2
        fourcc(b, STYP_BRANDS[0]);
        b.putInt(0); // minor_version
        for (int i = 1; i < STYP_BRANDS.length; i++) {
            fourcc(b, STYP_BRANDS[i]);
        }
        header(b, moofSize, "moof");
        mfhd(b, sequenceNumber);
        if (p != null) {
            p.pssh(b);
        }
        header(b, trafSize, "traf");
        run.tfhd(b);
        fullHeader(b, 20, "tfdt", 1, 0); // §8.8.12, version 1: 64-bit time
        b.putLong(t.baseDecodeTime());
        run.trun(b, moofSize + 8);
        if (p != null) {
            p.traf(b, b.position() - stypSize);
        }
        run.mdat(b);
        return b.array();
    }

    /**
     * A Smooth Streaming fragment ([MS-SSTR] §2.2.4): moof (mfhd, traf: tfhd, trun, tfxd, tfrf)
     * then mdat; no styp.
     *
     * <p>Times are in the track's timescale (Smooth's default is 10 MHz; the caller converts).
     * The tfxd FragmentAbsoluteTime is {@link #smoothFragmentTime} — the manifest's {@code t}
     * must use the same value — and FragmentDuration the sum of sample durations.
     *
     * <p><b>No tfdt.</b> tfdt is not part of the §2.2.4 fragment syntax, and legacy Smooth
     * clients predate it. dash.js's MSS support (MssFragmentMoofProcessor) synthesises a tfdt
     * from the manifest time only when there is none, and then matches tfrf entries against the
     * timeline by {@code segment.t === tfdt.baseMediaDecodeTime}: a tfdt carrying the decode
     * time would break that match whenever the first sample has a composition offset. ffmpeg's
     * ismv muxer likewise writes tfxd without tfdt.
     *
     * @param lookahead the next fragments' {time, duration} for tfrf (§2.2.4.5), at most 255;
     *                  empty writes a tfrf with FragmentCount 0 (as live encoders do at the edge)
     */
    public static byte[] smoothFragment(long sequenceNumber, TrackSamples t, List<long[]> lookahead) {
        return smoothFragment(sequenceNumber, t, lookahead, null);
    }

    /**
     * An encrypted Smooth Streaming fragment (PIFF 1.1 §5.3.2.1, [MS-SSTR] §2.2.4): as
     * {@link #smoothFragment(long, TrackSamples, List)} with the encrypted samples, and the
     * PIFF SampleEncryptionBox (uuid A2394F52-…, the senc layout: per sample its IV and subsamples)
     * last in the traf. Clients take the key id from the manifest's ProtectionHeader.
     */
    public static byte[] smoothFragment(long sequenceNumber, Cenc.Fragment fragment, List<long[]> lookahead) {
        return smoothFragment(sequenceNumber, fragment.samples(), lookahead, fragment);
    }

    private static byte[] smoothFragment(long sequenceNumber, TrackSamples t, List<long[]> lookahead, Cenc.Fragment protection) {
        if (lookahead.size() > 255) {
            throw new IllegalArgumentException("tfrf holds at most 255 entries: " + lookahead.size());
        }
        Run run = new Run(t);
        int tfxdSize = 8 + 16 + 4 + 16;
        int tfrfSize = 8 + 16 + 4 + 1 + 16 * lookahead.size();
        byte[] piff = protection == null ? new byte[0] : piffSampleEncryption(protection);
        int trafSize = 8 + run.tfhdSize() + run.trunSize() + tfxdSize + tfrfSize + piff.length;
        int moofSize = 8 + 16 + trafSize;
        ByteBuffer b = ByteBuffer.wrap(new byte[moofSize + 8 + run.payload]);

        header(b, moofSize, "moof");
        mfhd(b, sequenceNumber);
        header(b, trafSize, "traf");
        run.tfhd(b);
        run.trun(b, moofSize + 8);
        header(b, tfxdSize, "uuid"); // §2.2.4.4 TfxdBox
        b.put(TFXD_UUID);
        b.putInt(1 << 24); // version 1: 64-bit fields, flags 0
        b.putLong(smoothFragmentTime(t));
        b.putLong(t.duration());
        header(b, tfrfSize, "uuid"); // §2.2.4.5 TfrfBox
        b.put(TFRF_UUID);
        b.putInt(1 << 24);
        b.put((byte) lookahead.size());
        for (long[] next : lookahead) {
            b.putLong(next[0]);
            b.putLong(next[1]);
        }
        b.put(piff);
        run.mdat(b);
        return b.array();
    }

    /** PIFF's SampleEncryptionBox: a uuid box with senc's body (flags 0x2 when there are subsamples, no track override). */
    static byte[] piffSampleEncryption(Cenc.Fragment f) {
        boolean subsamples = f.subsamples();
        int entries = f.info().stream().mapToInt(i -> i.size(subsamples)).sum();
        ByteBuffer b = ByteBuffer.allocate(8 + 16 + 4 + 4 + entries);
        header(b, b.capacity(), "uuid");
        b.put(PIFF_SENC_UUID);
        b.putInt(subsamples ? 0x2 : 0);
        sampleEncryptionBody(b, f, subsamples);
        return b.array();
    }

    /** The body senc and PIFF's box share (23001-7 §7.2): sample_count, then per sample its IV and, with flag 0x2, its subsamples. */
    private static void sampleEncryptionBody(ByteBuffer b, Cenc.Fragment f, boolean subsamples) {
        b.putInt(f.info().size());
        for (Cenc.SampleInfo i : f.info()) {
            b.put(i.iv());
            if (subsamples) {
                b.putShort((short) i.subsamples().size());
                for (Cenc.Subsample s : i.subsamples()) {
                    b.putShort((short) s.clear());
                    b.putInt(s.encrypted());
                }
            }
        }
    }

    /**
     * The Smooth fragment time (tfxd FragmentAbsoluteTime and the manifest's {@code c@t}): the
     * earliest presentation time of the samples. [MS-SSTR] times fragments on the presentation
     * timeline, and ffmpeg's ismv muxer writes the first sample's decode time plus its
     * composition offset; for a fragment starting with an IDR picture the two agree, and the
     * minimum also stays right with leading pictures.
     */
    public static long smoothFragmentTime(TrackSamples t) {
        return t.earliestPresentationTime();
    }

    private static void mfhd(ByteBuffer b, long sequenceNumber) {
        if (sequenceNumber < 0 || sequenceNumber > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("sequence_number is unsigned 32-bit: " + sequenceNumber);
        }
        fullHeader(b, 16, "mfhd", 0, 0); // §8.8.5
        b.putInt((int) sequenceNumber);
    }

    /**
     * One traf's tfhd + trun and the mdat, sized up front. Defaults go into tfhd where every
     * sample agrees (§8.8.7): the duration when constant (audio, CFR video); the flags when all
     * equal (audio), or all but the first (a GOP: first_sample_flags in trun, §8.8.8).
     */
    private static final class Run {
        private static final int TFHD_DEFAULT_BASE_IS_MOOF = 0x020000;
        private static final int TFHD_DEFAULT_DURATION = 0x000008;
        private static final int TFHD_DEFAULT_FLAGS = 0x000020;
        private static final int TRUN_DATA_OFFSET = 0x000001;
        private static final int TRUN_FIRST_FLAGS = 0x000004;
        private static final int TRUN_DURATION = 0x000100;
        private static final int TRUN_SIZE = 0x000200;
        private static final int TRUN_FLAGS = 0x000400;
        private static final int TRUN_CTO = 0x000800;

        final TrackSamples t;
        final List<Sample> samples;
        final int payload;
        final int tfhdFlags;
        final int trunFlags;
        final int defaultDuration;
        final int defaultFlags;
        final int firstFlags;

        Run(TrackSamples t) {
            this.t = t;
            this.samples = t.samples();
            int n = samples.size();
            if (n == 0) {
                throw new IllegalArgumentException("a fragment needs at least one sample");
            }
            long bytes = 0;
            boolean sameDuration = true;
            boolean anyCto = false;
            boolean restSameFlags = true; // samples 1..n-1 share their flags
            Sample first = samples.get(0);
            for (int i = 0; i < n; i++) {
                Sample s = samples.get(i);
                if (s.compositionOffset() < 0) {
                    throw new IllegalArgumentException("negative composition offset at sample " + i);
                }
                bytes += s.size();
                sameDuration &= s.duration() == first.duration();
                anyCto |= s.compositionOffset() != 0;
                restSameFlags &= i < 2 || s.sync() == samples.get(1).sync();
            }
            if (bytes > Integer.MAX_VALUE - 4096) {
                throw new IllegalArgumentException("fragment payload too large: " + bytes);
            }
            payload = (int) bytes;
            firstFlags = flags(first);
            int restFlags = n > 1 ? flags(samples.get(1)) : firstFlags;
            int tf = TFHD_DEFAULT_BASE_IS_MOOF;
            int rf = TRUN_DATA_OFFSET | TRUN_SIZE;
            if (sameDuration) {
                tf |= TFHD_DEFAULT_DURATION;
            } else {
                rf |= TRUN_DURATION;
            }
            if (restSameFlags) {
                tf |= TFHD_DEFAULT_FLAGS;
                if (restFlags != firstFlags) {
                    rf |= TRUN_FIRST_FLAGS;
                }
            } else {
                rf |= TRUN_FLAGS;
            }
            if (anyCto) {
                rf |= TRUN_CTO;
            }
            tfhdFlags = tf;
            trunFlags = rf;
            defaultDuration = first.duration();
            defaultFlags = restFlags;
        }

        static int flags(Sample s) {
            return s.sync() ? SYNC_SAMPLE_FLAGS : NON_SYNC_SAMPLE_FLAGS;
        }

        int tfhdSize() {
            return 16 + ((tfhdFlags & TFHD_DEFAULT_DURATION) != 0 ? 4 : 0) + ((tfhdFlags & TFHD_DEFAULT_FLAGS) != 0 ? 4 : 0);
        }

        int perSampleBytes() {
            return 4 * Integer.bitCount(trunFlags & (TRUN_DURATION | TRUN_SIZE | TRUN_FLAGS | TRUN_CTO));
        }

        int trunSize() {
            return 12 + 4 + 4 + ((trunFlags & TRUN_FIRST_FLAGS) != 0 ? 4 : 0) + samples.size() * perSampleBytes();
        }

        /** §8.8.7 tfhd: track 1, default-base-is-moof, optional defaults. */
        void tfhd(ByteBuffer b) {
            fullHeader(b, tfhdSize(), "tfhd", 0, tfhdFlags);
            b.putInt(1);
            if ((tfhdFlags & TFHD_DEFAULT_DURATION) != 0) {
                b.putInt(defaultDuration);
            }
            if ((tfhdFlags & TFHD_DEFAULT_FLAGS) != 0) {
                b.putInt(defaultFlags);
            }
        }

        /**
         * §8.8.8 trun, version 0 (composition offsets are unsigned, never negative here).
         * dataOffset is from the moof's first byte to the first payload byte.
         */
        void trun(ByteBuffer b, int dataOffset) {
            fullHeader(b, trunSize(), "trun", 0, trunFlags);
            b.putInt(samples.size());
            b.putInt(dataOffset);
            if ((trunFlags & TRUN_FIRST_FLAGS) != 0) {
                b.putInt(firstFlags);
            }
            for (Sample s : samples) {
                if ((trunFlags & TRUN_DURATION) != 0) {
                    b.putInt(s.duration());
                }
                b.putInt(s.size());
                if ((trunFlags & TRUN_FLAGS) != 0) {
                    b.putInt(flags(s));
                }
                if ((trunFlags & TRUN_CTO) != 0) {
                    b.putInt(s.compositionOffset());
                }
            }
        }

        /** §8.1.1 mdat: the payloads in sample order. */
        void mdat(ByteBuffer b) {
            header(b, 8 + payload, "mdat");
            byte[] data = t.data();
            for (Sample s : samples) {
                b.put(data, s.offset(), s.size());
            }
        }
    }

    /**
     * The boxes an encrypted fragment adds (23001-7 §7): in the moof its pssh boxes; in the traf
     * a 'seig' sample group when the key is not the tenc default or the key rotates (fragments
     * carry pssh then): a player may hold the init of another key period (sbgp + sgpd, §6), then saiz,
     * saio and senc. saio points at the first sample's entry inside senc, counted from the
     * moof's first byte (default-base-is-moof, 14496-12 §8.7.9).
     */
    private static final class Protected {
        final Cenc.Fragment f;
        final boolean subsamples;
        final boolean rotated;
        final int defaultInfoSize;
        final int sencSize;

        Protected(Cenc.Fragment f) {
            this.f = f;
            this.subsamples = f.subsamples();
            this.rotated = !f.kid().equals(f.track().defaultKid()) || !f.pssh().isEmpty();
            int[] sizes = f.info().stream().mapToInt(i -> i.size(subsamples)).toArray();
            this.defaultInfoSize = java.util.Arrays.stream(sizes).distinct().count() == 1 ? sizes[0] : 0;
            if (java.util.Arrays.stream(sizes).anyMatch(s -> s > 255)) {
                throw new IllegalArgumentException("a sample has more subsamples than saiz can size (" + (255 - 8) / 6 + ")");
            }
            this.sencSize = 16 + java.util.Arrays.stream(sizes).sum();
            this.aux = sencSize > 16;
        }

        /**
         * Whether there is auxiliary information at all: a cbcs track without subsamples (audio)
         * has none, its samples use the tenc's constant IV whole (§9.7), and saiz/saio/senc are left out.
         */
        final boolean aux;

        int psshBytes() {
            return f.pssh().stream().mapToInt(x -> x.length).sum();
        }

        int seigEntrySize() {
            return 4 + 16 + (f.track().perSampleIvSize() == 0 ? 1 + 16 : 0);
        }

        int trafBytes() {
            int saiz = 17 + (defaultInfoSize == 0 ? f.info().size() : 0);
            return (rotated ? 28 + 24 + seigEntrySize() : 0) + (aux ? saiz + 20 + sencSize : 0);
        }

        void pssh(ByteBuffer b) {
            for (byte[] box : f.pssh()) {
                verbatim(box, "pssh");
                b.put(box);
            }
        }

        /** @param moofOffset where the next byte goes, counted from the moof's first byte */
        void traf(ByteBuffer b, int moofOffset) {
            int start = b.position();
            if (rotated) {
                fullHeader(b, 28, "sbgp", 0, 0); // 14496-12 §8.9.2
                fourcc(b, "seig");
                b.putInt(1);
                b.putInt(f.samples().samples().size());
                b.putInt(0x10001); // the first description of this fragment's sgpd
                int entry = seigEntrySize();
                fullHeader(b, 24 + entry, "sgpd", 1, 0); // §8.9.3, version 1: default_length
                fourcc(b, "seig");
                b.putInt(entry);
                b.putInt(1);
                b.put((byte) 0);
                b.put((byte) (f.track().scheme() == Cenc.Scheme.CBCS ? pattern(f.samples().format().kind()) : 0));
                b.put((byte) 1);
                b.put((byte) f.track().perSampleIvSize());
                b.put(kid(f.kid()));
                if (f.track().perSampleIvSize() == 0) {
                    b.put((byte) 16);
                    b.put(f.track().constantIv());
                }
            }
            if (!aux) {
                return;
            }
            int saiz = 17 + (defaultInfoSize == 0 ? f.info().size() : 0);
            fullHeader(b, saiz, "saiz", 0, 0); // §8.7.8
            b.put((byte) defaultInfoSize);
            b.putInt(f.info().size());
            if (defaultInfoSize == 0) {
                for (Cenc.SampleInfo i : f.info()) {
                    b.put((byte) i.size(subsamples));
                }
            }
            int sencData = moofOffset + (b.position() - start) + 20 + 16;
            fullHeader(b, 20, "saio", 0, 0); // §8.7.9
            b.putInt(1);
            b.putInt(sencData);
            fullHeader(b, sencSize, "senc", 0, subsamples ? 0x2 : 0); // 23001-7 §7.2
            sampleEncryptionBody(b, f, subsamples);
        }
    }

    private static void header(ByteBuffer b, int size, String type) {
        b.putInt(size);
        fourcc(b, type);
    }

    private static void fullHeader(ByteBuffer b, int size, String type, int version, int flags) {
        header(b, size, type);
        b.putInt(version << 24 | flags & 0xFFFFFF);
    }

    private static void fourcc(ByteBuffer b, String type) {
        for (int i = 0; i < 4; i++) {
            b.put((byte) type.charAt(i));
        }
    }

    private static byte[] uuid(String hex) {
        byte[] u = new byte[16];
        for (int i = 0; i < 16; i++) {
            u[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return u;
    }
}
