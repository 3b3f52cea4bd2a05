package dev.fount.origin.ingest;

/** An uploaded playlist that cannot be used; the message says why, for the encoder's operator. */
public final class MalformedPlaylistException extends Exception {

    public MalformedPlaylistException(String message) {
        super(message);
    }
}
