package dev.fount.origin.media.ts;

import dev.fount.origin.media.codec.AdtsHeader;
import dev.fount.origin.media.codec.BitstreamException;
import dev.fount.origin.media.codec.NalUnits;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.util.Arrays;

import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * The elementary-stream half of SAMPLE-AES (Apple, "MPEG-2 Stream Encryption Format for HTTP Live
 * Streaming", §2): which bytes of an H.264 NAL unit or an ADTS frame are encrypted, and how.
 *
 * <p>§2.1: every protected block is AES-128-CBC (NIST SP 800-38A §6.2) without padding, the chain
 * starting again from the IV at each protected block. The chain is kept here, over single-block AES,
 * because in video it runs across encrypted blocks that are not adjacent (§2.2's 1-in-10 pattern).
 *
 * <p>One instance per segment; not thread-safe.
 */
final class SampleAesPayloads {

    static final int BLOCK = 16;
    /** Apple §2.2: the nal_unit_type byte and the 31 bytes after it stay clear. */
    static final int VIDEO_CLEAR_LEADER = 32;
    /** Apple §2.2: each encrypted 16-byte block is followed by up to 144 clear bytes (nine blocks). */
    static final int VIDEO_CLEAR_RUN = 144;
    /** Apple §2.3: after the ADTS header, the first 16 bytes of the raw frame stay clear. */
    static final int AUDIO_CLEAR_LEADER = 16;

    private static final int NAL_NON_IDR_SLICE = 1;
    private static final int NAL_IDR_SLICE = 5;
    private static final byte[] START_CODE = {0, 0, 0, 1};

    private final Cipher aes;
    private final byte[] iv;
    private final byte[] chain = new byte[BLOCK];

    SampleAesPayloads(byte[] key, byte[] iv) {
        this.iv = iv.clone();
        try {
            aes = Cipher.getInstance("AES/ECB/NoPadding"); // the bare block function; CBC is done in cbc()
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no AES/ECB/NoPadding", e);
        }
    }

    // ---- H.264, §2.2 ----

    /**
     * Encrypts an Annex B byte stream (ISO/IEC 14496-10 Annex B), the payload of one PES packet, and
     * returns the result. Slices (nal_unit_type 1 and 5) longer than 48 bytes get {@link #encryptNalUnit};
     * every other NAL unit is copied. Each NAL unit keeps its start code, 3 or 4 bytes as it came.
     *
     * <p>leading_zero_8bits and trailing_zero_8bits (B.1.2) are dropped: they carry nothing, and without
     * them every decryptor ends a NAL unit at the same byte. FFmpeg and hls.js count zeros before a start
     * code beyond its zero_byte as part of the NAL unit in front, ISO/IEC 14496-10 does not (§7.4.1: a NAL
     * unit's last byte is not 0x00); the length decides whether the last block is encrypted.
     *
     * @throws BitstreamException when the bytes do not start with a start code (after zeros): a NAL unit
     *                            begun in the previous PES packet cannot be encrypted on its own
     */
    byte[] encryptH264(byte[] es, int from, int to) {
        int next = NalUnits.nextNalUnit(es, from, to);
        int zerosBefore = next < 0 ? to - from : next - 3 - from;
        for (int i = from; i < from + zerosBefore; i++) {
            if (es[i] != 0) {
                throw new BitstreamException("the PES payload does not begin with a start code: a NAL unit that"
                        + " continues from the previous PES packet cannot be SAMPLE-AES encrypted");
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(to - from + (to - from >> 6) + 16);
        while (next >= 0) {
            int following = NalUnits.nextNalUnit(es, next, to);
            int end = NalUnits.endOfNalUnit(following, to);
            int zeros = 0;
            while (end > next && es[end - 1] == 0) {
                end--;
                zeros++;
            }
            out.write(START_CODE, zerosBefore > 0 ? 0 : 1, zerosBefore > 0 ? 4 : 3); // zero_byte as it came
            int type = end > next ? es[next] & 0x1F : 0; // nal_unit_type; 0 for an empty NAL unit
            if ((type == NAL_NON_IDR_SLICE || type == NAL_IDR_SLICE) && end - next > VIDEO_CLEAR_LEADER + BLOCK) {
                byte[] nal = Arrays.copyOfRange(es, next, end);
                encryptNalUnit(nal);
                escape(nal, out);
            } else {
                out.write(es, next, end - next);
            }
            zerosBefore = zeros;
            next = following;
        }
        return out.toByteArray();
    }

    /**
     * Apple §2.2 on one NAL unit, in place: 32 clear bytes, then while more than 16 bytes remain,
     * one encrypted block followed by up to 144 clear bytes. The CBC chain starts from the IV and runs
     * on across the NAL unit's encrypted blocks. The NAL unit is taken as it is in the byte stream, with
     * its emulation_prevention_three_bytes (§2.2: "each NAL unit is formed with start code emulation
     * prevention applied"); {@link #escape} then protects the result. A decryptor undoes that outer
     * escaping, decrypts, and has the original NAL unit, its own emulation prevention intact.
     */
    void encryptNalUnit(byte[] nal) {
        System.arraycopy(iv, 0, chain, 0, BLOCK);
        for (int p = VIDEO_CLEAR_LEADER; nal.length - p > BLOCK; p += BLOCK + VIDEO_CLEAR_RUN) {
            cbc(nal, p);
        }
    }

    /**
     * Emulation prevention (ISO/IEC 14496-10 §7.4.1) over {@code nal}: 0x03 after every two zero bytes
     * that a byte 0x00–0x03 follows, so no start code prefix appears. Applied to the whole encrypted NAL
     * unit, its clear bytes included, as decryptors remove it from the whole NAL unit. No final 0x03 is
     * needed: an encrypted NAL unit ends in clear bytes (at least one follows every encrypted block), so
     * its last byte is the original's, which is not 0x00 (§7.4.1; trailing zeros were dropped).
     */
    static void escape(byte[] nal, ByteArrayOutputStream out) {
        int zeros = 0;
        for (byte b : nal) {
            if (zeros == 2 && (b & 0xFF) <= 3) {
                out.write(3);
                zeros = 0;
            }
            out.write(b);
            zeros = b == 0 ? zeros + 1 : 0;
        }
    }

    // ---- AAC in ADTS, Apple §2.3 ----

    /**
     * Encrypts the ADTS frames (ISO/IEC 13818-7 §6.2) that fill {@code es[from, to)}, in place; sizes
     * do not change. Per frame (Apple §2.3, AAC): the 7- or 9-byte header and the first 16 bytes of
     * the raw frame clear, then every whole 16-byte block encrypted in one CBC chain from the IV, the
     * trailing 0–15 bytes clear.
     *
     * @return the offset of the first frame's header, or -1 when there is no frame
     * @throws BitstreamException when the bytes are not whole, back-to-back ADTS frames
     */
    int encryptAdts(byte[] es, int from, int to) {
        int p = from;
        while (p < to) {
            if (to - p < AdtsHeader.HEADER_SIZE || !AdtsHeader.isSync(es, p)) {
                throw new BitstreamException("no ADTS syncword at payload byte " + (p - from)
                        + ": SAMPLE-AES needs whole, back-to-back ADTS frames in each PES packet");
            }
            int length = AdtsHeader.frameLength(es, p);
            if (length < 0) {
                throw new BitstreamException("ADTS frame_length at payload byte " + (p - from)
                        + " is shorter than its header");
            }
            if (p + length > to) {
                throw new BitstreamException("the ADTS frame at payload byte " + (p - from) + " (frame_length " + length
                        + ") runs past the end of the PES packet: SAMPLE-AES needs whole frames in each PES packet");
            }
            encryptAdtsFrame(es, p, length);
            p += length;
        }
        return to > from ? from : -1;
    }

    /** One frame of {@link #encryptAdts}: {@code length} bytes from {@code frame}, header included. */
    void encryptAdtsFrame(byte[] es, int frame, int length) {
        int header = (es[frame + 1] & 0x01) == 0 ? AdtsHeader.HEADER_SIZE + 2 : AdtsHeader.HEADER_SIZE; // + CRC
        System.arraycopy(iv, 0, chain, 0, BLOCK);
        for (int p = frame + header + AUDIO_CLEAR_LEADER; p + BLOCK <= frame + length; p += BLOCK) {
            cbc(es, p);
        }
    }

    // ---- AES-128-CBC ----

    /** One CBC step in place (SP 800-38A §6.2): C = AES(P xor previous C), the IV before the first block. */
    private void cbc(byte[] data, int at) {
        for (int k = 0; k < BLOCK; k++) {
            data[at + k] ^= chain[k];
        }
        try {
            aes.update(data, at, BLOCK, chain, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES block encryption failed", e);
        }
        System.arraycopy(chain, 0, data, at, BLOCK);
    }
}
