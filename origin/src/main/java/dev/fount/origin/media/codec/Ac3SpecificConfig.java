package dev.fount.origin.media.codec;

import java.util.List;

/**
 * The fields of the {@code dac3} and {@code dec3} boxes (ETSI TS 102 366 Annex F: F.4
 * AC3SpecificBox, F.6 EC3SpecificBox), read from sync frames (ATSC A/52 §5.3.2 bsi for AC-3,
 * Annex E §E.1.2.2 bsi for E-AC-3).
 */
public final class Ac3SpecificConfig {

    private static final int[] AUDIO_BLOCKS = {1, 2, 3, 6};

    private Ac3SpecificConfig() {
    }

    /**
     * The 3 bytes of an AC3SpecificBox from an AC-3 sync frame: fscod 2, bsid 5, bsmod 3, acmod 3,
     * lfeon 1, bit_rate_code 5 (frmsizecod / 2), reserved 5.
     */
    public static byte[] dac3(byte[] data, int offset, int end) {
        if (end - offset < 8 || !Ac3SyncFrame.isSync(data, offset)) {
            throw new BitstreamException("no AC-3 syncword");
        }
        int fscod = (data[offset + 4] & 0xC0) >> 6;
        int frmsizecod = data[offset + 4] & 0x3F;
        int bsid = (data[offset + 5] & 0xF8) >> 3;
        int bsmod = data[offset + 5] & 0x07;
        BitReader r = new BitReader(data, offset + 6, end);
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
        int v = fscod << 22 | bsid << 17 | bsmod << 14 | acmod << 11 | lfeon << 10 | (frmsizecod >> 1) << 5;
        return new byte[] {(byte) (v >> 16), (byte) (v >> 8), (byte) v};
    }

    /**
     * What an EC3SpecificBox needs of one E-AC-3 sync frame.
     *
     * @param streamType  strmtyp: 0 independent, 1 dependent, 2 independent (converted AC-3)
     * @param substreamId substreamid
     * @param frameSize   bytes
     * @param sampleRate  Hz
     * @param blocks      audio blocks (1, 2, 3 or 6), 256 samples each
     * @param chanmap     custom channel map of a dependent substream, or -1
     */
    public record Eac3Frame(int streamType, int substreamId, int fscod, int bsid, int bsmod, int acmod, int lfeon,
                            int frameSize, int sampleRate, int blocks, int chanmap) {

        public boolean independent() {
            return streamType != 1;
        }
    }

    /** Reads A/52 Annex E §E.1.2.2 bsi up to bsmod (in the informational metadata, after the mixing metadata). */
    public static Eac3Frame parseEac3(byte[] data, int offset, int end) {
        if (end - offset < 8 || !Ac3SyncFrame.isSync(data, offset)) {
            throw new BitstreamException("no E-AC-3 syncword");
        }
        BitReader r = new BitReader(data, offset + 2, end);
        int strmtyp = r.readInt(2);
        int substreamId = r.readInt(3);
        int frameSize = (r.readInt(11) + 1) * 2;
        int fscod = r.readInt(2);
        int numblkscod;
        int sampleRate;
        if (fscod == 3) {
            int fscod2 = r.readInt(2);
            if (fscod2 == 3) {
                throw new BitstreamException("E-AC-3 fscod2 3 is reserved");
            }
            sampleRate = new int[] {24000, 22050, 16000}[fscod2];
            numblkscod = 3;
        } else {
            sampleRate = new int[] {48000, 44100, 32000}[fscod];
            numblkscod = r.readInt(2);
        }
        int blocks = AUDIO_BLOCKS[numblkscod];
        int acmod = r.readInt(3);
        int lfeon = r.readInt(1);
        int bsid = r.readInt(5);
        r.skipBits(5); // dialnorm
        if (r.readFlag()) { // compre
            r.skipBits(8);
        }
        if (acmod == 0) {
            r.skipBits(5); // dialnorm2
            if (r.readFlag()) { // compr2e
                r.skipBits(8);
            }
        }
        int chanmap = -1;
        if (strmtyp == 1 && r.readFlag()) { // chanmape
            chanmap = r.readInt(16);
        }
        if (r.readFlag()) { // mixmdate
            if (acmod > 2) {
                r.skipBits(2); // dmixmod
            }
            if ((acmod & 1) == 1 && acmod > 2) {
                r.skipBits(6); // ltrtcmixlev, lorocmixlev
            }
            if ((acmod & 4) != 0) {
                r.skipBits(6); // ltrtsurmixlev, lorosurmixlev
            }
            if (lfeon == 1 && r.readFlag()) { // lfemixlevcode
                r.skipBits(5);
            }
            if (strmtyp == 0) {
                if (r.readFlag()) { // pgmscle
                    r.skipBits(6);
                }
                if (acmod == 0 && r.readFlag()) { // pgmscl2e
                    r.skipBits(6);
                }
                if (r.readFlag()) { // extpgmscle
                    r.skipBits(6);
                }
                int mixdef = r.readInt(2);
                if (mixdef == 1) {
                    r.skipBits(5); // premixcmpsel, drcsrc, premixcmpscl
                } else if (mixdef == 2) {
                    r.skipBits(12); // mixdata
                } else if (mixdef == 3) {
                    r.skipBits(8L * (r.readInt(5) + 2)); // mixdeflen, mixdata
                }
                if (acmod < 2) {
                    if (r.readFlag()) { // paninfoe
                        r.skipBits(14);
                    }
                    if (acmod == 0 && r.readFlag()) { // paninfo2e
                        r.skipBits(14);
                    }
                }
                if (r.readFlag()) { // frmmixcfginfoe
                    if (numblkscod == 0) {
                        r.skipBits(5); // blkmixcfginfo[0]
                    } else {
                        for (int blk = 0; blk < blocks; blk++) {
                            if (r.readFlag()) { // blkmixcfginfoe
                                r.skipBits(5);
                            }
                        }
                    }
                }
            }
        }
        int bsmod = r.readFlag() ? r.readInt(3) : 0; // infomdate, bsmod
        return new Eac3Frame(strmtyp, substreamId, fscod, bsid, bsmod, acmod, lfeon, frameSize, sampleRate, blocks, chanmap);
    }

    /**
     * The EC3SpecificBox fields: data_rate 13, num_ind_sub 3, then per independent substream fscod 2,
     * bsid 5, reserved 1, asvc 1, bsmod 3, acmod 3, lfeon 1, reserved 3, num_dep_sub 4, and chan_loc 9
     * (when it has dependent substreams; FFmpeg's reading: chanmap bits 5–13) or reserved 1.
     *
     * @param dataRate    kbit/s
     * @param accessUnit  the frames of one access unit in stream order: independent substreams, each
     *                    followed by its dependent ones
     */
    public static byte[] dec3(int dataRate, List<Eac3Frame> accessUnit) {
        int independent = 0;
        for (Eac3Frame f : accessUnit) {
            if (f.independent()) {
                independent++;
            }
        }
        if (independent == 0 || independent > 8) {
            throw new BitstreamException("E-AC-3 access unit with " + independent + " independent substreams");
        }
        long bits = 0;
        int count = 0;
        byte[] out = new byte[2 + 4 * independent];
        int length = 0;
        bits = (long) (dataRate & 0x1FFF) << 3 | (independent - 1);
        count = 16;
        for (int i = 0; i < accessUnit.size(); i++) {
            Eac3Frame f = accessUnit.get(i);
            if (!f.independent()) {
                continue;
            }
            int dependents = 0;
            int chanLoc = 0;
            for (int j = i + 1; j < accessUnit.size() && !accessUnit.get(j).independent(); j++) {
                dependents++;
                if (accessUnit.get(j).chanmap() >= 0) {
                    chanLoc |= (accessUnit.get(j).chanmap() >> 5) & 0x1FF;
                }
            }
            long v = (long) f.fscod() << 22 | (long) f.bsid() << 17 | (long) f.bsmod() << 12 | f.acmod() << 9
                    | f.lfeon() << 8 | Math.min(dependents, 15) << 1;
            if (dependents > 0) {
                bits = bits << 32 | v << 8 | chanLoc;
                count += 32;
            } else {
                bits = bits << 24 | v;
                count += 24;
            }
            while (count >= 8) {
                count -= 8;
                out[length++] = (byte) (bits >> count);
            }
        }
        while (count >= 8) {
            count -= 8;
            out[length++] = (byte) (bits >> count);
        }
        return java.util.Arrays.copyOf(out, length);
    }
}
