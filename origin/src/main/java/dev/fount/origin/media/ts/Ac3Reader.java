package dev.fount.origin.media.ts;

import dev.fount.origin.media.codec.Ac3SyncFrame;

/**
 * AC-3 and E-AC-3 (stream_types 0x81, 0x87, or 0x06 with their descriptors; ATSC A/52). The
 * first sync frame's bsid settles which of the two it is, whatever the PMT said.
 */
final class Ac3Reader extends AudioReader {

    Ac3Reader(PmtEntry entry, String codec) {
        super(entry, codec);
    }

    @Override
    int headerSize() {
        return Ac3SyncFrame.HEADER_SIZE;
    }

    @Override
    boolean isSync(byte[] data, int offset) {
        return Ac3SyncFrame.isSync(data, offset);
    }

    @Override
    int frameLength(byte[] data, int offset) {
        return Ac3SyncFrame.frameSize(data, offset);
    }

    @Override
    boolean configure(byte[] data, int offset, int end) {
        Ac3SyncFrame frame = Ac3SyncFrame.parse(data, offset, end);
        codec = frame.codec();
        codecString = frame.codec();
        sampleRate = frame.sampleRate();
        channels = frame.channels();
        samplesPerFrame = frame.samplesPerFrame();
        return true;
    }

    /** A/52 Annex E §E.1.3.1.1: a dependent substream (strmtyp 1) or another program's substream adds to a frame. */
    @Override
    boolean startsAccessUnit(byte[] data, int offset) {
        if (((data[offset + 5] & 0xF8) >> 3) <= 10) {
            return true;
        }
        int streamType = (data[offset + 2] & 0xC0) >> 6;
        int substreamId = (data[offset + 2] & 0x38) >> 3;
        return streamType != 1 && substreamId == 0;
    }
}
