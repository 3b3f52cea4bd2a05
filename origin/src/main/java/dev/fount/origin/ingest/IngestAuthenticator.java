package dev.fount.origin.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.fount.origin.config.IngestCredentials;

/**
 * HTTP Basic (RFC 7617) and Digest (RFC 7616, MD5 and SHA-256, qop=auth) authentication of
 * encoders. Digest nonces are stateless: a timestamp signed with a per-process key, valid for
 * five minutes (then answered with stale=true so clients retry without asking for a password).
 */
public final class IngestAuthenticator {

    public static final String REALM = "fount";
    private static final long NONCE_LIFETIME_MILLIS = 5 * 60 * 1000;
    private static final Pattern PARAM = Pattern.compile("(\\w+)\\s*=\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\"|([^,\\s]+))");

    private final byte[] key = new byte[32];

    public IngestAuthenticator() {
        new SecureRandom().nextBytes(key);
    }

    public sealed interface Outcome permits Accepted, Refused {
    }

    public record Accepted() implements Outcome {
    }

    /** @param reason what was wrong, for the response body and the log; never the password */
    public record Refused(String reason, boolean stale) implements Outcome {
    }

    public Outcome check(String method, String requestUri, String authorization, IngestCredentials expected) {
        if (authorization == null || authorization.isBlank()) {
            return new Refused("no credentials: send HTTP basic or digest authentication", false);
        }
        if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return new Refused("malformed basic credentials", false);
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return new Refused("malformed basic credentials", false);
            }
            boolean ok = same(decoded.substring(0, colon), expected.username()) & same(decoded.substring(colon + 1), expected.password());
            return ok ? new Accepted() : new Refused("wrong user name or password", false);
        }
        if (authorization.regionMatches(true, 0, "Digest ", 0, 7)) {
            return digest(method, requestUri, authorization.substring(7), expected);
        }
        return new Refused("unsupported authentication scheme; use basic or digest", false);
    }

    private Outcome digest(String method, String requestUri, String header, IngestCredentials expected) {
        Map<String, String> p = new HashMap<>();
        Matcher m = PARAM.matcher(header);
        while (m.find()) {
            p.put(m.group(1).toLowerCase(), m.group(2) != null ? m.group(2).replace("\\\"", "\"") : m.group(3));
        }
        for (String required : new String[] {"username", "realm", "nonce", "uri", "response"}) {
            if (!p.containsKey(required)) {
                return new Refused("digest credentials lack " + required, false);
            }
        }
        String algorithm = p.getOrDefault("algorithm", "MD5");
        String hash = switch (algorithm.toUpperCase()) {
            case "MD5" -> "MD5";
            case "SHA-256" -> "SHA-256";
            default -> null;
        };
        if (hash == null) {
            return new Refused("unsupported digest algorithm " + algorithm, false);
        }
        if (!sameUri(p.get("uri"), requestUri)) {
            return new Refused("digest uri does not match the request", false);
        }
        NonceCheck nonce = checkNonce(p.get("nonce"));
        if (nonce == NonceCheck.FORGED) {
            return new Refused("digest nonce was not issued by this origin", false);
        }
        String ha1 = hex(hash, p.get("username") + ":" + REALM + ":" + expected.password());
        String ha2 = hex(hash, method + ":" + p.get("uri"));
        String qop = p.get("qop");
        String expectedResponse = qop == null
                ? hex(hash, ha1 + ":" + p.get("nonce") + ":" + ha2)
                : hex(hash, ha1 + ":" + p.get("nonce") + ":" + p.getOrDefault("nc", "") + ":" + p.getOrDefault("cnonce", "") + ":" + qop + ":" + ha2);
        boolean ok = same(p.get("username"), expected.username()) & same(p.get("response"), expectedResponse);
        if (!ok) {
            return new Refused("wrong user name or password", false);
        }
        if (nonce == NonceCheck.EXPIRED) {
            return new Refused("digest nonce expired", true);
        }
        return new Accepted();
    }

    /** The WWW-Authenticate challenges for a 401: digest first (preferred), then basic. */
    public String[] challenges(boolean stale) {
        String digest = "Digest realm=\"" + REALM + "\", qop=\"auth\", algorithm=MD5, nonce=\"" + nonce(System.currentTimeMillis()) + "\""
                + (stale ? ", stale=true" : "");
        return new String[] {digest, "Basic realm=\"" + REALM + "\", charset=\"UTF-8\""};
    }

    String nonce(long millis) {
        String stamp = Long.toString(millis);
        return Base64.getUrlEncoder().withoutPadding().encodeToString((stamp + ":" + sign(stamp)).getBytes(StandardCharsets.US_ASCII));
    }

    private enum NonceCheck { VALID, EXPIRED, FORGED }

    private NonceCheck checkNonce(String nonce) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(nonce), StandardCharsets.US_ASCII);
            int colon = decoded.indexOf(':');
            if (colon < 0 || !same(decoded.substring(colon + 1), sign(decoded.substring(0, colon)))) {
                return NonceCheck.FORGED;
            }
            long issued = Long.parseLong(decoded.substring(0, colon));
            return System.currentTimeMillis() - issued > NONCE_LIFETIME_MILLIS ? NonceCheck.EXPIRED : NonceCheck.VALID;
        } catch (IllegalArgumentException e) {
            return NonceCheck.FORGED;
        }
    }

    private String sign(String stamp) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(stamp.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Clients send the path as requested; some send the absolute URL (scheme and host) instead. */
    private static boolean sameUri(String digestUri, String requestUri) {
        if (digestUri.equals(requestUri)) {
            return true;
        }
        int scheme = digestUri.indexOf("://");
        int path = scheme < 0 ? -1 : digestUri.indexOf('/', scheme + 3);
        return path >= 0 && digestUri.substring(path).equals(requestUri);
    }

    private static String hex(String algorithm, String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean same(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
