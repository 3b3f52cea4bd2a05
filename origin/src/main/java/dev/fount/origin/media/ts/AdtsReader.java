package dev.fount.origin.media.ts;

import dev.fount.origin.media.codec.AdtsHeader;

/** AAC in ADTS (stream_type 0x0F, ISO/IEC 13818-7 §6.2). */
final class AdtsReader extends AudioReader {

    AdtsReader(PmtEntry entry) {
        super(entry, "mp4a");
    }

    @Override
    int headerSize() {
        return AdtsHeader.HEADER_SIZE;
    }

    @Override
    boolean isSync(byte[] data, int offset) {
        return AdtsHeader.isSync(data, offset);
    }

    @Override
    int frameLength(byte[] data, int offset) {
        return AdtsHeader.frameLength(data, offset);
    }

    @Override
    boolean configure(byte[] data, int offset, int end) {
        AdtsHeader header = AdtsHeader.parse(data, offset);
        codecString = header.codecString();
        sampleRate = header.sampleRate();
        channels = header.channels();
        samplesPerFrame = header.samplesPerFrame();
        return true;
    }
}
