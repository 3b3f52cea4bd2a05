package dev.fount.origin.media.ts;

import dev.fount.origin.media.codec.MpegAudioHeader;

/** MPEG-1/2 audio (stream_types 0x03, 0x04; ISO/IEC 11172-3, 13818-3), MP3 in practice. */
final class MpegAudioReader extends AudioReader {

    MpegAudioReader(PmtEntry entry) {
        super(entry, "mp3");
    }

    @Override
    int headerSize() {
        return MpegAudioHeader.HEADER_SIZE;
    }

    @Override
    boolean isSync(byte[] data, int offset) {
        return MpegAudioHeader.isSync(data, offset);
    }

    @Override
    int frameLength(byte[] data, int offset) {
        return MpegAudioHeader.frameLength(data, offset);
    }

    @Override
    boolean configure(byte[] data, int offset, int end) {
        MpegAudioHeader header = MpegAudioHeader.parse(data, offset);
        codecString = header.codecString();
        sampleRate = header.sampleRate();
        channels = header.channels();
        samplesPerFrame = header.samplesPerFrame();
        return true;
    }
}
