package dev.fount.origin.media.mp4;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.fount.origin.media.TrackSamples;

/**
 * Common Encryption checked by a real decryptor: ffmpeg's MP4 demuxer decrypts what
 * {@link Cenc} and {@link Fmp4Writer} wrote ({@code -decryption_key}) and must decode exactly
 * the frames of the clear track; with a wrong key it must not. Subsample maps are checked on
 * hand-made NAL units.
 */
class CencTest {

    static final byte[] KEY = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");
    static final byte[] WRONG = HexFormat.of().parseHex("ffeeddccbbaa99887766554433221100");
    static final byte[] CONSTANT_IV = HexFormat.of().parseHex("0123456789abcdef0123456789abcdef");
    static final UUID KID = UUID.fromString("10000000-1000-1000-1000-100000000001");
    static final UUID ROTATED = UUID.fromString("20000000-2000-2000-2000-200000000002");
    /** A W3C common pssh (v1, one KID), as a ClearKey player needs. */
    static final byte[] PSSH = HexFormat.of().parseHex("00000034" + "70737368" + "01000000" + "1077efecc0b24d02ace33c1e52e2fb4b"
            + "00000001" + "10000000100010001000100000000001" + "00000000");

    @TempDir
    static Path dir;
    static Path avcAac;
    static Path hevc;

    @BeforeAll
    static void encode() throws Exception {
        assumeTrue(Commands.runs("ffmpeg", "-version"), "ffmpeg not installed");
        avcAac = dir.resolve("avc-aac.mp4");
        Commands.ffmpeg(dir, "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25", "-f", "lavfi", "-i",
                "sine=frequency=440:sample_rate=48000", "-t", "2", "-c:v", "libx264", "-bf", "2", "-g", "25",
                "-sc_threshold", "0", "-c:a", "aac", avcAac.toString());
        hevc = dir.resolve("hevc.mp4");
        Commands.ffmpeg(dir, "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25", "-t", "2", "-c:v", "libx265", "-tag:v", "hvc1",
                "-x265-params", "keyint=25:min-keyint=25:scenecut=0:bframes=2:log-level=error", hevc.toString());
    }

    /**
     * Each fragment is checked in a file of its own (init + that fragment): ffmpeg 5.1 (Debian 12)
     * looks up a sample's encryption info in the last fragment it parsed, so it only decrypts a
     * file of several fragments right when they are read one by one (BUILD-NOTES 17).
     */
    @ParameterizedTest
    @CsvSource({ "CENC,vide,avc", "CBCS,vide,avc", "CENC,soun,avc", "CBCS,soun,avc", "CENC,vide,hevc", "CBCS,vide,hevc" })
    void ffmpegDecryptsWhatWeEncrypt(Cenc.Scheme scheme, String handler, String source) throws Exception {
        TrackSamples src = Mp4Source.read(source.equals("avc") ? avcAac : hevc, handler);
        String name = scheme + "-" + handler + "-" + source;
        List<Path> clear = write(src, null, name + "-clear");
        List<Path> encrypted = write(src, scheme, name);
        int frames = 0;
        for (int i = 0; i < clear.size(); i++) {
            String expected = frames(clear.get(i), null);
            frames += (int) expected.lines().filter(l -> !l.startsWith("#")).count();
            assertEquals(expected, frames(encrypted.get(i), KEY), "fragment " + i + ": decrypted frames differ from the clear track's");
            String wrong;
            try {
                wrong = frames(encrypted.get(i), WRONG);
            } catch (AssertionError decoderGaveUp) {
                wrong = "failed";
            }
            assertNotEquals(expected, wrong, "fragment " + i + ": a wrong key must not decode the same frames");
        }
        assertTrue(frames >= src.samples().size() - 2, "decoded " + frames + " of " + src.samples().size() + " frames");
    }

    /**
     * Smooth Streaming: the fragment carries PIFF's SampleEncryptionBox last in its traf, with
     * exactly the body of the senc that the CMAF fragment of the same encrypted samples carries
     * (which ffmpeg decrypts, above; ffmpeg 5.1 does not read PIFF's box, Smooth clients turn it
     * into a senc as dash.js's MSS support does), and the same encrypted mdat.
     */
    @Test
    void smoothFragmentCarriesPiffSampleEncryption() throws Exception {
        TrackSamples src = Mp4Source.read(avcAac, "vide");
        Cenc.TrackProtection track = new Cenc.TrackProtection(Cenc.Scheme.CENC, KID, null, List.of());
        Cenc.Fragment fragment = Cenc.encrypt(split(src).get(0), track, KID, KEY, new byte[8], List.of());
        byte[] smooth = Fmp4Writer.smoothFragment(1, fragment, List.of());
        byte[] cmaf = Fmp4Writer.mediaSegment(1, fragment);
        Boxes.Box traf = Boxes.path(smooth, "moof", "traf");
        List<Boxes.Box> children = Boxes.children(smooth, traf.payload(), traf.end());
        Boxes.Box piff = children.get(children.size() - 1);
        assertEquals("uuid", piff.type());
        assertArrayEquals(Fmp4Writer.PIFF_SENC_UUID, java.util.Arrays.copyOfRange(smooth, piff.payload(), piff.payload() + 16));
        Boxes.Box senc = Boxes.path(cmaf, "moof", "traf", "senc");
        assertArrayEquals(senc.payloadBytes(cmaf), java.util.Arrays.copyOfRange(smooth, piff.payload() + 16, piff.end()));
        assertArrayEquals(Boxes.path(cmaf, "mdat").payloadBytes(cmaf), Boxes.path(smooth, "mdat").payloadBytes(smooth));
        // And the trun still points at the first payload byte.
        Boxes.Box moof = Boxes.path(smooth, "moof");
        Boxes.Box trun = Boxes.path(smooth, "moof", "traf", "trun");
        assertEquals(Boxes.path(smooth, "mdat").payload() - moof.start(), ByteBuffer.wrap(smooth, trun.payload() + 8, 4).getInt());
    }

    @Test
    void initSegmentCarriesSinfAndPssh() throws Exception {
        TrackSamples src = Mp4Source.read(avcAac, "vide");
        byte[] init = Fmp4Writer.initSegment(src.format(), new Cenc.TrackProtection(Cenc.Scheme.CBCS, KID, CONSTANT_IV, List.of(PSSH)));
        Boxes.Box entry = Boxes.path(init, "moov", "trak", "mdia", "minf", "stbl", "stsd");
        Boxes.Box encv = Boxes.children(init, entry.payload() + 8, entry.end()).get(0);
        assertEquals("encv", encv.type());
        Boxes.Box sinf = Boxes.child(init, encv.payload() + 78, encv.end(), "sinf");
        Boxes.Box frma = Boxes.child(init, sinf.payload(), sinf.end(), "frma");
        assertEquals("avc1", new String(frma.payloadBytes(init), java.nio.charset.StandardCharsets.ISO_8859_1));
        Boxes.Box schm = Boxes.child(init, sinf.payload(), sinf.end(), "schm");
        assertEquals("cbcs", new String(init, schm.payload() + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1));
        Boxes.Box schi = Boxes.child(init, sinf.payload(), sinf.end(), "schi");
        ByteBuffer tenc = ByteBuffer.wrap(Boxes.child(init, schi.payload(), schi.end(), "tenc").payloadBytes(init));
        assertEquals(1, tenc.get(0)); // version 1: pattern
        assertEquals(0x19, tenc.get(5)); // crypt 1, skip 9
        assertEquals(1, tenc.get(6)); // protected
        assertEquals(0, tenc.get(7)); // constant IV
        assertEquals(KID, new UUID(tenc.getLong(8), tenc.getLong(16)));
        assertEquals(16, tenc.get(24));
        byte[] iv = new byte[16];
        tenc.get(25, iv);
        assertArrayEquals(CONSTANT_IV, iv);
        assertArrayEquals(PSSH, Arrays2.slice(init, Boxes.path(init, "moov", "pssh")));
    }

    @Test
    void rotatedFragmentNamesItsKeyInASampleGroupAndCarriesPssh() throws Exception {
        TrackSamples src = Mp4Source.read(avcAac, "vide");
        Cenc.TrackProtection track = new Cenc.TrackProtection(Cenc.Scheme.CENC, KID, null, List.of());
        byte[] same = Fmp4Writer.mediaSegment(1, Cenc.encrypt(src, track, KID, KEY, new byte[8], List.of()));
        assertTrue(Boxes.children(same, 0, same.length).stream().noneMatch(b -> b.type().equals("pssh")));
        byte[] rotated = Fmp4Writer.mediaSegment(1, Cenc.encrypt(src, track, ROTATED, KEY, new byte[8], List.of(PSSH)));
        Boxes.Box moof = Boxes.path(rotated, "moof");
        assertArrayEquals(PSSH, Arrays2.slice(rotated, Boxes.child(rotated, moof.payload(), moof.end(), "pssh")));
        Boxes.Box sgpd = Boxes.path(rotated, "moof", "traf", "sgpd");
        ByteBuffer b = ByteBuffer.wrap(sgpd.payloadBytes(rotated));
        assertEquals("seig", new String(sgpd.payloadBytes(rotated), 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1));
        assertEquals(ROTATED, new UUID(b.getLong(20), b.getLong(28)));
        Boxes.Box sbgp = Boxes.path(rotated, "moof", "traf", "sbgp");
        assertEquals(0x10001, ByteBuffer.wrap(sbgp.payloadBytes(rotated)).getInt(16));
        // saio points at the first sample's IV in senc, counted from the moof.
        Boxes.Box saio = Boxes.path(rotated, "moof", "traf", "saio");
        Boxes.Box senc = Boxes.path(rotated, "moof", "traf", "senc");
        assertEquals(senc.payload() + 8 - moof.start(), ByteBuffer.wrap(saio.payloadBytes(rotated)).getInt(8));
    }

    @Test
    void cbcsAudioHasNoAuxiliaryInformation() throws Exception {
        TrackSamples src = Mp4Source.read(avcAac, "soun");
        Cenc.TrackProtection track = new Cenc.TrackProtection(Cenc.Scheme.CBCS, KID, CONSTANT_IV, List.of());
        byte[] seg = Fmp4Writer.mediaSegment(1, Cenc.encrypt(src, track, KID, KEY, null, List.of()));
        Boxes.Box traf = Boxes.path(seg, "moof", "traf");
        assertEquals(List.of("tfhd", "tfdt", "trun"), Boxes.children(seg, traf.payload(), traf.end()).stream().map(Boxes.Box::type).toList());
    }

    @Test
    void subsampleMaps() {
        // SPS (non-VCL, 20 bytes) then an IDR slice of 100 bytes: the SPS, both length fields, 32
        // bytes of slice and the 4-byte remainder are clear; 64 bytes protected, ending with the NAL.
        byte[] sample = concat(nal(0x67, 20), nal(0x65, 100));
        assertEquals(List.of(new Cenc.Subsample(4 + 20 + 4 + 36, 64)), Cenc.subsamples(sample, 0, sample.length, 4, false));
        // A slice of 40 bytes has no whole block after its 32 clear ones: all clear.
        byte[] small = nal(0x41, 40);
        assertEquals(List.of(new Cenc.Subsample(44, 0)), Cenc.subsamples(small, 0, small.length, 4, false));
        // Two slices, then SEI at the end: the trailing SEI is its own clear subsample.
        byte[] two = concat(nal(0x41, 64), nal(0x41, 48), nal(0x06, 10));
        assertEquals(List.of(new Cenc.Subsample(36, 32), new Cenc.Subsample(36, 16), new Cenc.Subsample(14, 0)),
                Cenc.subsamples(two, 0, two.length, 4, false));
        // HEVC: type from bits 1-6 (0x26 = IDR_W_RADL, 19), VPS (0x40 = 32) is not VCL.
        byte[] hevc = concat(nal(0x40, 24), nal(0x26, 80));
        assertEquals(List.of(new Cenc.Subsample(28 + 4 + 32, 48)), Cenc.subsamples(hevc, 0, hevc.length, 4, true));
        // A clear run longer than 16 bits is split.
        byte[] big = concat(nal(0x06, 70_000), nal(0x65, 64));
        assertEquals(List.of(new Cenc.Subsample(65_535, 0), new Cenc.Subsample(70_004 + 4 + 32 - 65_535, 32)),
                Cenc.subsamples(big, 0, big.length, 4, false));
        byte[] broken = nal(0x65, 64);
        assertThrows(IllegalArgumentException.class, () -> Cenc.subsamples(broken, 0, broken.length - 1, 4, false));
    }

    @Test
    void cencIvsAreTheBasePlusTheSampleIndex() throws Exception {
        TrackSamples src = Mp4Source.read(avcAac, "soun");
        Cenc.TrackProtection track = new Cenc.TrackProtection(Cenc.Scheme.CENC, KID, null, List.of());
        Cenc.Fragment f = Cenc.encrypt(src, track, KID, KEY, HexFormat.of().parseHex("00000000fffffffe"), List.of());
        assertArrayEquals(HexFormat.of().parseHex("00000000fffffffe"), f.info().get(0).iv());
        assertArrayEquals(HexFormat.of().parseHex("0000000100000000"), f.info().get(2).iv());
        assertEquals(src.samples().size(), f.samples().samples().size());
        assertEquals(src.payloadBytes(), f.samples().data().length);
        // Audio is encrypted whole (no subsamples), and every byte of a sample may change.
        assertTrue(f.info().stream().allMatch(i -> i.subsamples().isEmpty()));
    }

    /**
     * Two files, init + one fragment each; encrypted ones use a rotated key id (same key) for the
     * second fragment, as under key rotation.
     */
    private static List<Path> write(TrackSamples src, Cenc.Scheme scheme, String name) throws Exception {
        List<TrackSamples> halves = split(src);
        Cenc.TrackProtection track = scheme == null ? null : new Cenc.TrackProtection(scheme, KID, CONSTANT_IV, List.of(PSSH));
        byte[] init = Fmp4Writer.initSegment(src.format(), track);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            TrackSamples t = halves.get(i);
            byte[] fragment = scheme == null ? Fmp4Writer.mediaSegment(i + 1, t)
                    : Fmp4Writer.mediaSegment(i + 1, Cenc.encrypt(t, track, i == 0 ? KID : ROTATED, KEY,
                            ByteBuffer.allocate(8).putLong(1000L * i).array(), i == 0 ? List.of() : List.of(PSSH)));
            Path file = dir.resolve(name + "-" + i + ".mp4");
            Files.write(file, concat(init, fragment));
            files.add(file);
        }
        return files;
    }

    private static List<TrackSamples> split(TrackSamples src) {
        return Fmp4WriterTest.split(src);
    }

    /** The decoded frames' checksums (ffmpeg framemd5), with timestamps. */
    private static String frames(Path file, byte[] key) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-v", "error"));
        if (key != null) {
            cmd.addAll(List.of("-decryption_key", HexFormat.of().formatHex(key)));
        }
        cmd.addAll(List.of("-i", file.toString(), "-f", "framemd5", "-"));
        return Commands.run(dir, cmd, true);
    }

    private static byte[] nal(int header, int size) {
        byte[] b = new byte[4 + size];
        ByteBuffer.wrap(b).putInt(size);
        b[4] = (byte) header;
        for (int i = 5; i < b.length; i++) {
            b[i] = (byte) (i * 7 + 1);
        }
        return b;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static final class Arrays2 {
        static byte[] slice(byte[] file, Boxes.Box box) {
            return java.util.Arrays.copyOfRange(file, box.start(), box.end());
        }
    }
}
