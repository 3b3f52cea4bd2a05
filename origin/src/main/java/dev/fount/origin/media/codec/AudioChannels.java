package dev.fount.origin.media.codec;

/** MPEG-4 channelConfiguration (ISO/IEC 14496-3 Table 1.19, 23001-8) → channel count. */
final class AudioChannels {

    private static final int[] COUNTS = {0, 1, 2, 3, 4, 5, 6, 8, 0, 0, 0, 7, 8, 24, 8};

    private AudioChannels() {
    }

    /** null for 0 (defined by a program_config_element) and for reserved values. */
    static Integer fromChannelConfiguration(int channelConfiguration) {
        if (channelConfiguration <= 0 || channelConfiguration >= COUNTS.length || COUNTS[channelConfiguration] == 0) {
            return null;
        }
        return COUNTS[channelConfiguration];
    }
}
