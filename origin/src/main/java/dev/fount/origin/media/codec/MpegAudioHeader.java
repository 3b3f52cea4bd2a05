package dev.fount.origin.media.codec;

/**
 * An MPEG-1/2 audio frame header (ISO/IEC 11172-3 §2.4.2.3, ISO/IEC 13818-3 for the
 * lower sampling frequencies, and the unofficial MPEG 2.5).
 *
 * @param layer           1, 2 or 3
 * @param sampleRate      Hz
 * @param channels        1 for single_channel mode, else 2
 * @param frameLength     the whole frame in bytes, padding included
 * @param samplesPerFrame 384 (Layer I), 1152 (Layer II, MPEG-1 Layer III) or 576 (MPEG-2/2.5 Layer III)
 */
public record MpegAudioHeader(int layer, int sampleRate, int channels, int frameLength, int samplesPerFrame) {

    public static final int HEADER_SIZE = 4;

    /** kbps by [MPEG-1 ? 0 : 1][layer - 1][bitrate_index]. */
    private static final int[][][] BIT_RATES = {
        {
            {0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448},
            {0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384},
            {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320},
        },
        {
            {0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256},
            {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160},
            {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160},
        },
    };
    private static final int[] MPEG1_SAMPLE_RATES = {44100, 48000, 32000};

    /**
     * RFC 6381 CODECS value as the brief for this origin asks: MPEG-4 audio object types
     * 32, 33, 34 (Layer I, II, III).
     */
    public String codecString() {
        return "mp4a.40." + (31 + layer);
    }

    /** frame sync, a valid version, layer, bit rate and sampling frequency at {@code offset}. */
    public static boolean isSync(byte[] data, int offset) {
        int b1 = data[offset + 1] & 0xFF;
        int b2 = data[offset + 2] & 0xFF;
        return (data[offset] & 0xFF) == 0xFF && (b1 & 0xE0) == 0xE0
                && (b1 & 0x18) != 0x08 // version '01' is reserved
                && (b1 & 0x06) != 0 // layer '00' is reserved
                && (b2 & 0xF0) != 0xF0 && (b2 & 0xF0) != 0 // bitrate_index 15 is forbidden, 0 is free format
                && (b2 & 0x0C) != 0x0C;
    }

    /** Frame length of a header that passed {@link #isSync}. */
    public static int frameLength(byte[] data, int offset) {
        return parse(data, offset).frameLength;
    }

    public static MpegAudioHeader parse(byte[] data, int offset) {
        if (!isSync(data, offset)) {
            throw new BitstreamException("no valid MPEG audio frame header");
        }
        int version = (data[offset + 1] & 0x18) >> 3; // 3 MPEG-1, 2 MPEG-2, 0 MPEG-2.5
        int layer = 4 - ((data[offset + 1] & 0x06) >> 1);
        int bitRate = BIT_RATES[version == 3 ? 0 : 1][layer - 1][(data[offset + 2] & 0xF0) >> 4] * 1000;
        int sampleRate = MPEG1_SAMPLE_RATES[(data[offset + 2] & 0x0C) >> 2] >> (version == 3 ? 0 : version == 2 ? 1 : 2);
        int padding = (data[offset + 2] & 0x02) >> 1;
        int channels = (data[offset + 3] & 0xC0) == 0xC0 ? 1 : 2;
        int samples;
        int length;
        if (layer == 1) {
            samples = 384;
            length = (12 * bitRate / sampleRate + padding) * 4;
        } else {
            samples = layer == 3 && version != 3 ? 576 : 1152;
            length = samples / 8 * bitRate / sampleRate + padding;
        }
        return new MpegAudioHeader(layer, sampleRate, channels, length, samples);
    }
}
