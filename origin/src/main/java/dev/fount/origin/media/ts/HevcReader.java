package dev.fount.origin.media.ts;

import dev.fount.origin.media.codec.H265Sps;

/** HEVC (stream_type 0x24): nal_unit_type per ISO/IEC 23008-2 Table 7-1. */
final class HevcReader extends VideoReader {

    private static final int NAL_BLA_W_LP = 16;
    private static final int NAL_CRA = 21;
    private static final int NAL_SPS = 33;

    HevcReader(PmtEntry entry) {
        super(entry, "hvc1");
    }

    @Override
    int nalUnitType(byte[] data, int nalUnit) {
        return (data[nalUnit] & 0x7E) >> 1;
    }

    @Override
    boolean isSequenceParameterSet(int nalUnitType) {
        return nalUnitType == NAL_SPS;
    }

    @Override
    boolean isCodedSlice(int nalUnitType) {
        return nalUnitType < 32; // VCL NAL unit types 0–31
    }

    @Override
    boolean isRandomAccessPoint(int nalUnitType) {
        return nalUnitType >= NAL_BLA_W_LP && nalUnitType <= NAL_CRA; // IRAP: BLA, IDR, CRA
    }

    @Override
    void readSequenceParameterSet(byte[] data, int nalUnit, int end) {
        H265Sps sps = H265Sps.parse(data, nalUnit, end);
        codecString = sps.codecString();
        width = sps.width();
        height = sps.height();
        declaredFrameRate = sps.frameRate();
    }
}
