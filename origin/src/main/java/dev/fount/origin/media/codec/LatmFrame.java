package dev.fount.origin.media.codec;

/**
 * LOAS/LATM framing of MPEG-4 audio (ISO/IEC 14496-3 §1.7.2 AudioSyncStream, §1.7.3
 * AudioMuxElement and StreamMuxConfig), as carried by MPEG-TS stream_type 0x11.
 *
 * <p>{@link #parseConfig} returns the AudioSpecificConfig of the first program and layer when the
 * frame carries a StreamMuxConfig ({@code useSameStreamMux == 0}); encoders repeat it only every
 * few frames, so many frames return null.
 */
public final class LatmFrame {

    public static final int HEADER_SIZE = 3;

    private LatmFrame() {
    }

    /** AudioSyncStream syncword 0x2B7 (11 bits). */
    public static boolean isSync(byte[] data, int offset) {
        return (data[offset] & 0xFF) == 0x56 && (data[offset + 1] & 0xE0) == 0xE0;
    }

    /** The whole AudioSyncStream frame: 3 header bytes plus audioMuxLengthBytes. */
    public static int frameLength(byte[] data, int offset) {
        return HEADER_SIZE + ((data[offset + 1] & 0x1F) << 8 | (data[offset + 2] & 0xFF));
    }

    /**
     * The first layer's AudioSpecificConfig of the frame at {@code offset}, or null when the frame
     * re-uses an earlier StreamMuxConfig.
     */
    public static AudioSpecificConfig parseConfig(byte[] data, int offset, int end) {
        BitReader r = new BitReader(data, offset + HEADER_SIZE, Math.min(end, offset + frameLength(data, offset)));
        if (r.readFlag()) { // useSameStreamMux
            return null;
        }
        int audioMuxVersion = r.readInt(1);
        int audioMuxVersionA = audioMuxVersion == 1 ? r.readInt(1) : 0;
        if (audioMuxVersionA != 0) {
            throw new BitstreamException("LATM audioMuxVersionA 1 is reserved");
        }
        if (audioMuxVersion == 1) {
            latmGetValue(r); // taraBufferFullness
        }
        r.skipBits(1 + 6 + 4 + 3); // allStreamsSameTimeFraming, numSubFrames, numProgram, numLayer
        // Program 0, layer 0 always carries its own config (useSameConfig is not coded for it).
        if (audioMuxVersion == 1) {
            latmGetValue(r); // ascLen
        }
        return AudioSpecificConfig.read(r);
    }

    /** §1.7.3 LatmGetValue(). */
    private static long latmGetValue(BitReader r) {
        int bytesForValue = r.readInt(2);
        long value = 0;
        for (int i = 0; i <= bytesForValue; i++) {
            value = value << 8 | r.readBits(8);
        }
        return value;
    }
}
