package dev.fount.origin.vod;

import java.io.IOException;
import java.net.URI;
import java.util.Objects;

/**
 * An object of a VOD source could not be read. The {@link Reason} lets a caller choose its answer
 * (a missing asset is a 404 to the player, an unreachable store a 502 worth retrying); the message
 * is one line naming the URI and the fault in words an operator can act on. The URI is shown
 * without its user info and query, which may carry credentials or signatures.
 */
public final class SourceException extends IOException {

    private static final long serialVersionUID = 1L;

    /** What went wrong, as far as a caller's answer depends on it. */
    public enum Reason {
        /** No such object, file or bucket. */
        NOT_FOUND,
        /** The source refused the credentials given (or asked for some). */
        ACCESS_DENIED,
        /** The source could not be reached, failed on its side, or dropped the connection. */
        UNREACHABLE,
        /** The object is longer than the caller's limit for a whole read. */
        TOO_LARGE,
        /** The URI cannot be read by this reader (scheme, bucket, form). */
        BAD_URI,
        /** Anything else; the message tells. */
        OTHER
    }

    private final Reason reason;

    public SourceException(Reason reason, URI uri, String problem) {
        this(reason, uri, problem, null);
    }

    public SourceException(Reason reason, URI uri, String problem, Throwable cause) {
        super(redact(uri) + ": " + problem, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }

    static SourceException tooLarge(URI uri, long size, int maxBytes) {
        return new SourceException(Reason.TOO_LARGE, uri, (size < 0 ? "more than " : size + " bytes, more than ")
                + "the limit of " + maxBytes + " bytes for reading it whole");
    }

    /** A failure's message on one line, or its type when it has none. */
    static String oneLine(Throwable e) {
        String message = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
        return message.replaceAll("\\s+", " ").strip();
    }

    /** {@code uri} as written, but without user info and with "?…" for a query. */
    static String redact(URI uri) {
        if (uri.getRawUserInfo() == null && uri.getRawQuery() == null) {
            return uri.toString();
        }
        String authority = uri.getRawAuthority();
        if (uri.getRawUserInfo() != null) {
            authority = authority.substring(authority.indexOf('@') + 1);
        }
        return uri.getScheme() + "://" + authority + (uri.getRawPath() == null ? "" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?…");
    }
}
