package dev.fount.origin.media.mp4;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

import org.mp4parser.Box;

/**
 * An mp4parser {@link Box} whose payload is given verbatim: a plain box header (ISO/IEC 14496-12
 * §4.2) followed by the bytes. Used for the codec configuration boxes (avcC, hvcC, esds, dac3,
 * dec3), whose payloads Fount already holds byte-exact in {@code TrackFormat.decoderConfig()} —
 * passing them through untouched is safer than letting mp4parser parse and re-serialise them
 * (its config classes re-derive the bytes from their parsed fields).
 */
final class RawBox implements Box {

    private final String type;
    private final byte[] payload;

    RawBox(String type, byte[] payload) {
        if (type.length() != 4) {
            throw new IllegalArgumentException("box type must be 4 characters: " + type);
        }
        this.type = type;
        this.payload = payload;
    }

    @Override
    public String getType() {
        return type;
    }

    @Override
    public long getSize() {
        return 8L + payload.length;
    }

    @Override
    public void getBox(WritableByteChannel out) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8 + payload.length);
        b.putInt(8 + payload.length);
        for (int i = 0; i < 4; i++) {
            b.put((byte) type.charAt(i));
        }
        b.put(payload).flip();
        while (b.hasRemaining()) {
            out.write(b);
        }
    }
}
