package dev.fount.origin.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;

/**
 * A SPEKE (v1 or 2.0) key server client. Keys are asked for by content id and key period with
 * key ids every replica derives alike, cached, and fetched once however many players ask at the
 * same moment: a thousand players starting on a new key period cost one key request.
 *
 * <p>Transient faults (no connection, timeouts, HTTP 5xx and 429) are retried with exponential
 * backoff; refusals (other 4xx) and bad answers are not. Failures are not cached, so the next
 * request for the same period asks again.
 */
public final class SpekeClient implements KeyProvider {

    /** How long to wait for a TCP (and TLS) connection to the key server. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** How long to wait for the whole answer to one attempt. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** Attempts per key request: the first and two retries. */
    public static final int ATTEMPTS = 3;
    /** Cached answers; at one key period a minute that is days of periods for dozens of channels. */
    public static final int CACHE_ENTRIES = 4096;

    private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    private static final int MAX_ANSWER_BYTES = 1 << 20;

    private final URI url;
    private final Map<String, String> headers;
    private final HttpClient http;
    private final Duration firstBackoff;
    private final Map<KeyRequest, List<ContentKey>> cache;
    private final ConcurrentMap<KeyRequest, CompletableFuture<List<ContentKey>>> inFlight = new ConcurrentHashMap<>();

    /**
     * A client with the standard timeouts, backoff (0.5 s, then 1 s) and cache size.
     *
     * @param url     the key server's endpoint (http or https)
     * @param headers extra HTTP headers, e.g. the decoded data of the headers Secret (Authorization, X-Api-Key)
     */
    public SpekeClient(URI url, Map<String, String> headers) {
        this(url, headers, HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build(), FIRST_BACKOFF, CACHE_ENTRIES);
    }

    /**
     * A client with its own HTTP client (its connect timeout applies), first backoff (doubling per
     * retry) and cache size.
     *
     * @throws IllegalArgumentException when the URL is not http(s) or a header cannot be sent (e.g. Host)
     */
    public SpekeClient(URI url, Map<String, String> headers, HttpClient http, Duration firstBackoff, int cacheEntries) {
        this.url = Objects.requireNonNull(url, "url");
        if (!"http".equalsIgnoreCase(url.getScheme()) && !"https".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
            throw new IllegalArgumentException("SPEKE key server URL must be http(s)://host/..., not " + url.getScheme() + ":…");
        }
        this.headers = sendable(url, headers);
        this.http = Objects.requireNonNull(http, "http");
        this.firstBackoff = Objects.requireNonNull(firstBackoff, "firstBackoff");
        if (cacheEntries < 1) {
            throw new IllegalArgumentException("the key cache needs at least one entry, not " + cacheEntries);
        }
        this.cache = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<KeyRequest, List<ContentKey>> eldest) {
                return size() > cacheEntries;
            }
        });
    }

    @Override
    public List<ContentKey> keys(KeyRequest request) throws KeyException {
        Objects.requireNonNull(request, "request");
        List<ContentKey> cached = cache.get(request);
        if (cached != null) {
            return cached;
        }
        CompletableFuture<List<ContentKey>> mine = new CompletableFuture<>();
        CompletableFuture<List<ContentKey>> leader = inFlight.putIfAbsent(request, mine);
        if (leader != null) {
            return await(leader);
        }
        try {
            // A flight may have landed between the cache miss and putIfAbsent.
            List<ContentKey> keys = cache.get(request);
            if (keys == null) {
                keys = fetch(request);
                cache.put(request, keys);
            }
            mine.complete(keys);
            return keys;
        } catch (KeyException | RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(request, mine);
        }
    }

    private List<ContentKey> await(CompletableFuture<List<ContentKey>> leader) throws KeyException {
        try {
            return leader.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeyException(url, "interrupted while waiting for another thread's key request", false, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof KeyException keyException) {
                throw keyException.rethrown();
            }
            throw new IllegalStateException("key request failed in another thread", e.getCause());
        }
    }

    private List<ContentKey> fetch(KeyRequest request) throws KeyException {
        List<UUID> kids = Cpix.kids(request);
        HttpRequest.Builder builder = HttpRequest.newBuilder(url).timeout(REQUEST_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofString(Cpix.request(request, kids), StandardCharsets.UTF_8));
        headers.forEach(builder::header);
        builder.setHeader("Content-Type", "application/xml");
        if (request.speke2()) {
            builder.setHeader("X-Speke-Version", "2.0");
        }
        HttpRequest httpRequest = builder.build();
        KeyException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            if (last != null) {
                backOff(firstBackoff.multipliedBy(1L << (attempt - 2)), last);
            }
            try {
                byte[] body = send(httpRequest);
                try {
                    return Cpix.keys(body, request, kids);
                } catch (Cpix.Fault fault) {
                    throw new KeyException(url, fault.getMessage(), false, fault);
                }
            } catch (KeyException e) {
                if (!e.retryable()) {
                    throw e;
                }
                last = e;
            }
        }
        throw new KeyException(url, last.fault() + " (gave up after " + ATTEMPTS + " attempts)", true, last.getCause());
    }

    /** One attempt: the answer's body when the status is 200. */
    private byte[] send(HttpRequest httpRequest) throws KeyException {
        HttpResponse<InputStream> response;
        try {
            response = http.send(httpRequest, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpConnectTimeoutException e) {
            throw new KeyException(url, "connection timed out", true, e);
        } catch (HttpTimeoutException e) {
            throw new KeyException(url, "no answer within " + REQUEST_TIMEOUT.toSeconds() + " s", true, e);
        } catch (ConnectException e) {
            throw new KeyException(url, "cannot connect (connection refused or unreachable)", true, e);
        } catch (IOException e) {
            throw new KeyException(url, "connection failed: " + e, true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeyException(url, "interrupted while waiting for the answer", false, e);
        }
        byte[] body;
        try (InputStream in = response.body()) {
            body = in.readNBytes(MAX_ANSWER_BYTES + 1);
        } catch (IOException e) {
            throw new KeyException(url, "connection broke while reading the answer: " + e, true, e);
        }
        int status = response.statusCode();
        if (status != 200) {
            boolean transientStatus = status >= 500 || status == 429 || status == 408;
            throw new KeyException(url, "HTTP " + status + ": " + Cpix.firstLine(body), transientStatus, null);
        }
        if (body.length > MAX_ANSWER_BYTES) {
            throw new KeyException(url, "the answer is larger than " + MAX_ANSWER_BYTES + " bytes; not a SPEKE answer", false, null);
        }
        return body;
    }

    private void backOff(Duration pause, KeyException last) throws KeyException {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeyException(url, "interrupted before retrying after: " + last.fault(), false, e);
        }
    }

    /** Headers as HTTP will carry them; values are stripped because Secret files often end in a newline. */
    private static Map<String, String> sendable(URI url, Map<String, String> headers) {
        Map<String, String> sendable = new LinkedHashMap<>();
        HttpRequest.Builder probe = HttpRequest.newBuilder(url);
        Objects.requireNonNull(headers, "headers").forEach((name, value) -> {
            try {
                probe.header(name, value.strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("key server header '" + name + "' cannot be sent: " + e.getMessage(), e);
            }
            sendable.put(name, value.strip());
        });
        return Collections.unmodifiableMap(sendable);
    }
}
