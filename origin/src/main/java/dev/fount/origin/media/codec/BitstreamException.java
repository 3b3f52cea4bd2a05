package dev.fount.origin.media.codec;

/**
 * A codec structure (parameter set, frame header) that cannot be read as its specification
 * says. The codec parsers know nothing of where the bytes came from; the container layer
 * adds the byte offset when it reports the fault.
 */
public final class BitstreamException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BitstreamException(String message) {
        super(message);
    }
}
