package dev.fount.origin.media;

/**
 * Bytes that are not a usable media segment. The message names the fault and where it is;
 * {@link #byteOffset()} gives the offset for callers that report it separately.
 */
public final class MalformedMediaException extends Exception {

    private static final long serialVersionUID = 1L;

    private final long byteOffset;

    public MalformedMediaException(String message, long byteOffset) {
        super(message);
        this.byteOffset = byteOffset;
    }

    /** Offset in the segment of the byte (or packet) at fault. */
    public long byteOffset() {
        return byteOffset;
    }
}
