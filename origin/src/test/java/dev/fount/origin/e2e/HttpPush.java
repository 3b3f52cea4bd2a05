package dev.fount.origin.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Sends ONE request (a file upload, a DELETE, …) to an ingest URL with Java's HttpClient, for the
 * tests that ffmpeg cannot do: wrong passwords, Digest (ffmpeg cannot answer a challenge on PUT —
 * BUILD-NOTES #10), odd methods, malformed bodies.
 *
 * <p>Every method returns the server's response as it came (no exception on 4xx/5xx); only I/O
 * failures throw ({@link UncheckedIOException}).
 */
public final class HttpPush {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private static final SecureRandom RANDOM = new SecureRandom();

    private HttpPush() {
    }

    /** No credentials at all. {@code body} may be null (no body, e.g. DELETE). */
    public static HttpResponse<String> push(String url, String method, byte[] body) {
        return send(url, method, body, Map.of());
    }

    /**
     * HTTP Basic sent up front (as ffmpeg does with {@code -headers}); {@code credentials} may be
     * null for an anonymous request.
     */
    public static HttpResponse<String> push(String url, String method, byte[] body, Credentials credentials) {
        return credentials == null
                ? send(url, method, body, Map.of())
                : send(url, method, body, Map.of("Authorization", credentials.basicAuthorization()));
    }

    /**
     * Sends the request without credentials, and if the server answers 401 with a
     * {@code WWW-Authenticate: Digest …} challenge, answers it (RFC 7616: MD5 or SHA-256,
     * qop=auth or none) and sends the request again. Returns the last response — the first one
     * if the server did not challenge with Digest.
     */
    public static HttpResponse<String> pushDigest(String url, String method, byte[] body, Credentials credentials) {
        HttpResponse<String> first = send(url, method, body, Map.of());
        if (first.statusCode() != 401) {
            return first;
        }
        Optional<Map<String, String>> challenge = digestChallenge(first.headers().allValues("WWW-Authenticate"));
        if (challenge.isEmpty()) {
            return first;
        }
        String authorization = digestAuthorization(challenge.get(), method, URI.create(url), credentials);
        return send(url, method, body, Map.of("Authorization", authorization));
    }

    /** The general form: any method, optional body, any extra headers. */
    public static HttpResponse<String> send(String url, String method, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(TIMEOUT)
                .method(method, body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        boolean hasContentType = headers.keySet().stream().anyMatch(h -> h.equalsIgnoreCase("Content-Type"));
        if (body != null && !hasContentType) {
            request.header("Content-Type", contentTypeFor(URI.create(url).getPath()));
        }
        headers.forEach(request::header);
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + url + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + method + " " + url, e);
        }
    }

    /** The media type for a file name, as an encoder would send it. */
    public static String contentTypeFor(String path) {
        String p = path == null ? "" : path.toLowerCase(Locale.ROOT);
        int q = p.indexOf('?');
        if (q >= 0) {
            p = p.substring(0, q);
        }
        if (p.endsWith(".m3u8")) {
            return "application/vnd.apple.mpegurl";
        }
        if (p.endsWith(".ts")) {
            return "video/mp2t";
        }
        if (p.endsWith(".mp4") || p.endsWith(".m4s") || p.endsWith(".cmfv") || p.endsWith(".m4v")) {
            return "video/mp4";
        }
        if (p.endsWith(".cmfa") || p.endsWith(".m4a")) {
            return "audio/mp4";
        }
        if (p.endsWith(".aac")) {
            return "audio/aac";
        }
        if (p.endsWith(".mpd")) {
            return "application/dash+xml";
        }
        if (p.endsWith(".vtt")) {
            return "text/vtt";
        }
        return "application/octet-stream";
    }

    // ---- Digest (RFC 7616) ----

    static Optional<Map<String, String>> digestChallenge(List<String> wwwAuthenticate) {
        for (String value : wwwAuthenticate) {
            String trimmed = value.trim();
            if (trimmed.regionMatches(true, 0, "Digest ", 0, 7)) {
                return Optional.of(parseAuthParams(trimmed.substring(7)));
            }
        }
        return Optional.empty();
    }

    static String digestAuthorization(Map<String, String> challenge, String method, URI uri, Credentials credentials) {
        String realm = challenge.getOrDefault("realm", "");
        String nonce = challenge.getOrDefault("nonce", "");
        String algorithm = challenge.getOrDefault("algorithm", "MD5");
        String javaAlgorithm = switch (algorithm.toUpperCase(Locale.ROOT)) {
            case "MD5" -> "MD5";
            case "SHA-256" -> "SHA-256";
            default -> throw new IllegalArgumentException("unsupported Digest algorithm " + algorithm);
        };
        String qopOffered = challenge.get("qop");
        boolean qopAuth = qopOffered != null && List.of(qopOffered.split("\\s*,\\s*")).contains("auth");
        String requestTarget = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            requestTarget += "?" + uri.getRawQuery();
        }
        String ha1 = hash(javaAlgorithm, credentials.username() + ":" + realm + ":" + credentials.password());
        String ha2 = hash(javaAlgorithm, method + ":" + requestTarget);
        StringBuilder header = new StringBuilder("Digest ")
                .append("username=\"").append(credentials.username()).append("\", ")
                .append("realm=\"").append(realm).append("\", ")
                .append("nonce=\"").append(nonce).append("\", ")
                .append("uri=\"").append(requestTarget).append("\", ")
                .append("algorithm=").append(algorithm);
        if (qopAuth) {
            String nc = "00000001";
            byte[] c = new byte[8];
            RANDOM.nextBytes(c);
            String cnonce = HexFormat.of().formatHex(c);
            String response = hash(javaAlgorithm, ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2);
            header.append(", qop=auth, nc=").append(nc)
                    .append(", cnonce=\"").append(cnonce).append("\"")
                    .append(", response=\"").append(response).append("\"");
        } else {
            header.append(", response=\"").append(hash(javaAlgorithm, ha1 + ":" + nonce + ":" + ha2)).append("\"");
        }
        if (challenge.containsKey("opaque")) {
            header.append(", opaque=\"").append(challenge.get("opaque")).append("\"");
        }
        return header.toString();
    }

    /** Parses {@code a=b, c="d, e"} auth-params (quoted strings may hold commas and escapes). */
    static Map<String, String> parseAuthParams(String s) {
        Map<String, String> params = new LinkedHashMap<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            while (i < n && (s.charAt(i) == ',' || Character.isWhitespace(s.charAt(i)))) {
                i++;
            }
            int eq = s.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            String key = s.substring(i, eq).trim().toLowerCase(Locale.ROOT);
            i = eq + 1;
            while (i < n && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            StringBuilder value = new StringBuilder();
            if (i < n && s.charAt(i) == '"') {
                i++;
                while (i < n && s.charAt(i) != '"') {
                    if (s.charAt(i) == '\\' && i + 1 < n) {
                        i++;
                    }
                    value.append(s.charAt(i++));
                }
                i++; // closing quote
            } else {
                while (i < n && s.charAt(i) != ',') {
                    value.append(s.charAt(i++));
                }
            }
            params.put(key, value.toString().trim());
        }
        return params;
    }

    static String hash(String algorithm, String input) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance(algorithm).digest(input.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
