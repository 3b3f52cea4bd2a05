package dev.fount.origin.harvest;

/**
 * The harvest could not complete (exit code 1): the origin refused the range, a transfer failed,
 * or the destination refused a write. The message is one line naming the fault (for an origin
 * refusal, the origin's own words); no multivariant playlist is left at the destination.
 */
public final class HarvestException extends Exception {

    private static final long serialVersionUID = 1L;

    public HarvestException(String message) {
        super(message);
    }

    public HarvestException(String message, Throwable cause) {
        super(message, cause);
    }
}
