package dev.fount.origin.vod;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.fount.origin.vod.SourceException.Reason;

/**
 * Reads {@code http(s)://} sources with {@code Range} requests over the JDK's HTTP client. A
 * server that ignores {@code Range} (200 with the whole body) is read up to the range and the
 * connection dropped, never buffered whole. Basic-auth credentials are sent up front, but only
 * to the root's own origin (scheme, host, port): redirects are followed here, as the client's
 * {@code NORMAL} policy would (never from https to http, at most {@value #MAX_REDIRECTS} hops),
 * because the JDK 17 client would forward the Authorization header to any host a redirect
 * names, and its challenge-answering Authenticator reports refused credentials as a bare
 * IOException. HTTP/1.1 only: no h2c upgrade attempts on plain http, and an abandoned body
 * just closes its connection.
 */
final class HttpSourceReader implements SourceReader {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_REDIRECTS = 5;
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    /** A Content-Range "bytes first-last/total"; a star stands for the range (in a 416) or an unknown total. */
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+(?:(\\d+)-\\d+|\\*)/(\\d+|\\*)");

    private final HttpClient http;
    private final URI root;
    /** The Authorization header for the root's origin, or null. */
    private final String authorization;

    HttpSourceReader(URI root, SourceSettings settings) throws SourceException {
        checkUri(root);
        this.root = root;
        this.authorization = settings.username() == null ? null : "Basic " + Base64.getEncoder().encodeToString(
                (settings.username() + ":" + (settings.password() == null ? "" : settings.password())).getBytes(StandardCharsets.UTF_8));
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public byte[] read(URI uri, long offset, int length) throws IOException {
        Sources.checkRange(offset, length);
        checkUri(uri);
        if (length == 0) {
            return new byte[0];
        }
        return exchange(uri, "GET", "bytes=" + offset + "-" + (offset + length - 1), (status, headers, body) -> switch (status) {
            case 206 -> {
                long start = contentRangeStart(headers);
                if (start >= 0 && start != offset) {
                    throw new SourceException(Reason.OTHER, uri, "the server answered a range from byte " + start
                            + " to a request for bytes " + offset + "-" + (offset + length - 1));
                }
                yield body.readNBytes(length);
            }
            case 200 -> skipThenRead(body, offset, length);
            case 416 -> new byte[0];
            default -> throw refusal(uri, status);
        });
    }

    @Override
    public byte[] readAll(URI uri, int maxBytes) throws IOException {
        Sources.checkLimit(maxBytes);
        checkUri(uri);
        return exchange(uri, "GET", null, (status, headers, body) -> {
            if (status != 200) {
                throw refusal(uri, status);
            }
            OptionalLong declared = headers.firstValueAsLong("Content-Length");
            if (declared.isPresent() && declared.getAsLong() > maxBytes) {
                throw SourceException.tooLarge(uri, declared.getAsLong(), maxBytes);
            }
            return Sources.readAtMost(body, uri, maxBytes);
        });
    }

    /** The HEAD's Content-Length, else the total of a one-byte ranged GET (servers that refuse HEAD, signed GET URLs). */
    @Override
    public long size(URI uri) throws IOException {
        checkUri(uri);
        OptionalLong headLength = exchange(uri, "HEAD", null, (status, headers, body) -> {
            if (status == 404 || status == 410) {
                throw refusal(uri, status);
            }
            return status == 200 ? headers.firstValueAsLong("Content-Length") : OptionalLong.empty();
        });
        if (headLength.isPresent()) {
            return headLength.getAsLong();
        }
        return exchange(uri, "GET", "bytes=0-0", (status, headers, body) -> {
            long total = switch (status) {
                case 206, 416 -> contentRangeTotal(headers);
                case 200 -> headers.firstValueAsLong("Content-Length").orElse(-1);
                default -> throw refusal(uri, status);
            };
            if (total < 0) {
                throw new SourceException(Reason.OTHER, uri, "the server tells no length (no Content-Length to HEAD, no total in Content-Range)");
            }
            return total;
        });
    }

    /** Nothing to release: the JDK 17 client has no close; its threads end when it is unreachable. */
    @Override
    public void close() {
    }

    /** What one response yields; its body is closed afterwards, dropping the connection when unread. */
    @FunctionalInterface
    private interface Answer<T> {
        T read(int status, HttpHeaders headers, InputStream body) throws IOException;
    }

    /** Sends the request, following redirects, and hands the final answer to {@code answer}; failures name {@code uri}. */
    private <T> T exchange(URI uri, String method, String range, Answer<T> answer) throws IOException {
        URI target = uri;
        for (int hop = 0;; hop++) {
            HttpResponse<InputStream> response = send(uri, target, method, range);
            Optional<String> location = REDIRECTS.contains(response.statusCode())
                    ? response.headers().firstValue("Location")
                    : Optional.empty();
            if (location.isEmpty()) {
                try (InputStream body = response.body()) {
                    return answer.read(response.statusCode(), response.headers(), body);
                } catch (SourceException e) {
                    throw e;
                } catch (IOException e) {
                    throw new SourceException(Reason.UNREACHABLE, uri, "connection lost while reading (" + SourceException.oneLine(e) + ")", e);
                }
            }
            response.body().close();
            target = redirect(uri, target, location.get(), hop);
        }
    }

    private HttpResponse<InputStream> send(URI uri, URI target, String method, String range) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(REQUEST_TIMEOUT)
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (range != null) {
            request.header("Range", range);
        }
        if (authorization != null && sameOrigin(target)) {
            request.header("Authorization", authorization);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpConnectTimeoutException e) {
            throw new SourceException(Reason.UNREACHABLE, uri, "cannot connect to " + hostAndPort(target) + " within "
                    + CONNECT_TIMEOUT.toSeconds() + " s", e);
        } catch (HttpTimeoutException e) {
            throw new SourceException(Reason.UNREACHABLE, uri, "no answer within " + REQUEST_TIMEOUT.toSeconds() + " s", e);
        } catch (ConnectException e) {
            throw new SourceException(Reason.UNREACHABLE, uri, "cannot connect to " + hostAndPort(target) + " (" + SourceException.oneLine(e) + ")", e);
        } catch (IOException e) {
            throw new SourceException(Reason.UNREACHABLE, uri, "request failed (" + SourceException.oneLine(e) + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException interrupted = new InterruptedIOException(SourceException.redact(uri) + ": interrupted");
            interrupted.initCause(e);
            throw interrupted;
        }
    }

    /** Where a redirect from {@code from} leads, as the client's NORMAL policy would follow it. */
    private static URI redirect(URI uri, URI from, String location, int hop) throws SourceException {
        if (hop == MAX_REDIRECTS) {
            throw new SourceException(Reason.OTHER, uri, "more than " + MAX_REDIRECTS + " redirects");
        }
        URI to;
        try {
            to = from.resolve(new URI(location.strip()));
        } catch (URISyntaxException e) {
            throw new SourceException(Reason.OTHER, uri, "redirected to a malformed location (" + e.getMessage() + ")", e);
        }
        String scheme = to.getScheme() == null ? "" : to.getScheme().toLowerCase(Locale.ROOT);
        boolean downgrade = scheme.equals("http") && from.getScheme().equalsIgnoreCase("https");
        if (!(scheme.equals("http") || scheme.equals("https")) || to.getHost() == null || downgrade) {
            throw new SourceException(Reason.OTHER, uri, "redirected to " + SourceException.redact(to)
                    + ", which is not followed (only http(s) URLs, never from https to http)");
        }
        return to;
    }

    /** A server ignoring Range sent the whole object: skip to the range, read it, leave the rest unread. */
    private static byte[] skipThenRead(InputStream body, long offset, int length) throws IOException {
        try {
            body.skipNBytes(offset);
        } catch (EOFException e) {
            return new byte[0];
        }
        return body.readNBytes(length);
    }

    private SourceException refusal(URI uri, int status) {
        return switch (status) {
            case 401 -> new SourceException(Reason.ACCESS_DENIED, uri, "HTTP 401 (" + (authorization != null && sameOrigin(uri)
                    ? "user name or password refused)" : "the server wants a user name and password)"));
            case 403 -> new SourceException(Reason.ACCESS_DENIED, uri, "HTTP 403");
            case 404, 410 -> new SourceException(Reason.NOT_FOUND, uri, "HTTP " + status);
            default -> status >= 500
                    ? new SourceException(Reason.UNREACHABLE, uri, "HTTP " + status + " (server error)")
                    : new SourceException(Reason.OTHER, uri, "HTTP " + status + " (unexpected answer)");
        };
    }

    private static long contentRangeStart(HttpHeaders headers) {
        Matcher range = contentRange(headers);
        return range == null || range.group(1) == null ? -1 : Long.parseLong(range.group(1));
    }

    private static long contentRangeTotal(HttpHeaders headers) {
        Matcher range = contentRange(headers);
        return range == null || range.group(2).equals("*") ? -1 : Long.parseLong(range.group(2));
    }

    private static Matcher contentRange(HttpHeaders headers) {
        Matcher range = CONTENT_RANGE.matcher(headers.firstValue("Content-Range").orElse("").strip());
        return range.matches() ? range : null;
    }

    private boolean sameOrigin(URI uri) {
        return uri.getScheme().equalsIgnoreCase(root.getScheme()) && uri.getHost().equalsIgnoreCase(root.getHost())
                && port(uri.getScheme(), uri.getPort()) == port(root.getScheme(), root.getPort());
    }

    private static int port(String scheme, int port) {
        return port >= 0 ? port : "https".equalsIgnoreCase(scheme) ? 443 : 80;
    }

    private static String hostAndPort(URI uri) {
        return uri.getHost() + ":" + port(uri.getScheme(), uri.getPort());
    }

    /** http or https with a host and no user info (credentials belong in {@link SourceSettings}, not in URIs). */
    private static void checkUri(URI uri) throws SourceException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new SourceException(Reason.BAD_URI, uri, "not an http(s) URL (this source reads from a web server)");
        }
        if (uri.getHost() == null) {
            throw new SourceException(Reason.BAD_URI, uri, "names no host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new SourceException(Reason.BAD_URI, uri, "user info in the URL is not used: give the user name and password in the source settings");
        }
    }
}
