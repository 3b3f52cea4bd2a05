package dev.fount.origin.crypto;

import java.net.URI;

/**
 * A key server could not give keys. The message names the server (without query or user info,
 * which may hold credentials) and the fault in words, because it ends up in an operator's status
 * condition or log.
 */
public final class KeyException extends Exception {

    private static final long serialVersionUID = 1L;

    private final URI keyServer;
    private final String fault;
    private final boolean retryable;

    /**
     * @param keyServer the key server's URL
     * @param fault     what went wrong, in words
     * @param retryable whether the same request may succeed later (connection trouble, 5xx, 429)
     * @param cause     the underlying exception, or null
     */
    public KeyException(URI keyServer, String fault, boolean retryable, Throwable cause) {
        super("key server " + printable(keyServer) + ": " + fault, cause);
        this.keyServer = keyServer;
        this.fault = fault;
        this.retryable = retryable;
    }

    /** Whether asking again later may succeed: a transient fault rather than a refusal or a bad answer. */
    public boolean retryable() {
        return retryable;
    }

    /** The fault in words, without the key server. */
    String fault() {
        return fault;
    }

    /** The same fault raised again in another thread, keeping this one as the cause. */
    KeyException rethrown() {
        return new KeyException(keyServer, fault, retryable, this);
    }

    /** A key server URL fit for messages: no query or user info, which may hold credentials. */
    public static String printable(URI url) {
        if (url == null || url.getHost() == null) {
            return String.valueOf(url);
        }
        return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort())
                + (url.getRawPath() == null ? "" : url.getRawPath());
    }
}
