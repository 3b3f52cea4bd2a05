package dev.fount.origin.media.codec;

/**
 * An ADTS frame header (ISO/IEC 13818-7 §6.2.1, adts_fixed_header and adts_variable_header).
 *
 * @param audioObjectType    MPEG-4 audio object type: ADTS profile + 1 (2 = AAC LC)
 * @param sampleRate         from sampling_frequency_index
 * @param channels           from channel_configuration, or null when 0 (a program_config_element says)
 * @param frameLength        frame_length: the whole frame, header included
 * @param samplesPerFrame    1024 × (number_of_raw_data_blocks_in_frame + 1)
 */
public record AdtsHeader(int audioObjectType, int sampleRate, Integer channels, int frameLength, int samplesPerFrame) {

    public static final int HEADER_SIZE = 7;

    /** ISO/IEC 14496-3 Table 1.18, sampling_frequency_index → Hz. */
    static final int[] SAMPLE_RATES = {96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350};

    /** RFC 6381 §3.3: {@code mp4a.40.<audio object type>}. */
    public String codecString() {
        return "mp4a.40." + audioObjectType;
    }

    /** syncword 0xFFF and layer '00' at {@code offset}; needs {@link #HEADER_SIZE} bytes available. */
    public static boolean isSync(byte[] data, int offset) {
        return (data[offset] & 0xFF) == 0xFF && (data[offset + 1] & 0xF6) == 0xF0;
    }

    /** frame_length of the header at {@code offset}, or -1 if it cannot hold even the header. */
    public static int frameLength(byte[] data, int offset) {
        int length = (data[offset + 3] & 0x03) << 11 | (data[offset + 4] & 0xFF) << 3 | (data[offset + 5] & 0xE0) >> 5;
        int headerSize = (data[offset + 1] & 0x01) == 0 ? 9 : 7; // protection_absent = 0 adds a CRC
        return length >= headerSize ? length : -1;
    }

    public static AdtsHeader parse(byte[] data, int offset) {
        if (!isSync(data, offset)) {
            throw new BitstreamException("no ADTS syncword");
        }
        int profile = (data[offset + 2] & 0xC0) >> 6;
        int frequencyIndex = (data[offset + 2] & 0x3C) >> 2;
        if (frequencyIndex >= SAMPLE_RATES.length) {
            throw new BitstreamException("ADTS sampling_frequency_index " + frequencyIndex + " is reserved");
        }
        int channelConfiguration = (data[offset + 2] & 0x01) << 2 | (data[offset + 3] & 0xC0) >> 6;
        int frameLength = frameLength(data, offset);
        if (frameLength < 0) {
            throw new BitstreamException("ADTS frame_length is shorter than its header");
        }
        int rawDataBlocks = (data[offset + 6] & 0x03) + 1;
        return new AdtsHeader(profile + 1, SAMPLE_RATES[frequencyIndex],
                AudioChannels.fromChannelConfiguration(channelConfiguration), frameLength, 1024 * rawDataBlocks);
    }
}
