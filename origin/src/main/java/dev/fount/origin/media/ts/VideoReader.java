package dev.fount.origin.media.ts;

import dev.fount.origin.media.ByteRange;
import dev.fount.origin.media.ElementaryStream;
import dev.fount.origin.media.KeyFrame;
import dev.fount.origin.media.MediaKind;
import dev.fount.origin.media.codec.NalUnits;

import java.util.ArrayList;
import java.util.List;

/**
 * An Annex B video stream, one access unit per PES (as HLS segmenters write it). Each PES is
 * scanned for NAL units only up to its first coded slice: that slice's type says whether the
 * picture is a random access point, and parameter sets always come before it.
 */
abstract class VideoReader extends EsReader {

    final List<KeyFrame> keyFrames = new ArrayList<>();
    String codecString;
    Integer width;
    Integer height;
    Double declaredFrameRate;

    VideoReader(PmtEntry entry, String codec) {
        super(entry, MediaKind.VIDEO, codec);
    }

    abstract int nalUnitType(byte[] data, int nalUnit);

    abstract boolean isSequenceParameterSet(int nalUnitType);

    abstract boolean isCodedSlice(int nalUnitType);

    abstract boolean isRandomAccessPoint(int nalUnitType);

    /** Reads the SPS in {@code [nalUnit, end)} into codecString, width, height, declaredFrameRate. */
    abstract void readSequenceParameterSet(byte[] data, int nalUnit, int end);

    @Override
    void consume(PesAssembler pes, int nextPesPacket) {
        int to = pes.payloadEnd();
        payloadBytes += to - pes.payloadStart();
        accessUnits++;
        if (pes.hasPts()) {
            pts.add(pes.pts());
        }
        byte[] data = pes.data();
        int nal = NalUnits.nextNalUnit(data, pes.payloadStart(), to);
        while (nal >= 0 && nal < to) {
            int next = NalUnits.nextNalUnit(data, nal + 1, to);
            int type = nalUnitType(data, nal);
            if (codecString == null && isSequenceParameterSet(type)) {
                readSequenceParameterSet(data, nal, NalUnits.endOfNalUnit(next, to));
            }
            if (isCodedSlice(type)) {
                if (isRandomAccessPoint(type)) {
                    long keyPts = pes.hasPts() ? pes.pts() : -1;
                    keyFrames.add(new KeyFrame(keyPts, new ByteRange(pes.startPacket(), nextPesPacket - pes.startPacket())));
                }
                return;
            }
            nal = next;
        }
    }

    /** From the SPS when it declares one, else from the PTS run (frames - 1 intervals over the span). */
    Double frameRate() {
        if (declaredFrameRate != null) {
            return declaredFrameRate;
        }
        if (pts.count() > 1 && pts.span() > 0) {
            return 90000.0 * (pts.count() - 1) / pts.span();
        }
        return null;
    }

    @Override
    long durationTicks() {
        if (pts.count() == 0) {
            return 0;
        }
        Double rate = frameRate();
        return pts.span() + (rate == null ? 0 : Math.round(90000 / rate));
    }

    @Override
    ElementaryStream describe() {
        return new ElementaryStream(entry.pid(), entry.streamType(), kind, codec, codecString, width, height,
                frameRate(), null, null, entry.language(), firstPts(), lastPts(), payloadBytes, accessUnits);
    }
}
