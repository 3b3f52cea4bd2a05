package dev.fount.origin.harvest;

/**
 * The command line is wrong (exit code 2): nothing was fetched or written. The message is one
 * line that names the option at fault, so that it reads well as a pod's termination message.
 */
public final class UsageException extends Exception {

    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
