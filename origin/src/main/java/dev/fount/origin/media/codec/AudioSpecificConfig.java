package dev.fount.origin.media.codec;

/**
 * The leading fields of an MPEG-4 AudioSpecificConfig (ISO/IEC 14496-3 §1.6.2.1), enough for the
 * RFC 6381 codec string and the output sample rate.
 *
 * @param audioObjectType the first audioObjectType coded: 5 (SBR) or 29 (PS) for explicitly signalled HE-AAC
 * @param sampleRate      output sample rate: the extension rate when SBR is signalled
 * @param channels        from channelConfiguration, or null when 0
 * @param samplesPerFrame 1024, or 2048 at the doubled output rate of explicit SBR/PS
 */
public record AudioSpecificConfig(int audioObjectType, int sampleRate, Integer channels, int samplesPerFrame) {

    public String codecString() {
        return "mp4a.40." + audioObjectType;
    }

    /** Reads the configuration bytes as an esds DecoderSpecificInfo carries them. */
    public static AudioSpecificConfig parse(byte[] config) {
        return read(new BitReader(config));
    }

    static AudioSpecificConfig read(BitReader r) {
        int audioObjectType = readAudioObjectType(r);
        int sampleRate = readSamplingFrequency(r);
        int channelConfiguration = r.readInt(4);
        int samplesPerFrame = 1024;
        if (audioObjectType == 5 || audioObjectType == 29) {
            sampleRate = readSamplingFrequency(r); // extensionSamplingFrequency
            samplesPerFrame = 2048;
        }
        return new AudioSpecificConfig(audioObjectType, sampleRate,
                AudioChannels.fromChannelConfiguration(channelConfiguration), samplesPerFrame);
    }

    /** §1.6.2.1 GetAudioObjectType(): 5 bits, escape 31 adds 6 more. */
    private static int readAudioObjectType(BitReader r) {
        int type = r.readInt(5);
        return type == 31 ? 32 + r.readInt(6) : type;
    }

    private static int readSamplingFrequency(BitReader r) {
        int index = r.readInt(4);
        if (index == 0xF) {
            return r.readInt(24);
        }
        if (index >= AdtsHeader.SAMPLE_RATES.length) {
            throw new BitstreamException("AudioSpecificConfig samplingFrequencyIndex " + index + " is reserved");
        }
        return AdtsHeader.SAMPLE_RATES[index];
    }
}
