package dev.fount.origin.media.codec;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Frame headers built field by field from their specifications. */
class AudioHeadersTest {

    @Test
    void adts() {
        // 13818-7 §6.2.1: syncword, ID 0, layer 0, protection_absent 1, profile 1 (LC), 44.1 kHz (index 4),
        // channel_configuration 6 (5.1), frame_length 371, buffer fullness, 2 raw data blocks.
        byte[] header = new BitWriter().u(12, 0xFFF).u(1, 0).u(2, 0).u(1, 1).u(2, 1).u(4, 4).u(1, 0).u(3, 6)
                .u(4, 0).u(13, 371).u(11, 0x7FF).u(2, 1).toByteArray();
        assertTrue(AdtsHeader.isSync(header, 0));
        AdtsHeader adts = AdtsHeader.parse(header, 0);
        assertEquals(new AdtsHeader(2, 44100, 6, 371, 2048), adts);
        assertEquals("mp4a.40.2", adts.codecString());

        byte[] pce = header.clone();
        pce[2] &= (byte) 0xFE;
        pce[3] &= 0x3F; // channel_configuration 0: a program_config_element says
        assertNull(AdtsHeader.parse(pce, 0).channels());

        byte[] reserved = header.clone();
        reserved[2] = (byte) (reserved[2] | 0x3C); // sampling_frequency_index 15
        assertThrows(BitstreamException.class, () -> AdtsHeader.parse(reserved, 0));
    }

    @Test
    void ac3() {
        // A/52 §5.3: syncword, crc1, fscod 0 (48 kHz), frmsizecod 16 (128 kbps: 256 words), bsid 8, bsmod 0,
        // acmod 7 (3/2) with cmixlev and surmixlev, lfeon 1: 5.1.
        byte[] frame = new BitWriter().u(16, 0x0B77).u(16, 0).u(2, 0).u(6, 16).u(5, 8).u(3, 0)
                .u(3, 7).u(2, 0).u(2, 0).u(1, 1).u(8, 0).toByteArray();
        Ac3SyncFrame ac3 = Ac3SyncFrame.parse(frame, 0, frame.length);
        assertEquals(new Ac3SyncFrame(8, 48000, 6, 512, 1536, true, 0), ac3);
        assertEquals("ac-3", ac3.codec());

        // 44.1 kHz, frmsizecod 17 (128 kbps, odd code): Table 5.18 gives 279 words.
        byte[] frame441 = new BitWriter().u(16, 0x0B77).u(16, 0).u(2, 1).u(6, 17).u(5, 8).u(3, 0)
                .u(3, 2).u(2, 0).u(1, 0).u(8, 0).toByteArray();
        Ac3SyncFrame stereo = Ac3SyncFrame.parse(frame441, 0, frame441.length);
        assertEquals(44100, stereo.sampleRate());
        assertEquals(2, stereo.channels());
        assertEquals(2 * 279, stereo.frameSize());
    }

    @Test
    void eac3() {
        // A/52 Annex E §E.1.2: strmtyp 0, substreamid 0, frmsiz 191 (384 bytes), fscod 0,
        // numblkscod 3 (6 blocks), acmod 2, lfeon 0, bsid 16.
        byte[] frame = new BitWriter().u(16, 0x0B77).u(2, 0).u(3, 0).u(11, 191).u(2, 0).u(2, 3).u(3, 2).u(1, 0)
                .u(5, 16).u(5, 0).u(8, 0).toByteArray();
        Ac3SyncFrame eac3 = Ac3SyncFrame.parse(frame, 0, frame.length);
        assertEquals(new Ac3SyncFrame(16, 48000, 2, 384, 1536, true, 0), eac3);
        assertEquals(384, Ac3SyncFrame.frameSize(frame, 0));
        assertEquals("ec-3", eac3.codec());

        // A dependent substream (strmtyp 1) at the reduced 24 kHz rate (fscod 3, fscod2 0).
        byte[] dependent = new BitWriter().u(16, 0x0B77).u(2, 1).u(3, 0).u(11, 95).u(2, 3).u(2, 0).u(3, 7).u(1, 1)
                .u(5, 16).u(5, 0).u(8, 0).toByteArray();
        Ac3SyncFrame dep = Ac3SyncFrame.parse(dependent, 0, dependent.length);
        assertFalse(dep.independent());
        assertEquals(24000, dep.sampleRate());
        assertEquals(6, dep.channels());
        assertEquals(1536, dep.samplesPerFrame());
    }

    @Test
    void mpegAudio() {
        // 11172-3 §2.4.2.3: MPEG-1 Layer III, 128 kbps, 44.1 kHz, no padding, joint stereo.
        byte[] header = {(byte) 0xFF, (byte) 0xFB, (byte) 0x90, 0x64};
        assertTrue(MpegAudioHeader.isSync(header, 0));
        assertEquals(new MpegAudioHeader(3, 44100, 2, 417, 1152), MpegAudioHeader.parse(header, 0));
        assertEquals("mp4a.40.34", MpegAudioHeader.parse(header, 0).codecString());
        // MPEG-2 Layer III (ID 0), 64 kbps, 22.05 kHz, padded, mono: 72 × 64000 / 22050 + 1.
        byte[] lsf = {(byte) 0xFF, (byte) 0xF3, (byte) 0x82, (byte) 0xC4};
        assertEquals(new MpegAudioHeader(3, 22050, 1, 209, 576), MpegAudioHeader.parse(lsf, 0));
        // MPEG-1 Layer II, 192 kbps, 48 kHz.
        byte[] mp2 = {(byte) 0xFF, (byte) 0xFD, (byte) 0xA4, 0x00};
        assertEquals(new MpegAudioHeader(2, 48000, 2, 576, 1152), MpegAudioHeader.parse(mp2, 0));
        assertEquals("mp4a.40.33", MpegAudioHeader.parse(mp2, 0).codecString());
        assertFalse(MpegAudioHeader.isSync(new byte[] {(byte) 0xFF, (byte) 0xFB, (byte) 0xF0, 0x00}, 0)); // bitrate 15
    }

    @Test
    void latm() {
        // 14496-3 §1.7.3: AudioSyncStream 0x2B7 + audioMuxLengthBytes, useSameStreamMux 0, audioMuxVersion 0,
        // allStreamsSameTimeFraming 1, numSubFrames 0, numProgram 0, numLayer 0, then AudioSpecificConfig:
        // object type 5 (SBR), 24 kHz core (index 6), stereo, extension rate 48 kHz (index 3).
        byte[] payload = new BitWriter().u(1, 0).u(1, 0).u(1, 1).u(6, 0).u(4, 0).u(3, 0)
                .u(5, 5).u(4, 6).u(4, 2).u(4, 3).u(5, 2).u(16, 0).toByteArray();
        byte[] frame = new byte[3 + payload.length];
        frame[0] = 0x56;
        frame[1] = (byte) (0xE0 | payload.length >> 8);
        frame[2] = (byte) payload.length;
        System.arraycopy(payload, 0, frame, 3, payload.length);
        assertTrue(LatmFrame.isSync(frame, 0));
        assertEquals(frame.length, LatmFrame.frameLength(frame, 0));
        AudioSpecificConfig config = LatmFrame.parseConfig(frame, 0, frame.length);
        assertEquals(new AudioSpecificConfig(5, 48000, 2, 2048), config);
        assertEquals("mp4a.40.5", config.codecString());

        frame[3] |= (byte) 0x80; // useSameStreamMux: no config in this frame
        assertNull(LatmFrame.parseConfig(frame, 0, frame.length));
    }
}
