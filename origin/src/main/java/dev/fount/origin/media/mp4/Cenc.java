package dev.fount.origin.media.mp4;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import dev.fount.origin.media.MediaKind;
import dev.fount.origin.media.Sample;
import dev.fount.origin.media.TrackFormat;
import dev.fount.origin.media.TrackSamples;

/**
 * Common Encryption of one track's samples (ISO/IEC 23001-7): the {@code cenc} scheme (AES-128
 * CTR, an 8-byte IV per sample) and the {@code cbcs} scheme (AES-128 CBC from a constant IV, video
 * in a 1:9 pattern). Pure and thread-safe: the caller holds the keys and hands them in.
 *
 * <p><b>Subsamples</b> (§9.5, and §10.2/10.3 for NAL-structured video). Audio is encrypted whole.
 * Video keeps every NAL length field and every non-VCL NAL unit (SPS, PPS, SEI, AUD) in the
 * clear; a VCL NAL unit keeps its first {@value #CLEAR_LEAD} bytes clear (the NAL header and, in
 * practice, the slice header, which §10.2 asks {@code cbcs} to leave readable) and is protected
 * from there to its end in whole 16-byte blocks, the odd remainder joining the clear bytes in
 * front (so a protected range always ends where its NAL unit does). A NAL unit too short for one
 * protected block stays clear.
 *
 * <p><b>IVs.</b> {@code cenc}: each sample's IV is the fragment's 8-byte IV base plus the sample's
 * index, and the counter runs on across a sample's protected ranges (§9.1). {@code cbcs}: every
 * protected range starts from the constant IV, and the CBC chain runs on through that range's
 * encrypted blocks (§9.7); a last partial block, and a last partial pattern, stay clear.
 */
public final class Cenc {

    /** The two schemes MediaPackage offers: AES_CTR and SAMPLE_AES. */
    public enum Scheme {
        CENC("cenc"), CBCS("cbcs");

        private final String fourcc;

        Scheme(String fourcc) {
            this.fourcc = fourcc;
        }

        /** The schm scheme_type and the DASH {@code mp4protection} value. */
        public String fourcc() {
            return fourcc;
        }
    }

    /** Bytes of each VCL NAL unit (after its length field) left clear. */
    static final int CLEAR_LEAD = 32;
    /** The {@code cbcs} video pattern (§10.4.2 recommends 1:9): one block encrypted, nine clear. */
    static final int CRYPT_BLOCKS = 1;
    static final int SKIP_BLOCKS = 9;
    private static final int BLOCK = 16;
    private static final int MAX_CLEAR = 0xFFFF;

    private Cenc() {
    }

    /** One (clear, protected) pair of a sample's subsample map (§7.2.2 senc). */
    public record Subsample(int clear, int encrypted) {
    }

    /**
     * A sample's auxiliary information: its IV (8 bytes for {@code cenc}, empty for {@code cbcs}'s
     * constant IV) and its subsamples (empty: the whole sample is protected).
     */
    public record SampleInfo(byte[] iv, List<Subsample> subsamples) {
        public SampleInfo {
            iv = iv.clone();
            subsamples = List.copyOf(subsamples);
        }

        /** Its size in senc / saiz: the IV, then a 16-bit count and 6 bytes per subsample when there are any. */
        int size(boolean withSubsamples) {
            return iv.length + (withSubsamples ? 2 + 6 * subsamples.size() : 0);
        }
    }

    /**
     * How a track is protected, for its init segment: the tenc defaults and the pssh boxes.
     *
     * @param constantIv the {@code cbcs} constant IV (16 bytes); ignored for {@code cenc}
     * @param pssh       whole {@code pssh} boxes, as key servers hand them out
     */
    public record TrackProtection(Scheme scheme, UUID defaultKid, byte[] constantIv, List<byte[]> pssh) {
        public TrackProtection {
            Objects.requireNonNull(scheme, "scheme");
            Objects.requireNonNull(defaultKid, "defaultKid");
            if (scheme == Scheme.CBCS && (constantIv == null || constantIv.length != BLOCK)) {
                throw new IllegalArgumentException("cbcs needs a 16-byte constant IV");
            }
            constantIv = constantIv == null ? null : constantIv.clone();
            pssh = pssh.stream().map(byte[]::clone).toList();
        }

        @Override
        public byte[] constantIv() {
            return constantIv == null ? null : constantIv.clone();
        }

        /** The per-sample IV size of this scheme: 8 for {@code cenc}, 0 (constant IV) for {@code cbcs}. */
        public int perSampleIvSize() {
            return scheme == Scheme.CENC ? 8 : 0;
        }
    }

    /**
     * One fragment encrypted: its samples (same timing, encrypted payloads), their auxiliary
     * information, the key id used, and the pssh boxes to put in its moof (for key rotation).
     */
    public record Fragment(TrackSamples samples, TrackProtection track, UUID kid, List<SampleInfo> info, List<byte[]> pssh) {
        public Fragment {
            info = List.copyOf(info);
            pssh = pssh.stream().map(byte[]::clone).toList();
        }

        /** Whether senc carries subsample maps (flag 0x2): always for video. */
        boolean subsamples() {
            return info.stream().anyMatch(i -> !i.subsamples().isEmpty());
        }
    }

    /**
     * Encrypts one fragment's samples.
     *
     * @param t      the clear samples (video payloads with length-prefixed NAL units, as in MP4)
     * @param track  the track's protection (scheme, and cbcs's constant IV)
     * @param kid    the key id of {@code key}: the track's default, or another under key rotation
     * @param key    the 16-byte content key
     * @param ivBase {@code cenc}: the fragment's 8-byte IV base (unique per key, rendition and fragment); ignored for {@code cbcs}
     * @param pssh   pssh boxes for the moof (empty unless the key rotates)
     */
    public static Fragment encrypt(TrackSamples t, TrackProtection track, UUID kid, byte[] key, byte[] ivBase, List<byte[]> pssh) {
        if (key == null || key.length != BLOCK) {
            throw new IllegalArgumentException("a content key is 16 bytes");
        }
        if (track.scheme() == Scheme.CENC && (ivBase == null || ivBase.length != 8)) {
            throw new IllegalArgumentException("cenc needs an 8-byte IV base");
        }
        boolean video = t.format().kind() == MediaKind.VIDEO;
        int lengthSize = video ? nalLengthSize(t.format()) : 0;
        boolean hevc = t.format().fourcc().equals("hvc1") || t.format().fourcc().equals("hev1");
        byte[] data = new byte[t.payloadBytes()];
        List<Sample> samples = new ArrayList<>(t.samples().size());
        List<SampleInfo> info = new ArrayList<>(t.samples().size());
        Cipher cipher = cipher(track.scheme());
        SecretKeySpec aes = new SecretKeySpec(key, "AES");
        long base = track.scheme() == Scheme.CENC ? ByteBuffer.wrap(ivBase).getLong() : 0;
        int at = 0;
        for (int i = 0; i < t.samples().size(); i++) {
            Sample s = t.samples().get(i);
            System.arraycopy(t.data(), s.offset(), data, at, s.size());
            List<Subsample> map = video ? subsamples(data, at, s.size(), lengthSize, hevc) : List.of();
            byte[] iv = track.scheme() == Scheme.CENC ? ByteBuffer.allocate(8).putLong(base + i).array() : new byte[0];
            if (track.scheme() == Scheme.CENC) {
                ctr(cipher, aes, iv, data, at, s.size(), map);
            } else {
                cbcs(cipher, aes, track.constantIv, data, at, s.size(), map);
            }
            info.add(new SampleInfo(iv, map));
            samples.add(new Sample(s.decodeTime(), s.compositionOffset(), s.duration(), s.sync(), at, s.size()));
            at += s.size();
        }
        return new Fragment(new TrackSamples(t.format(), samples, data), track, kid, info, pssh);
    }

    /**
     * The subsample map of one video sample of length-prefixed NAL units.
     *
     * @throws IllegalArgumentException when a NAL length runs past the sample
     */
    static List<Subsample> subsamples(byte[] data, int offset, int size, int lengthSize, boolean hevc) {
        List<Subsample> out = new ArrayList<>();
        int end = offset + size;
        int pos = offset;
        long clear = 0;
        while (pos < end) {
            if (end - pos < lengthSize) {
                throw new IllegalArgumentException("a NAL length field runs past the end of the sample at byte " + (pos - offset));
            }
            long length = 0;
            for (int i = 0; i < lengthSize; i++) {
                length = length << 8 | data[pos + i] & 0xFF;
            }
            if (length > end - pos - lengthSize) {
                throw new IllegalArgumentException("a NAL unit of " + length + " bytes runs past the end of the sample at byte " + (pos - offset));
            }
            int nal = (int) length;
            int protect = nal > 0 && vcl(data[pos + lengthSize], hevc) ? (nal - CLEAR_LEAD) / BLOCK * BLOCK : 0;
            if (protect > 0) {
                clear += lengthSize + nal - protect;
                while (clear > MAX_CLEAR) {
                    out.add(new Subsample(MAX_CLEAR, 0));
                    clear -= MAX_CLEAR;
                }
                out.add(new Subsample((int) clear, protect));
                clear = 0;
            } else {
                clear += lengthSize + nal;
            }
            pos += lengthSize + nal;
        }
        while (clear > 0 || out.isEmpty()) {
            int c = (int) Math.min(clear, MAX_CLEAR);
            out.add(new Subsample(c, 0));
            clear -= c;
            if (c == 0) {
                break;
            }
        }
        return out;
    }

    /** Video coding layer NAL units: H.264 types 1–5 (14496-10 Table 7-1), HEVC types 0–31 (23008-2 Table 7-1). */
    private static boolean vcl(byte header, boolean hevc) {
        int type = hevc ? (header >> 1) & 0x3F : header & 0x1F;
        return hevc ? type <= 31 : type >= 1 && type <= 5;
    }

    /** lengthSizeMinusOne + 1 of avcC (byte 4) or hvcC (byte 21), 14496-15 §5.3.3.1 / §8.3.3.1. */
    static int nalLengthSize(TrackFormat f) {
        byte[] config = f.decoderConfig();
        boolean hevc = f.fourcc().equals("hvc1") || f.fourcc().equals("hev1");
        int at = hevc ? 21 : 4;
        if (config.length <= at) {
            throw new IllegalArgumentException("the " + f.fourcc() + " decoder configuration is too short to give a NAL length size");
        }
        int n = (config[at] & 0x03) + 1;
        if (n == 3) {
            throw new IllegalArgumentException("a NAL length size of 3 bytes is not allowed (14496-15)");
        }
        return n;
    }

    private static Cipher cipher(Scheme scheme) {
        try {
            return Cipher.getInstance(scheme == Scheme.CENC ? "AES/CTR/NoPadding" : "AES/CBC/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no AES " + scheme, e);
        }
    }

    /** {@code cenc}: AES-CTR with counter block IV‖0, running on through the sample's protected ranges. */
    private static void ctr(Cipher c, SecretKeySpec key, byte[] iv8, byte[] data, int offset, int size, List<Subsample> map) {
        try {
            c.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(Arrays.copyOf(iv8, BLOCK)));
            if (map.isEmpty()) {
                c.update(data, offset, size, data, offset);
                return;
            }
            int pos = offset;
            for (Subsample s : map) {
                pos += s.clear();
                if (s.encrypted() > 0) {
                    c.update(data, pos, s.encrypted(), data, pos);
                }
                pos += s.encrypted();
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CTR failed", e);
        }
    }

    /** {@code cbcs}: AES-CBC from the constant IV per protected range; video in the 1:9 pattern, audio every whole block. */
    private static void cbcs(Cipher c, SecretKeySpec key, byte[] iv, byte[] data, int offset, int size, List<Subsample> map) {
        try {
            if (map.isEmpty()) {
                c.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv));
                int whole = size / BLOCK * BLOCK;
                if (whole > 0) {
                    c.update(data, offset, whole, data, offset);
                }
                return;
            }
            int pos = offset;
            for (Subsample s : map) {
                pos += s.clear();
                if (s.encrypted() > 0) {
                    c.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv));
                    int stride = (CRYPT_BLOCKS + SKIP_BLOCKS) * BLOCK;
                    for (int at = pos; pos + s.encrypted() - at >= CRYPT_BLOCKS * BLOCK; at += stride) {
                        c.update(data, at, CRYPT_BLOCKS * BLOCK, data, at);
                    }
                }
                pos += s.encrypted();
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CBC failed", e);
        }
    }
}
