package dev.fount.origin.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Objects;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * HLS {@code METHOD=AES-128}: whole segments encrypted with AES-128-CBC and PKCS#7 padding
 * (RFC 8216 §4.3.2.4), the IV rules of §5.2, and the key period arithmetic of key rotation.
 */
public final class Aes128 {

    /** The MPEG-TS / HLS media clock. */
    public static final long TICKS_PER_SECOND = 90_000;

    private Aes128() {
    }

    /**
     * The segment encrypted as RFC 8216 asks: AES-128-CBC over all of it, padded to a whole block
     * with PKCS#7 (the JDK's "PKCS5Padding" is PKCS#7 for 16-byte blocks).
     */
    public static byte[] encryptSegment(byte[] segment, byte[] key, byte[] iv) {
        Objects.requireNonNull(segment, "segment");
        block(key, "key");
        block(iv, "IV");
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
            return cipher.doFinal(segment);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no AES/CBC/PKCS5Padding", e);
        }
    }

    /**
     * The IV of a segment: the constant IV when configured, else the media sequence number as a
     * 128-bit big-endian integer, which is what players assume when EXT-X-KEY has no IV (RFC 8216 §5.2).
     *
     * @param constantInitializationVector 32 hex characters, or null
     * @param mediaSequence                the segment's media sequence number
     */
    public static byte[] iv(String constantInitializationVector, long mediaSequence) {
        if (constantInitializationVector != null) {
            if (constantInitializationVector.length() != 2 * ContentKey.LENGTH) {
                throw new IllegalArgumentException("constant IV must be 32 hex characters, not " + constantInitializationVector.length());
            }
            try {
                return HexFormat.of().parseHex(constantInitializationVector);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("constant IV '" + constantInitializationVector + "' is not hex", e);
            }
        }
        if (mediaSequence < 0) {
            throw new IllegalArgumentException("media sequence number " + mediaSequence + " is negative");
        }
        return ByteBuffer.allocate(ContentKey.LENGTH).putLong(8, mediaSequence).array();
    }

    /** The EXT-X-KEY IV attribute value: {@code 0x} and 32 hex digits. */
    public static String ivAttribute(byte[] iv) {
        block(iv, "IV");
        return "0x" + HexFormat.of().withUpperCase().formatHex(iv);
    }

    /**
     * The key period a media time falls in: floor(time / rotation), or {@link KeyRequest#NO_ROTATION}
     * when the rotation interval is 0 (one key for ever).
     *
     * @param mediaTimeTicks90k media time on the 90 kHz clock
     * @param rotationSeconds   the key rotation interval
     */
    public static long keyPeriod(long mediaTimeTicks90k, int rotationSeconds) {
        if (rotationSeconds < 0) {
            throw new IllegalArgumentException("key rotation interval " + rotationSeconds + " s is negative");
        }
        if (rotationSeconds == 0) {
            return KeyRequest.NO_ROTATION;
        }
        if (mediaTimeTicks90k < 0) {
            throw new IllegalArgumentException("media time " + mediaTimeTicks90k + " is negative");
        }
        return mediaTimeTicks90k / (rotationSeconds * TICKS_PER_SECOND);
    }

    private static void block(byte[] bytes, String what) {
        if (Objects.requireNonNull(bytes, what).length != ContentKey.LENGTH) {
            throw new IllegalArgumentException("AES-128 " + what + " must be " + ContentKey.LENGTH + " bytes, not " + bytes.length);
        }
    }
}
