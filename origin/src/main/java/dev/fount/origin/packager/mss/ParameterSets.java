package dev.fount.origin.packager.mss;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Parameter sets out of ISO/IEC 14496-15 decoder configuration records, as Annex-B byte
 * streams (each NAL unit after a 00 00 00 01 start code): what a Smooth Streaming
 * QualityLevel's CodecPrivateData carries for H.264 and HEVC.
 */
public final class ParameterSets {

    private static final byte[] START_CODE = {0, 0, 0, 1};
    private static final int HEVC_VPS = 32;
    private static final int HEVC_SPS = 33;
    private static final int HEVC_PPS = 34;

    private ParameterSets() {
    }

    /** The NAL units of an AVCDecoderConfigurationRecord (§5.3.3.1): its SPS, then its PPS. */
    public static List<byte[]> fromAvcC(byte[] record) {
        Reader in = new Reader(record);
        int version = in.u8();
        if (version != 1) {
            throw new IllegalArgumentException("avcC configurationVersion " + version + ", not 1");
        }
        in.skip(3);     // AVCProfileIndication, profile_compatibility, AVCLevelIndication
        in.skip(1);     // reserved, lengthSizeMinusOne
        List<byte[]> nals = new ArrayList<>();
        int sps = in.u8() & 0x1F;
        for (int i = 0; i < sps; i++) {
            nals.add(in.bytes(in.u16()));
        }
        int pps = in.u8();
        for (int i = 0; i < pps; i++) {
            nals.add(in.bytes(in.u16()));
        }
        return nals;     // any SPS extension for high profiles follows; decoders do not need it here
    }

    /**
     * The VPS, SPS and PPS of an HEVCDecoderConfigurationRecord (§8.3.3.1), in that order
     * whatever the order of its arrays; other NAL units (SEI) are left out.
     */
    public static List<byte[]> fromHvcC(byte[] record) {
        Reader in = new Reader(record);
        int version = in.u8();
        if (version != 1) {
            throw new IllegalArgumentException("hvcC configurationVersion " + version + ", not 1");
        }
        in.skip(21);    // profile, tier, level, compatibility and constraint flags … lengthSizeMinusOne
        int arrays = in.u8();
        List<List<byte[]>> byType = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int a = 0; a < arrays; a++) {
            int type = in.u8() & 0x3F;
            int count = in.u16();
            for (int i = 0; i < count; i++) {
                byte[] nal = in.bytes(in.u16());
                if (type >= HEVC_VPS && type <= HEVC_PPS) {
                    byType.get(type - HEVC_VPS).add(nal);
                }
            }
        }
        List<byte[]> nals = new ArrayList<>();
        byType.forEach(nals::addAll);
        return nals;
    }

    /** NAL units as an Annex-B byte stream: each after a four-byte start code. */
    public static byte[] annexB(List<byte[]> nals) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] nal : nals) {
            out.writeBytes(START_CODE);
            out.writeBytes(nal);
        }
        return out.toByteArray();
    }

    /** Upper-case hex, as Smooth Streaming manifests write CodecPrivateData. */
    public static String hex(byte[] bytes) {
        return HexFormat.of().withUpperCase().formatHex(bytes);
    }

    private static final class Reader {
        private final byte[] data;
        private int at;

        Reader(byte[] data) {
            this.data = data;
        }

        int u8() {
            need(1);
            return data[at++] & 0xFF;
        }

        int u16() {
            return u8() << 8 | u8();
        }

        void skip(int n) {
            need(n);
            at += n;
        }

        byte[] bytes(int n) {
            need(n);
            byte[] b = java.util.Arrays.copyOfRange(data, at, at + n);
            at += n;
            return b;
        }

        private void need(int n) {
            if (at + n > data.length) {
                throw new IllegalArgumentException("decoder configuration record ends at byte " + data.length + ", needs " + (at + n));
            }
        }
    }
}
