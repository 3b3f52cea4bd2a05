package dev.fount.origin.media.ts;

import dev.fount.origin.media.codec.AudioSpecificConfig;
import dev.fount.origin.media.codec.LatmFrame;

/** MPEG-4 audio in LOAS/LATM (stream_type 0x11, ISO/IEC 14496-3 §1.7). */
final class LatmReader extends AudioReader {

    LatmReader(PmtEntry entry) {
        super(entry, "mp4a");
    }

    @Override
    int headerSize() {
        return LatmFrame.HEADER_SIZE;
    }

    @Override
    boolean isSync(byte[] data, int offset) {
        return LatmFrame.isSync(data, offset);
    }

    @Override
    int frameLength(byte[] data, int offset) {
        return LatmFrame.frameLength(data, offset);
    }

    @Override
    boolean configure(byte[] data, int offset, int end) {
        AudioSpecificConfig config = LatmFrame.parseConfig(data, offset, end);
        if (config == null) {
            return false;
        }
        codecString = config.codecString();
        sampleRate = config.sampleRate();
        channels = config.channels();
        samplesPerFrame = config.samplesPerFrame();
        return true;
    }
}
