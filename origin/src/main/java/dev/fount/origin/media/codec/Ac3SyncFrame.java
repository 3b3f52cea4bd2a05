package dev.fount.origin.media.codec;

/**
 * The head of an AC-3 or E-AC-3 sync frame (ATSC A/52: §5.3 syncinfo/bsi for AC-3, Annex E §E.1.2
 * for E-AC-3). bsid tells them apart: up to 10 is AC-3, 11–16 is E-AC-3.
 *
 * @param bsid            bit stream identification
 * @param sampleRate      from fscod (and fscod2 for E-AC-3 reduced rates)
 * @param channels        from acmod, plus one when lfeon
 * @param frameSize       the whole sync frame in bytes
 * @param samplesPerFrame 1536 for AC-3; 256 × audio blocks for E-AC-3
 * @param independent     false for an E-AC-3 dependent substream, which belongs to the preceding frame
 * @param substreamId     E-AC-3 substreamid (0 for AC-3)
 */
public record Ac3SyncFrame(int bsid, int sampleRate, int channels, int frameSize, int samplesPerFrame,
                           boolean independent, int substreamId) {

    public static final int HEADER_SIZE = 8;

    private static final int[] SAMPLE_RATES = {48000, 44100, 32000};
    private static final int[] REDUCED_SAMPLE_RATES = {24000, 22050, 16000};
    /** A/52 Table 5.18 nominal bit rates in kbps, indexed by frmsizecod / 2. */
    private static final int[] BIT_RATES = {32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384, 448, 512, 576, 640};
    /** A/52 Table 5.8: full-bandwidth channels per acmod. */
    private static final int[] ACMOD_CHANNELS = {2, 1, 2, 3, 3, 4, 4, 5};
    private static final int[] AUDIO_BLOCKS = {1, 2, 3, 6};

    public boolean enhanced() {
        return bsid > 10;
    }

    /** {@code ac-3} or {@code ec-3} (ETSI TS 102 366 Annex F; the CODECS values HLS uses). */
    public String codec() {
        return enhanced() ? "ec-3" : "ac-3";
    }

    public static boolean isSync(byte[] data, int offset) {
        return data[offset] == 0x0B && data[offset + 1] == 0x77;
    }

    /** Size in bytes of the frame at {@code offset}, or -1 when its header is invalid. */
    public static int frameSize(byte[] data, int offset) {
        int bsid = (data[offset + 5] & 0xF8) >> 3;
        if (bsid > 10) {
            // E.1.2.1: frmsiz is the number of 16-bit words minus one.
            return (((data[offset + 2] & 0x07) << 8 | (data[offset + 3] & 0xFF)) + 1) * 2;
        }
        int fscod = (data[offset + 4] & 0xC0) >> 6;
        int frmsizecod = data[offset + 4] & 0x3F;
        if (fscod == 3 || frmsizecod > 37) {
            return -1;
        }
        // Table 5.18 as a formula: words = kbps · 96000 / rate (44.1 kHz rounds down, odd codes add a word).
        int sampleRate = SAMPLE_RATES[fscod];
        int words = BIT_RATES[frmsizecod >> 1] * 96000 / sampleRate;
        if (fscod == 1 && (frmsizecod & 1) == 1) {
            words++;
        }
        return words * 2;
    }

    public static Ac3SyncFrame parse(byte[] data, int offset, int end) {
        if (end - offset < HEADER_SIZE || !isSync(data, offset)) {
            throw new BitstreamException("no AC-3 syncword");
        }
        BitReader r = new BitReader(data, offset + 2, end);
        int bsid = (data[offset + 5] & 0xF8) >> 3;
        if (bsid > 16) {
            throw new BitstreamException("AC-3 bsid " + bsid + " is not AC-3 or E-AC-3");
        }
        if (bsid > 10) {
            int streamType = r.readInt(2);
            int substreamId = r.readInt(3);
            int frameSize = (r.readInt(11) + 1) * 2;
            int fscod = r.readInt(2);
            int sampleRate;
            int blocks;
            if (fscod == 3) {
                int fscod2 = r.readInt(2);
                if (fscod2 == 3) {
                    throw new BitstreamException("E-AC-3 fscod2 3 is reserved");
                }
                sampleRate = REDUCED_SAMPLE_RATES[fscod2];
                blocks = 6;
            } else {
                sampleRate = SAMPLE_RATES[fscod];
                blocks = AUDIO_BLOCKS[r.readInt(2)];
            }
            int acmod = r.readInt(3);
            int lfeon = r.readInt(1);
            return new Ac3SyncFrame(bsid, sampleRate, ACMOD_CHANNELS[acmod] + lfeon, frameSize, 256 * blocks,
                    streamType != 1, substreamId);
        }
        r.skipBits(16); // crc1
        int fscod = r.readInt(2);
        if (fscod == 3) {
            throw new BitstreamException("AC-3 fscod 3 is reserved");
        }
        int frameSize = frameSize(data, offset);
        if (frameSize < 0) {
            throw new BitstreamException("AC-3 frmsizecod " + (data[offset + 4] & 0x3F) + " is reserved");
        }
        r.skipBits(6 + 5 + 3); // frmsizecod, bsid, bsmod
        int acmod = r.readInt(3);
        if ((acmod & 1) == 1 && acmod != 1) {
            r.skipBits(2); // cmixlev
        }
        if ((acmod & 4) != 0) {
            r.skipBits(2); // surmixlev
        }
        if (acmod == 2) {
            r.skipBits(2); // dsurmod
        }
        int lfeon = r.readInt(1);
        // bsid 9 and 10 are the half and quarter sample-rate variants (A/52 §5.4.2.1 note).
        int sampleRate = SAMPLE_RATES[fscod] >> Math.max(bsid - 8, 0);
        return new Ac3SyncFrame(bsid, sampleRate, ACMOD_CHANNELS[acmod] + lfeon, frameSize, 1536, true, 0);
    }
}
