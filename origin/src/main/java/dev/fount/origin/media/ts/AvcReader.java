package dev.fount.origin.media.ts;

import dev.fount.origin.media.codec.H264Sps;

/** H.264 (stream_type 0x1B): nal_unit_type per ISO/IEC 14496-10 Table 7-1. */
final class AvcReader extends VideoReader {

    private static final int NAL_SLICE = 1;
    private static final int NAL_IDR_SLICE = 5;
    private static final int NAL_SPS = 7;

    AvcReader(PmtEntry entry) {
        super(entry, "avc1");
    }

    @Override
    int nalUnitType(byte[] data, int nalUnit) {
        return data[nalUnit] & 0x1F;
    }

    @Override
    boolean isSequenceParameterSet(int nalUnitType) {
        return nalUnitType == NAL_SPS;
    }

    @Override
    boolean isCodedSlice(int nalUnitType) {
        return nalUnitType >= NAL_SLICE && nalUnitType <= NAL_IDR_SLICE;
    }

    @Override
    boolean isRandomAccessPoint(int nalUnitType) {
        return nalUnitType == NAL_IDR_SLICE;
    }

    @Override
    void readSequenceParameterSet(byte[] data, int nalUnit, int end) {
        H264Sps sps = H264Sps.parse(data, nalUnit, end);
        codecString = sps.codecString();
        width = sps.width();
        height = sps.height();
        declaredFrameRate = sps.frameRate();
    }
}
