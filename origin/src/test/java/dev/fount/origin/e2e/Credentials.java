package dev.fount.origin.e2e;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * A username and password for an ingest endpoint (HTTP Basic or Digest).
 *
 * <p>{@link #toString()} never shows the password, so a record can be logged safely.
 */
public record Credentials(String username, String password) {

    public Credentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (username.indexOf(':') >= 0) {
            throw new IllegalArgumentException("a Basic username cannot contain ':'");
        }
    }

    public static Credentials of(String username, String password) {
        return new Credentials(username, password);
    }

    /** The value of an {@code Authorization} header for HTTP Basic: {@code Basic <base64(user:password)>}. */
    public String basicAuthorization() {
        return "Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "Credentials[" + username + ":***]";
    }
}
