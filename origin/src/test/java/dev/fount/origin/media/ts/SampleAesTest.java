package dev.fount.origin.media.ts;

import dev.fount.origin.crypto.Aes128;
import dev.fount.origin.media.MalformedMediaException;
import dev.fount.origin.media.codec.BitstreamException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@link SampleAes} against a real decoder first: FFmpeg's HLS demuxer decrypts SAMPLE-AES MPEG-TS
 * (libavformat/hls_sample_encryption.c) and must give back exactly the frames of the clear segments.
 * Then the rules of Apple's "MPEG-2 Stream Encryption Format for HTTP Live Streaming" byte by byte,
 * checked with a decryptor written here from the spec (as FFmpeg and hls.js decrypt) on top of the
 * JDK's AES/CBC, and the transport stream around them: PMT, PIDs, timestamps, PCR, continuity.
 */
class SampleAesTest {

    private static final byte[] KEY = HexFormat.of().parseHex("2b7e151628aed2a6abf7158809cf4f3c");
    private static final byte[] IV = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");
    private static final byte[] WRONG_KEY = HexFormat.of().parseHex("2b7e151628aed2a6abf7158809cf4f3d");

    // h264_aac.ts: H.264 0x100, AAC 0x101 (language eng), timed ID3 0x102, PMT 0x1000, SDT 0x11
    private static final int VIDEO_PID = 0x100;
    private static final int AUDIO_PID = 0x101;
    private static final int ID3_PID = 0x102;
    private static final int PMT_PID = 0x1000;

    @TempDir
    Path tmp;

    // ---- a real decoder: FFmpeg ------------------------------------------------------------------------
    //
    // FFmpeg decrypts each packet its MPEG-TS demuxer returns with the key and IV of the segment being
    // read at that moment (hls.c, hls_read_packet: current_segment()). The last video access units of a
    // playlist come out only when the demuxer meets the end of the input, after the last segment, so they
    // are never decrypted: a PES packet of unbounded length, and the frame the parser holds, end only there.
    // The segments are therefore cut in two by FFmpeg's HLS muxer, both encrypted with one key and IV, and
    // every video frame up to the end of the first segment must match; the audio (PES packets of bounded
    // length, complete before the end) must match all through.

    @Test
    void ffmpegDecryptsToTheClearFramesWithEmulationPreventionInTheSlices() throws Exception {
        assumeTrue(ffmpegAvailable(), "ffmpeg not installed");
        // H.264 with CAVLC at qp 1 has emulation_prevention_three_bytes inside its slices (a usual crf encode
        // this small has none): §2.2's escaping of the encrypted NAL unit must keep them apart from its own.
        ffmpeg(tmp, "-f", "lavfi", "-i", "testsrc2=size=160x90:rate=25",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", "3",
                "-c:v", "libx264", "-preset", "veryfast", "-coder", "0", "-qp", "1", "-g", "25", "-bf", "2",
                "-pix_fmt", "yuv420p",
                "-c:a", "aac", "-b:a", "64k", "-ac", "2",
                "-f", "hls", "-hls_time", "2", "-hls_list_size", "0", "-hls_segment_type", "mpegts",
                "-hls_segment_filename", tmp.resolve("clear%d.ts").toString(), tmp.resolve("ffmpeg.m3u8").toString());
        List<byte[]> clear = readSegments(tmp);
        assertEquals(2, clear.size());
        assertTrue(slicesWithEmulationPrevention(clear.get(0)) > 20, "the clip should have EPBs in its slices");
        assertTrue(bFrames(clear.get(0)), "the clip should have B-frames (PES with DTS != PTS)");

        List<byte[]> encrypted = encryptSegments(tmp, clear);
        // Slices with emulation prevention grow by the outer escaping: the PES packets change size.
        assertTrue(pesPayloadBytes(encrypted.get(0), VIDEO_PID) > pesPayloadBytes(clear.get(0), VIDEO_PID));
        assertFfmpegDecodesLikeClear(tmp, clear.size());
    }

    @Test
    void ffmpegDecryptsToTheClearFramesWithTimedId3PassingThrough() throws Exception {
        assumeTrue(ffmpegAvailable(), "ffmpeg not installed");
        Path source = tmp.resolve("h264_aac.ts");
        Files.write(source, load("h264_aac.ts"));
        ffmpeg(tmp, "-i", source.toString(), "-map", "0", "-c", "copy",
                "-f", "hls", "-hls_time", "1", "-hls_list_size", "0", "-hls_segment_type", "mpegts",
                "-hls_segment_filename", tmp.resolve("clear%d.ts").toString(), tmp.resolve("ffmpeg.m3u8").toString());
        List<byte[]> clear = readSegments(tmp);
        assertEquals(2, clear.size());
        List<byte[]> encrypted = encryptSegments(tmp, clear);
        for (int i = 0; i < clear.size(); i++) {
            assertFalse(packetsOf(clear.get(i), ID3_PID).isEmpty());
            assertPacketsEqual(packetsOf(clear.get(i), ID3_PID), packetsOf(encrypted.get(i), ID3_PID));
        }
        assertFfmpegDecodesLikeClear(tmp, clear.size());
    }

    private void assertFfmpegDecodesLikeClear(Path dir, int segments) throws Exception {
        Files.write(dir.resolve("key.bin"), KEY);
        Files.write(dir.resolve("wrong.bin"), WRONG_KEY);
        playlist(dir.resolve("clear.m3u8"), "clear", segments, null);
        playlist(dir.resolve("encrypted.m3u8"), "encrypted", segments, "key.bin");
        playlist(dir.resolve("wrong.m3u8"), "encrypted", segments, "wrong.bin");

        List<String> clearVideo = frames(dir, "clear.m3u8", "0:v:0");
        List<String> encryptedVideo = frames(dir, "encrypted.m3u8", "0:v:0");
        int firstSegment = frames(dir, "clear0.ts", "0:v:0").size();
        assertTrue(firstSegment >= 25 && clearVideo.size() > firstSegment, clearVideo.size() + " frames");
        assertEquals(clearVideo.size(), encryptedVideo.size());
        assertSameFrames(clearVideo.subList(0, firstSegment), encryptedVideo.subList(0, firstSegment), "video");

        List<String> clearAudio = frames(dir, "clear.m3u8", "0:a:0");
        assertTrue(clearAudio.size() > 50, clearAudio.size() + " audio frames");
        assertSameFrames(clearAudio, frames(dir, "encrypted.m3u8", "0:a:0"), "audio");

        // Proof that the segments are encrypted and the key matters: a wrong key gives other pictures and sound.
        List<String> wrongVideo = framesOrEmpty(dir, "wrong.m3u8", "0:v:0");
        int wrongFrames = Math.min(firstSegment, wrongVideo.size());
        assertNotEquals(clearVideo.subList(0, firstSegment), wrongVideo.subList(0, wrongFrames));
        assertNotEquals(clearAudio, framesOrEmpty(dir, "wrong.m3u8", "0:a:0"));
    }

    // ---- the fixture, read back with a decryptor written from the spec ------------------------------------

    @Test
    void decryptingGivesBackEveryVideoAndAudioByte() throws Exception {
        byte[] in = load("h264_aac.ts");
        byte[] out = SampleAes.encrypt(in, KEY, IV);

        List<byte[]> clearVideo = pesPackets(in, VIDEO_PID);
        List<byte[]> encryptedVideo = pesPackets(out, VIDEO_PID);
        assertEquals(clearVideo.size(), encryptedVideo.size());
        int changed = 0;
        for (int i = 0; i < clearVideo.size(); i++) {
            byte[] clear = payload(clearVideo.get(i));
            byte[] encrypted = payload(encryptedVideo.get(i));
            changed += Arrays.equals(clear, encrypted) ? 0 : 1;
            assertArrayEquals(clear, decryptH264(encrypted), "video PES " + i);
        }
        assertEquals(clearVideo.size(), changed, "every frame has a slice over 48 bytes");

        List<byte[]> clearAudio = pesPackets(in, AUDIO_PID);
        List<byte[]> encryptedAudio = pesPackets(out, AUDIO_PID);
        assertEquals(clearAudio.size(), encryptedAudio.size());
        for (int i = 0; i < clearAudio.size(); i++) {
            byte[] encrypted = payload(encryptedAudio.get(i));
            assertFalse(Arrays.equals(payload(clearAudio.get(i)), encrypted), "audio PES " + i);
            assertArrayEquals(payload(clearAudio.get(i)), decryptAdts(encrypted), "audio PES " + i);
        }
    }

    @Test
    void pmtGetsSampleAesStreamTypesAndDescriptorsInOnePacket() throws Exception {
        byte[] out = SampleAes.encrypt(load("h264_aac.ts"), KEY, IV);
        ProgramTables tables = ProgramTables.locate(out); // parses and checks the CRC_32
        assertEquals(PMT_PID, tables.pmtPid());
        assertEquals(List.of(VIDEO_PID, AUDIO_PID, ID3_PID), tables.streams().stream().map(PmtEntry::pid).toList());

        List<byte[]> pmtPackets = packetsOf(out, PMT_PID);
        assertEquals(packetsOf(load("h264_aac.ts"), PMT_PID).size(), pmtPackets.size());
        for (byte[] packet : pmtPackets) {
            Map<Integer, Entry> entries = pmtEntries(packet); // the whole section in this one packet
            assertEquals(0xDB, entries.get(VIDEO_PID).streamType());
            assertEquals("0f047a617663", hex(entries.get(VIDEO_PID).descriptors())); // private_data_indicator 'zavc'
            assertEquals(0xCF, entries.get(AUDIO_PID).streamType());
            // ISO 639 'eng' kept; private_data_indicator 'aacd'; registration 'apad' + audio_setup_information:
            // 'zaac', priming 0, version 1, 2 bytes of AudioSpecificConfig: AAC-LC, 48 kHz, 2 channels.
            assertEquals("0a04656e6700" + "0f0461616364" + "050e61706164" + "7a616163" + "0000" + "01" + "02" + "1190",
                    hex(entries.get(AUDIO_PID).descriptors()));
            Entry id3 = entries.get(ID3_PID);
            assertEquals(0x15, id3.streamType());
            assertEquals(hex(pmtEntries(packetsOf(load("h264_aac.ts"), PMT_PID).get(0)).get(ID3_PID).descriptors()),
                    hex(id3.descriptors()));
        }
        assertContinuous(out);
    }

    @Test
    void otherPidsTimestampsPcrAndPacketLayoutStay() throws Exception {
        byte[] in = load("h264_aac.ts");
        byte[] out = SampleAes.encrypt(in, KEY, IV);
        assertEquals(in.length, out.length); // no slice grew past its last packet's stuffing here
        for (int pid : List.of(0x0000, 0x0011, ID3_PID)) {
            assertPacketsEqual(packetsOf(in, pid), packetsOf(out, pid));
        }
        for (int packet = 0; packet < in.length; packet += 188) {
            int pid = TsPacket.pid(in, packet);
            assertEquals(pid, TsPacket.pid(out, packet), "same PID at byte " + packet);
            if (pid == VIDEO_PID || pid == AUDIO_PID) {
                int payload = TsPacket.payloadStart(in, packet);
                // header and adaptation field (PCR, random_access_indicator, stuffing) unchanged
                assertArrayEquals(Arrays.copyOfRange(in, packet, payload), Arrays.copyOfRange(out, packet, payload));
            }
        }
        for (int pid : List.of(VIDEO_PID, AUDIO_PID)) {
            List<byte[]> before = pesPackets(in, pid);
            List<byte[]> after = pesPackets(out, pid);
            for (int i = 0; i < before.size(); i++) {
                assertArrayEquals(header(before.get(i)), header(after.get(i)), "PES header (PTS, DTS) " + i);
            }
        }
        assertEquals(timestamps(in, VIDEO_PID), timestamps(out, VIDEO_PID));
        assertEquals(timestamps(in, AUDIO_PID), timestamps(out, AUDIO_PID));
    }

    // ---- the rules of Apple §2.2 and §2.3 on single NAL units and frames -----------------------------

    @Test
    void sliceWithEmulationPreventionIsEncryptedAsItIsAndEscapedAgain() throws Exception {
        byte[] nal = filler(0x65, 400);
        // emulation_prevention_three_bytes in the clear leader, in an encrypted block, in a clear run, at the end
        put(nal, 10, 0, 0, 3, 1);
        put(nal, 40, 0, 0, 3, 0);
        put(nal, 100, 0, 0, 3, 2);
        put(nal, 396, 0, 0, 3, 3);
        byte[] es = encryptAnnexB(concat(bytes(0, 0, 0, 1), nal));
        byte[] encrypted = Arrays.copyOfRange(es, 4, es.length);

        assertArrayEquals(bytes(0, 0, 0, 1), Arrays.copyOf(es, 4)); // start code as it came
        assertNoStartCodeEmulation(encrypted);
        assertArrayEquals(nal, decryptNalUnit(encrypted)); // the original NAL unit, its own EPBs included
        // The pattern runs over the NAL unit with its EPBs (Apple §2.2: "formed with start code emulation
        // prevention applied"): blocks at 32, 192 and 352 of the escaped bytes, one CBC chain from the IV.
        byte[] unescaped = removeEmulationPrevention(encrypted);
        assertArrayEquals(cbc(concat(slice(nal, 32, 16), slice(nal, 192, 16), slice(nal, 352, 16))),
                concat(slice(unescaped, 32, 16), slice(unescaped, 192, 16), slice(unescaped, 352, 16)));
        for (int[] clear : new int[][] {{0, 32}, {48, 192}, {208, 352}, {368, 400}}) {
            int length = clear[1] - clear[0];
            assertArrayEquals(slice(nal, clear[0], length), slice(unescaped, clear[0], length));
        }
        // The clear EPBs are escaped once more: 00 00 03 xx becomes 00 00 03 03 xx.
        assertEquals("0000030301", hex(Arrays.copyOfRange(encrypted, 10, 15)));
    }

    @Test
    void cipherTextThatEmulatesAStartCodeGetsEmulationPrevention() throws Exception {
        // Choose the plaintext whose first encrypted block is 00 00 01 00 00 00 00 00 02 00 00 03 00 00 00 00.
        byte[] wanted = bytes(0, 0, 1, 0, 0, 0, 0, 0, 2, 0, 0, 3, 0, 0, 0, 0);
        byte[] plain = xor(aes(Cipher.DECRYPT_MODE, wanted), IV);
        byte[] nal = concat(filler(0x41, 32), plain, filler(0x22, 20));
        nal[0] = 0x41;
        byte[] es = encryptAnnexB(concat(bytes(0, 0, 1), nal));
        byte[] encrypted = Arrays.copyOfRange(es, 3, es.length);

        // 0x03 before each byte 0x00-0x03 that follows two zeros: five of them; the next clear byte is 0x22
        assertEquals(nal.length + 5, encrypted.length);
        assertEquals("000003010000030000030002000003030000030000" + "22", hex(Arrays.copyOfRange(encrypted, 32, 54)));
        assertNoStartCodeEmulation(encrypted);
        assertArrayEquals(nal, decryptNalUnit(encrypted));
    }

    @Test
    void onlySlicesLongerThan48BytesAreEncrypted() {
        byte[] idr48 = filler(0x65, 48);
        byte[] idr49 = filler(0x65, 49);
        byte[] nonIdr48 = filler(0x41, 48);
        byte[] sei = filler(0x06, 300);
        byte[] sps = filler(0x67, 100);
        byte[] es = concat(bytes(0, 0, 0, 1), sps, bytes(0, 0, 1), sei, bytes(0, 0, 1), idr48, bytes(0, 0, 1), nonIdr48,
                bytes(0, 0, 1), idr49);
        byte[] encrypted = encryptAnnexB(es);
        assertEquals(es.length, encrypted.length);
        int last = es.length - 49;
        assertArrayEquals(Arrays.copyOf(es, last + 32), Arrays.copyOf(encrypted, last + 32)); // all clear up to there
        assertArrayEquals(cbc(slice(idr49, 32, 16)), slice(encrypted, last + 32, 16)); // 17 bytes left: one block
        assertEquals(es[es.length - 1], encrypted[es.length - 1]); // and its last byte clear
    }

    @Test
    void oneBlockInTenWithTheChainRunningOnAndTheIvResetPerNalUnit() {
        // 208 bytes: a block at 32, none at 192 where only 16 bytes remain (§2.2: more than 16 are needed).
        byte[] a = filler(0x41, 208);
        byte[] b = filler(0x41, 209); // 17 remain at 192: encrypted
        byte[] encrypted = encryptAnnexB(concat(bytes(0, 0, 1), a, bytes(0, 0, 1), b));
        byte[] ea = Arrays.copyOfRange(encrypted, 3, 3 + 208);
        byte[] eb = Arrays.copyOfRange(encrypted, 3 + 208 + 3, encrypted.length);
        assertArrayEquals(cbc(slice(a, 32, 16)), slice(ea, 32, 16));
        assertArrayEquals(slice(a, 48, 160), slice(ea, 48, 160));
        assertArrayEquals(cbc(concat(slice(b, 32, 16), slice(b, 192, 16))),
                concat(slice(eb, 32, 16), slice(eb, 192, 16)));
        assertEquals(b[208], eb[208]);
        // Same first 192 bytes and the IV reset at each NAL unit: same first encrypted block.
        assertArrayEquals(slice(ea, 0, 192), slice(eb, 0, 192));
    }

    @Test
    void leadingAndTrailingZeroBytesAreDropped() {
        byte[] slice = filler(0x41, 100);
        byte[] es = concat(bytes(0, 0), bytes(0, 0, 0, 1), bytes(0x09, 0xF0), bytes(0, 0, 0, 0, 0, 1), slice,
                new byte[7]);
        byte[] encrypted = encryptAnnexB(es);
        assertEquals(hex(bytes(0, 0, 0, 1, 0x09, 0xF0, 0, 0, 0, 1)), hex(Arrays.copyOf(encrypted, 10)));
        assertEquals(10 + 100, encrypted.length);
        assertArrayEquals(slice, decryptNalUnit(Arrays.copyOfRange(encrypted, 10, 110)));
        BitstreamException e = assertThrows(BitstreamException.class, () -> encryptAnnexB(concat(bytes(7), es)));
        assertTrue(e.getMessage().contains("does not begin with a start code"), e.getMessage());
    }

    @Test
    void adtsFrameKeepsHeaderLeaderAndPartialBlockClearWithTheIvResetPerFrame() {
        byte[] frame = adtsFrame(7 + 16 + 48 + 5, true);
        byte[] withCrc = adtsFrame(9 + 16 + 32 + 15, false);
        byte[] small = adtsFrame(7 + 31, true);
        byte[] es = concat(frame, frame, withCrc, small);
        byte[] encrypted = es.clone();
        new SampleAesPayloads(KEY, IV).encryptAdts(encrypted, 0, encrypted.length);

        int n = frame.length;
        assertArrayEquals(slice(frame, 0, 23), slice(encrypted, 0, 23)); // header + 16
        assertArrayEquals(cbc(slice(frame, 23, 48)), slice(encrypted, 23, 48)); // three whole blocks
        assertArrayEquals(slice(frame, 71, 5), slice(encrypted, 71, 5)); // the partial block
        assertArrayEquals(slice(encrypted, 0, n), slice(encrypted, n, n)); // IV reset: same frame, same bytes
        assertArrayEquals(slice(withCrc, 0, 25), slice(encrypted, 2 * n, 25)); // 9-byte header + 16
        assertArrayEquals(cbc(slice(withCrc, 25, 32)), slice(encrypted, 2 * n + 25, 32));
        assertArrayEquals(slice(withCrc, 57, 15), slice(encrypted, 2 * n + 57, 15));
        // 31 bytes after the header: no whole block after the 16 clear ones
        assertArrayEquals(small, slice(encrypted, 2 * n + withCrc.length, small.length));
        assertArrayEquals(es, decryptAdts(encrypted));

        BitstreamException e = assertThrows(BitstreamException.class,
                () -> new SampleAesPayloads(KEY, IV).encryptAdts(frame.clone(), 0, frame.length - 1));
        assertTrue(e.getMessage().contains("runs past the end of the PES packet"), e.getMessage());
    }

    // ---- PES packets that change size ----------------------------------------------------------------------

    @Test
    void aGrowingPesPacketTakesAnExtraPacketAndTheCountersStayContinuous() throws Exception {
        // A slice whose first encrypted block comes out as 00 00 01 00 00 00 00 00 02 00 00 03 00 00 00 00:
        // five emulation prevention bytes are added. The PES packet fills its two TS packets exactly.
        byte[] plain = xor(aes(Cipher.DECRYPT_MODE, bytes(0, 0, 1, 0, 0, 0, 0, 0, 2, 0, 0, 3, 0, 0, 0, 0)), IV);
        int headerBytes = 14; // PES header with PTS
        int esLength = 176 + 184 - headerBytes; // first packet: 8 bytes of adaptation field (PCR)
        byte[] nal = concat(filler(0x65, 32), plain, filler(0x22, esLength - 6 - 4 - 48));
        byte[] es = concat(bytes(0, 0, 0, 1, 0x09, 0xF0), bytes(0, 0, 0, 1), nal);
        assertEquals(esLength, es.length);
        byte[] second = concat(bytes(0, 0, 0, 1, 0x09, 0xF0), bytes(0, 0, 1), filler(0x41, 60));

        Ts in = new Ts().pat().pmt(0x1B, VIDEO_PID)
                .pes(VIDEO_PID, 0xE0, 9000, es, 1234)
                .pes(ID3_PID, 0xBD, 9000, bytes(1, 2, 3), -1)
                .pes(VIDEO_PID, 0xE0, 12600, second, -1);
        byte[] out = SampleAes.encrypt(in.toByteArray(), KEY, IV);

        assertEquals(in.toByteArray().length + 188, out.length);
        assertContinuous(out);
        List<byte[]> video = packetsOf(out, VIDEO_PID);
        assertEquals(4, video.size());
        assertEquals(1234L, pcr(video.get(0))); // the PCR stays in the PES packet's first TS packet
        assertTrue((video.get(0)[5] & 0x40) != 0, "random_access_indicator kept");
        assertEquals(List.of(0, 1, 2, 3), video.stream().map(p -> p[3] & 0x0F).toList());
        List<byte[]> pes = pesPackets(out, VIDEO_PID);
        assertEquals(2, pes.size());
        assertEquals(9000L, PesAssembler.readTimestamp(pes.get(0), 9));
        assertEquals(es.length + 5, payload(pes.get(0)).length);
        assertArrayEquals(es, decryptH264(payload(pes.get(0))));
        assertArrayEquals(second, decryptH264(payload(pes.get(1))));
        // the new TS packet comes straight after the PES packet's last one, before the ID3 packet
        assertEquals(List.of(0, 0x1000, VIDEO_PID, VIDEO_PID, VIDEO_PID, ID3_PID, VIDEO_PID), pids(out));
    }

    @Test
    void aShrinkingPesPacketLeavesOutEmptiedPacketsOrKeepsTheirPcr() throws Exception {
        // 400 trailing_zero_8bits after the slice: dropped, so the PES packet needs one TS packet, not three.
        byte[] slice = filler(0x41, 100);
        byte[] es = concat(bytes(0, 0, 0, 1, 0x09, 0xF0, 0, 0, 0, 1), slice, new byte[400]);
        Ts in = new Ts().pat().pmt(0x1B, VIDEO_PID)
                .pes(VIDEO_PID, 0xE0, 9000, es, -1, 1, 5555) // a PCR in the PES packet's second TS packet
                .pes(VIDEO_PID, 0xE0, 12600, concat(bytes(0, 0, 0, 1), slice), -1);
        assertEquals(4, packetsOf(in.toByteArray(), VIDEO_PID).size());
        byte[] out = SampleAes.encrypt(in.toByteArray(), KEY, IV);

        List<byte[]> video = packetsOf(out, VIDEO_PID);
        assertEquals(3, video.size()); // data, the PCR alone (adaptation field only), the next PES packet
        assertEquals(0x20, video.get(1)[3] & 0x30, "adaptation_field_control '10'");
        assertEquals(5555L, pcr(video.get(1)));
        assertEquals(List.of(0, 0, 1), video.stream().map(p -> p[3] & 0x0F).toList());
        assertContinuous(out);
        List<byte[]> pes = pesPackets(out, VIDEO_PID);
        assertArrayEquals(concat(bytes(0, 0, 0, 1, 0x09, 0xF0, 0, 0, 0, 1), slice), decryptH264(payload(pes.get(0))));
    }

    // ---- refusals ------------------------------------------------------------------------------------------

    @Test
    void refusesCodecsItCannotEncryptNamingTheStream() {
        IllegalArgumentException hevc = assertThrows(IllegalArgumentException.class,
                () -> SampleAes.encrypt(load("hevc_aac.ts"), KEY, IV));
        assertTrue(hevc.getMessage().contains("PID 256 (stream_type 0x24, hvc1)"), hevc.getMessage());
        assertTrue(hevc.getMessage().contains("defines SAMPLE-AES in MPEG-TS for H.264, AAC, AC-3 and E-AC-3 only"),
                hevc.getMessage());

        IllegalArgumentException ac3 = assertThrows(IllegalArgumentException.class,
                () -> SampleAes.encrypt(load("h264_ac3.ts"), KEY, IV));
        assertTrue(ac3.getMessage().contains("PID 257 (stream_type 0x81, ac-3)"), ac3.getMessage());
        assertTrue(ac3.getMessage().contains("not implemented"), ac3.getMessage());

        IllegalArgumentException mp3 = assertThrows(IllegalArgumentException.class,
                () -> SampleAes.encrypt(load("mp3_only.ts"), KEY, IV));
        assertTrue(mp3.getMessage().contains("(stream_type 0x3, mp3)"), mp3.getMessage());
    }

    @Test
    void refusesWhatItCannotEncryptWhole() throws Exception {
        IllegalArgumentException again = assertThrows(IllegalArgumentException.class,
                () -> SampleAes.encrypt(SampleAes.encrypt(load("h264_aac.ts"), KEY, IV), KEY, IV));
        assertTrue(again.getMessage().contains("PID 256 (stream_type 0xdb) is SAMPLE-AES encrypted already"),
                again.getMessage());

        assertThrows(IllegalArgumentException.class, () -> SampleAes.encrypt(load("h264_aac.ts"), new byte[15], IV));
        assertThrows(IllegalArgumentException.class, () -> SampleAes.encrypt(load("h264_aac.ts"), KEY, null));

        byte[] cut = withoutFirstPacketOf(load("h264_aac.ts"), VIDEO_PID);
        MalformedMediaException midPes = assertThrows(MalformedMediaException.class,
                () -> SampleAes.encrypt(cut, KEY, IV));
        assertTrue(midPes.getMessage().contains("continues a PES packet begun before the segment"),
                midPes.getMessage());

        byte[] truncated = Arrays.copyOf(load("h264_aac.ts"), 188 * 7 + 100);
        assertThrows(MalformedMediaException.class, () -> SampleAes.encrypt(truncated, KEY, IV));
    }

    // ==== helpers: a decryptor from the spec ==================================================================

    /** SampleAesPayloads over an Annex B byte stream. */
    private static byte[] encryptAnnexB(byte[] es) {
        return new SampleAesPayloads(KEY, IV).encryptH264(es, 0, es.length);
    }

    /**
     * Decrypts an Annex B byte stream as FFmpeg (hls_sample_encryption.c) and hls.js (sample-aes.ts) do: a NAL
     * unit ends where the next start code (3 bytes, or 4 with its zero_byte) begins; slices over 48 bytes
     * lose their emulation prevention and are decrypted.
     */
    static byte[] decryptH264(byte[] es) {
        List<Integer> starts = new ArrayList<>(); // index of the first byte of each start code
        List<Integer> nals = new ArrayList<>();
        for (int i = 0; i + 2 < es.length; i++) {
            if (es[i] == 0 && es[i + 1] == 0 && es[i + 2] == 1) {
                starts.add(i > 0 && es[i - 1] == 0 ? i - 1 : i); // with its zero_byte, if any
                nals.add(i + 3);
                i += 2;
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(es, 0, starts.isEmpty() ? es.length : starts.get(0));
        for (int k = 0; k < nals.size(); k++) {
            int start = nals.get(k);
            int end = k + 1 < nals.size() ? starts.get(k + 1) : es.length;
            out.write(es, starts.get(k), start - starts.get(k));
            byte[] nal = Arrays.copyOfRange(es, start, end);
            int type = nal.length > 0 ? nal[0] & 0x1F : 0;
            out.writeBytes((type == 1 || type == 5) && nal.length > 48 ? decryptNalUnit(nal) : nal);
        }
        return out.toByteArray();
    }

    /** One encrypted slice NAL unit: emulation prevention removed, 1 block in 10 from byte 32 decrypted. */
    static byte[] decryptNalUnit(byte[] encrypted) {
        byte[] nal = removeEmulationPrevention(encrypted);
        ByteArrayOutputStream blocks = new ByteArrayOutputStream();
        for (int p = 32; nal.length - p > 16; p += 160) {
            blocks.write(nal, p, 16);
        }
        byte[] clear = crypt(Cipher.DECRYPT_MODE, blocks.toByteArray());
        for (int p = 32, k = 0; nal.length - p > 16; p += 160, k += 16) {
            System.arraycopy(clear, k, nal, p, 16);
        }
        return nal;
    }

    /** ISO/IEC 14496-10 §7.4.1: every 0x03 after two zero bytes goes. */
    static byte[] removeEmulationPrevention(byte[] nal) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int zeros = 0;
        for (byte b : nal) {
            if (zeros >= 2 && b == 3) {
                zeros = 0;
                continue;
            }
            out.write(b);
            zeros = b == 0 ? zeros + 1 : 0;
        }
        return out.toByteArray();
    }

    /** ADTS frames back to back, each decrypted after its header and 16 clear bytes (whole blocks only). */
    static byte[] decryptAdts(byte[] es) {
        byte[] out = es.clone();
        for (int p = 0; p + 7 <= out.length; ) {
            int length = (out[p + 3] & 0x03) << 11 | (out[p + 4] & 0xFF) << 3 | (out[p + 5] & 0xE0) >> 5;
            int header = (out[p + 1] & 1) == 1 ? 7 : 9;
            int blocks = (length - header - 16) / 16;
            if (blocks > 0) {
                int from = p + header + 16;
                byte[] clear = crypt(Cipher.DECRYPT_MODE, Arrays.copyOfRange(out, from, from + 16 * blocks));
                System.arraycopy(clear, 0, out, p + header + 16, clear.length);
            }
            p += length;
        }
        return out;
    }

    /** AES-128-CBC of whole blocks with {@link #KEY} and {@link #IV}, by the JDK. */
    private static byte[] crypt(int mode, byte[] data) {
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
            cipher.init(mode, new SecretKeySpec(KEY, "AES"), new IvParameterSpec(IV));
            return cipher.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] cbc(byte[] plain) {
        return crypt(Cipher.ENCRYPT_MODE, plain);
    }

    /** The bare AES block function with {@link #KEY}. */
    private static byte[] aes(int mode, byte[] block) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/ECB/NoPadding");
        cipher.init(mode, new SecretKeySpec(KEY, "AES"));
        return cipher.doFinal(block);
    }

    /** No 00 00 0x (x <= 2) and no 00 00 03 that a decoder would remove wrongly (followed by a byte > 3). */
    private static void assertNoStartCodeEmulation(byte[] nal) {
        for (int i = 0; i + 2 < nal.length; i++) {
            if (nal[i] == 0 && nal[i + 1] == 0) {
                int next = nal[i + 2] & 0xFF;
                assertTrue(next >= 3, "00 00 0" + next + " at " + i);
                assertTrue(next != 3 || i + 3 == nal.length || (nal[i + 3] & 0xFF) <= 3, "stray 00 00 03 at " + i);
            }
        }
    }

    // ==== helpers: transport stream ==========================================================================

    private static List<byte[]> packetsOf(byte[] ts, int pid) {
        List<byte[]> packets = new ArrayList<>();
        for (int p = 0; p < ts.length; p += 188) {
            if (TsPacket.pid(ts, p) == pid) {
                packets.add(Arrays.copyOfRange(ts, p, p + 188));
            }
        }
        return packets;
    }

    private static List<Integer> pids(byte[] ts) {
        List<Integer> pids = new ArrayList<>();
        for (int p = 0; p < ts.length; p += 188) {
            pids.add(TsPacket.pid(ts, p));
        }
        return pids;
    }

    private static void assertPacketsEqual(List<byte[]> expected, List<byte[]> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i), "packet " + i);
        }
    }

    /** Whole PES packets of a PID, header included. */
    private static List<byte[]> pesPackets(byte[] ts, int pid) throws MalformedMediaException {
        List<byte[]> pes = new ArrayList<>();
        ByteArrayOutputStream current = null;
        for (int p = 0; p < ts.length; p += 188) {
            int payload = TsPacket.payloadStart(ts, p);
            if (TsPacket.pid(ts, p) != pid || payload < 0) {
                continue;
            }
            if (TsPacket.payloadUnitStart(ts, p)) {
                if (current != null) {
                    pes.add(current.toByteArray());
                }
                current = new ByteArrayOutputStream();
            }
            if (current != null) {
                current.write(ts, payload, p + 188 - payload);
            }
        }
        if (current != null) {
            pes.add(current.toByteArray());
        }
        return pes;
    }

    private static byte[] header(byte[] pes) {
        return Arrays.copyOf(pes, 9 + (pes[8] & 0xFF));
    }

    private static byte[] payload(byte[] pes) {
        return Arrays.copyOfRange(pes, 9 + (pes[8] & 0xFF), pes.length);
    }

    private static int pesPayloadBytes(byte[] ts, int pid) throws MalformedMediaException {
        return pesPackets(ts, pid).stream().mapToInt(p -> payload(p).length).sum();
    }

    /** PTS and DTS of each PES packet. */
    private static List<String> timestamps(byte[] ts, int pid) throws MalformedMediaException {
        List<String> times = new ArrayList<>();
        for (byte[] pes : pesPackets(ts, pid)) {
            int flags = (pes[7] & 0xC0) >> 6;
            String dts = flags == 3 ? Long.toString(PesAssembler.readTimestamp(pes, 14)) : "-";
            times.add(PesAssembler.readTimestamp(pes, 9) + "/" + dts);
        }
        return times;
    }

    private static boolean bFrames(byte[] ts) throws MalformedMediaException {
        return timestamps(ts, VIDEO_PID).stream()
                .anyMatch(t -> !t.endsWith("-") && !t.split("/")[0].equals(t.split("/")[1]));
    }

    private static int slicesWithEmulationPrevention(byte[] ts) throws MalformedMediaException {
        int count = 0;
        for (byte[] pes : pesPackets(ts, VIDEO_PID)) {
            byte[] es = payload(pes);
            int type = 0;
            for (int i = 0; i + 3 < es.length; i++) {
                if (es[i] == 0 && es[i + 1] == 0 && es[i + 2] == 1) {
                    type = es[i + 3] & 0x1F;
                } else if (es[i] == 0 && es[i + 1] == 0 && es[i + 2] == 3 && (type == 1 || type == 5)) {
                    count++;
                }
            }
        }
        return count;
    }

    /** The program_clock_reference_base of a packet's adaptation field, or -1. */
    private static long pcr(byte[] packet) {
        if ((packet[3] & 0x20) == 0 || packet[4] == 0 || (packet[5] & 0x10) == 0) {
            return -1;
        }
        return (packet[6] & 0xFFL) << 25 | (packet[7] & 0xFF) << 17 | (packet[8] & 0xFF) << 9 | (packet[9] & 0xFF) << 1
                | (packet[10] & 0x80) >> 7;
    }

    /** continuity_counter (ISO/IEC 13818-1 §2.4.3.3): +1 per packet with payload, repeated without payload. */
    private static void assertContinuous(byte[] ts) {
        Map<Integer, Integer> last = new LinkedHashMap<>();
        for (int p = 0; p < ts.length; p += 188) {
            int pid = TsPacket.pid(ts, p);
            int cc = ts[p + 3] & 0x0F;
            boolean payload = (ts[p + 3] & 0x10) != 0;
            Integer previous = last.put(pid, cc);
            if (previous != null) {
                assertEquals(payload ? previous + 1 & 0x0F : previous, cc,
                        "continuity_counter of PID " + pid + " at byte " + p);
            }
        }
    }

    private record Entry(int streamType, byte[] descriptors) {
    }

    /** The PMT section in one packet, pointer_field 0: its entries by PID; its CRC_32 checked. */
    private static Map<Integer, Entry> pmtEntries(byte[] packet) {
        assertTrue((packet[1] & 0x40) != 0);
        int s = 4 + ((packet[3] & 0x20) != 0 ? 1 + (packet[4] & 0xFF) : 0);
        assertEquals(0, packet[s]);
        byte[] section = Arrays.copyOfRange(packet, s + 1, 188);
        int size = 3 + ((section[1] & 0x0F) << 8 | (section[2] & 0xFF));
        assertTrue(PsiSection.crcValid(section, size), "CRC_32");
        for (int i = size; i < section.length; i++) {
            assertEquals((byte) 0xFF, section[i]);
        }
        Map<Integer, Entry> entries = new LinkedHashMap<>();
        for (int i = 12 + ((section[10] & 0x0F) << 8 | (section[11] & 0xFF)); i + 5 <= size - 4; ) {
            int pid = (section[i + 1] & 0x1F) << 8 | (section[i + 2] & 0xFF);
            int info = (section[i + 3] & 0x0F) << 8 | (section[i + 4] & 0xFF);
            entries.put(pid, new Entry(section[i] & 0xFF, Arrays.copyOfRange(section, i + 5, i + 5 + info)));
            i += 5 + info;
        }
        return entries;
    }

    private static byte[] withoutFirstPacketOf(byte[] ts, int pid) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean skipped = false;
        for (int p = 0; p < ts.length; p += 188) {
            if (!skipped && TsPacket.pid(ts, p) == pid) {
                skipped = true;
                continue;
            }
            out.write(ts, p, 188);
        }
        return out.toByteArray();
    }

    /** A small MPEG-TS writer: one program (PMT 0x1000, PCR on the first stream), stuffing in adaptation fields. */
    private static final class Ts {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final int[] counters = new int[8192];

        Ts pat() {
            return section(0, 0x00, bytes(0x00, 0x01, 0xF0, 0x00));
        }

        Ts pmt(int streamType, int pid) {
            return section(PMT_PID, 0x02, bytes(0xE0 | pid >> 8, pid & 0xFF, 0xF0, 0x00,
                    streamType, 0xE0 | pid >> 8, pid & 0xFF, 0xF0, 0x00,
                    0x15, 0xE0 | ID3_PID >> 8, ID3_PID & 0xFF, 0xF0, 0x00));
        }

        private Ts section(int pid, int tableId, byte[] body) {
            byte[] s = new byte[8 + body.length + 4];
            s[0] = (byte) tableId;
            s[1] = (byte) (0xB0 | (s.length - 3) >> 8);
            s[2] = (byte) (s.length - 3);
            s[4] = 1;
            s[5] = (byte) 0xC1;
            System.arraycopy(body, 0, s, 8, body.length);
            int crc = PsiSection.crc32(s, 0, s.length - 4);
            for (int k = 0; k < 4; k++) {
                s[s.length - 4 + k] = (byte) (crc >>> 24 - 8 * k);
            }
            byte[] packet = new byte[188];
            Arrays.fill(packet, (byte) 0xFF);
            packet[0] = 0x47;
            packet[1] = (byte) (0x40 | pid >> 8);
            packet[2] = (byte) pid;
            packet[3] = (byte) (0x10 | counters[pid]++ & 0x0F);
            packet[4] = 0;
            System.arraycopy(s, 0, packet, 5, s.length);
            out.writeBytes(packet);
            return this;
        }

        /** A PES packet with a PTS; {@code pcr} >= 0 puts a PCR and random_access_indicator in its first packet. */
        Ts pes(int pid, int streamId, long pts, byte[] es, long pcr) {
            return pes(pid, streamId, pts, es, pcr, -1, -1);
        }

        /** ... and a second PCR in packet {@code pcrPacket} of the PES packet. */
        Ts pes(int pid, int streamId, long pts, byte[] es, long pcr, int pcrPacket, long secondPcr) {
            byte[] pes = concat(bytes(0, 0, 1, streamId, 0, 0, 0x84, 0x80, 5), timestamp(pts), es);
            int k = 0;
            for (int at = 0; at < pes.length; k++) {
                long packetPcr = k == 0 ? pcr : k == pcrPacket ? secondPcr : -1;
                byte[] fields = packetPcr < 0 ? new byte[0] : concat(bytes(k == 0 ? 0x50 : 0x10), pcrBytes(packetPcr));
                int room = 184 - (fields.length > 0 ? 1 + fields.length : 0);
                int count = Math.min(room, pes.length - at);
                boolean adaptation = fields.length > 0 || count < 184;
                byte[] packet = new byte[188];
                packet[0] = 0x47;
                packet[1] = (byte) ((k == 0 ? 0x40 : 0) | pid >> 8);
                packet[2] = (byte) pid;
                packet[3] = (byte) ((adaptation ? 0x30 : 0x10) | counters[pid]++ & 0x0F);
                int p = 4;
                if (adaptation) {
                    int length = 183 - count;
                    packet[p++] = (byte) length;
                    int end = p + length;
                    if (fields.length > 0) {
                        System.arraycopy(fields, 0, packet, p, fields.length);
                        p += fields.length;
                    } else if (length > 0) {
                        packet[p++] = 0;
                    }
                    Arrays.fill(packet, p, end, (byte) 0xFF);
                    p = end;
                }
                System.arraycopy(pes, at, packet, p, count);
                out.writeBytes(packet);
                at += count;
            }
            return this;
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }

        private static byte[] timestamp(long t) {
            return bytes(0x21 | (int) (t >> 29) & 0x0E, (int) (t >> 22), (int) (t >> 14) & 0xFE | 1, (int) (t >> 7),
                    (int) (t << 1) & 0xFE | 1);
        }

        private static byte[] pcrBytes(long base) {
            return bytes((int) (base >> 25), (int) (base >> 17), (int) (base >> 9), (int) (base >> 1),
                    (int) (base << 7) & 0x80 | 0x7E, 0);
        }
    }

    // ==== helpers: FFmpeg ====================================================================================

    private static boolean ffmpegAvailable() {
        try {
            Process p = new ProcessBuilder("ffmpeg", "-version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private record Result(int exit, String stdout, String stderr) {
    }

    private static Result run(Path dir, List<String> command) throws Exception {
        Path err = Files.createTempFile(dir, "stderr", ".txt");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectError(err.toFile()).start();
        p.getOutputStream().close();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + command);
        return new Result(p.exitValue(), stdout, Files.readString(err));
    }

    private static void ffmpeg(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-y"));
        command.addAll(List.of(args));
        Result r = run(dir, command);
        assertEquals(0, r.exit(), command + ": " + r.stderr());
    }

    /** The frame lines of {@code -f framemd5} for decoded frames of one stream. */
    private static List<String> frames(Path dir, String input, String map) throws Exception {
        Result r = decode(dir, input, map);
        assertEquals(0, r.exit(), input + ": " + r.stderr());
        return frameLines(r.stdout());
    }

    private static List<String> framesOrEmpty(Path dir, String input, String map) throws Exception {
        return frameLines(decode(dir, input, map).stdout());
    }

    private static Result decode(Path dir, String input, String map) throws Exception {
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-nostdin"));
        if (input.endsWith(".m3u8")) {
            command.addAll(List.of("-allowed_extensions", "ALL")); // lets the HLS demuxer open key.bin
        }
        command.addAll(List.of("-i", input, "-map", map, "-f", "framemd5", "-"));
        return run(dir, command);
    }

    /** Equal framemd5 lines (stream, dts, pts, duration, size, MD5 of a frame); names the first that differs. */
    private static void assertSameFrames(List<String> expected, List<String> actual, String what) {
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            assertEquals(expected.get(i), actual.get(i), what + " frame " + i + " of " + expected.size());
        }
        assertEquals(expected.size(), actual.size(), what + " frames");
    }

    private static List<String> frameLines(String framemd5) {
        return framemd5.lines().filter(l -> !l.startsWith("#")).toList();
    }

    private static List<byte[]> readSegments(Path dir) throws IOException {
        List<byte[]> segments = new ArrayList<>();
        for (int i = 0; Files.exists(dir.resolve("clear" + i + ".ts")); i++) {
            segments.add(Files.readAllBytes(dir.resolve("clear" + i + ".ts")));
        }
        return segments;
    }

    private static List<byte[]> encryptSegments(Path dir, List<byte[]> clear) throws Exception {
        List<byte[]> encrypted = new ArrayList<>();
        for (int i = 0; i < clear.size(); i++) {
            byte[] segment = SampleAes.encrypt(clear.get(i), KEY, IV);
            assertContinuous(segment);
            Files.write(dir.resolve("encrypted" + i + ".ts"), segment);
            encrypted.add(segment);
        }
        return encrypted;
    }

    /** A VOD media playlist (RFC 8216 §4.3) of {@code prefix0.ts ...}, SAMPLE-AES with an explicit IV when keyed. */
    private static void playlist(Path file, String prefix, int segments, String keyUri) throws IOException {
        StringBuilder m3u8 = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n"
                + "#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:VOD\n");
        if (keyUri != null) {
            m3u8.append("#EXT-X-KEY:METHOD=SAMPLE-AES,URI=\"").append(keyUri).append("\",IV=")
                    .append(Aes128.ivAttribute(IV)).append('\n');
        }
        for (int i = 0; i < segments; i++) {
            m3u8.append("#EXTINF:2.0,\n").append(prefix).append(i).append(".ts\n");
        }
        m3u8.append("#EXT-X-ENDLIST\n");
        Files.writeString(file, m3u8);
    }

    // ==== helpers: bytes =====================================================================================

    private static byte[] load(String name) {
        try (InputStream in = SampleAesTest.class.getResourceAsStream("/media/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource media/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code length} bytes: the NAL header byte, then a non-zero counting pattern. */
    private static byte[] filler(int nalHeader, int length) {
        byte[] b = new byte[length];
        b[0] = (byte) nalHeader;
        for (int i = 1; i < length; i++) {
            b[i] = (byte) (0x10 + i % 200);
        }
        return b;
    }

    /** An ADTS frame (AAC-LC, 48 kHz, stereo) of {@code length} bytes with a counting payload. */
    private static byte[] adtsFrame(int length, boolean protectionAbsent) {
        byte[] f = new byte[length];
        f[0] = (byte) 0xFF;
        f[1] = (byte) (protectionAbsent ? 0xF1 : 0xF0);
        f[2] = 0x4C;
        f[3] = (byte) (0x80 | length >> 11);
        f[4] = (byte) (length >> 3);
        f[5] = (byte) ((length & 7) << 5 | 0x1F);
        f[6] = (byte) 0xFC;
        for (int i = 7; i < length; i++) {
            f[i] = (byte) (i * 7);
        }
        return f;
    }

    private static void put(byte[] b, int at, int... values) {
        for (int i = 0; i < values.length; i++) {
            b[at + i] = (byte) values[i];
        }
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        put(b, 0, values);
        return b;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] slice(byte[] b, int from, int length) {
        return Arrays.copyOfRange(b, from, from + length);
    }

    private static byte[] xor(byte[] a, byte[] b) {
        byte[] x = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            x[i] = (byte) (a[i] ^ b[i]);
        }
        return x;
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
