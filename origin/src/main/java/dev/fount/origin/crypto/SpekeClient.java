package dev.fount.origin.crypto;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.X509Certificate;
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

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * A SPEKE (v1 or 2.0) key server client. Keys are asked for by content id and key period with
 * key ids every replica derives alike, cached, and fetched once however many players ask at the
 * same moment: a thousand players starting on a new key period cost one key request.
 *
 * <p>Transient faults (no connection, timeouts, HTTP 5xx and 429) are retried with exponential
 * backoff; refusals (other 4xx), TLS faults and bad answers are not. Failures are not cached, so the
 * next request for the same period asks again.
 *
 * <p>With a {@link ClientCertificate} (the CRD's {@code certificateSecretRef}), the client presents it
 * to https key servers and asks for content keys encrypted to it, as MediaPackage does with its
 * {@code certificateArn}. A key server that answers in the clear anyway is accepted.
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
    /** TLS alerts (RFC 8446 §6.2) with which servers refuse a missing or unaccepted client certificate. */
    private static final List<String> CLIENT_CERTIFICATE_ALERTS = List.of("certificate_required", "bad_certificate", "unknown_ca",
            "certificate_unknown", "access_denied");
    private static final int MAX_ANSWER_BYTES = 1 << 20;

    private final URI url;
    private final Map<String, String> headers;
    private final ClientCertificate certificate;
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
     * A client with the standard timeouts, backoff and cache size that uses the certificate of
     * {@code spekeKeyProvider.certificateSecretRef} twice: it presents it as the TLS client certificate
     * to an https key server, and, when it is an RSA certificate, asks for the content keys encrypted
     * to it (CPIX {@code DeliveryData}) and decrypts them. Server certificates are checked against the
     * JDK's trusted CAs.
     *
     * @param url         the key server's endpoint (http or https)
     * @param headers     extra HTTP headers, as for {@link #SpekeClient(URI, Map)}
     * @param certificate the certificate and key, e.g. {@link ClientCertificate#fromPem(String, String)} of
     *                    the Secret's tls.crt and tls.key; null for neither use
     */
    public SpekeClient(URI url, Map<String, String> headers, ClientCertificate certificate) {
        this(url, headers, certificate, null);
    }

    /**
     * As {@link #SpekeClient(URI, Map, ClientCertificate)}, trusting the CAs of {@code trustedCaPem} as well
     * as the JDK's for the key server's certificate.
     *
     * @param certificate  the client certificate, or null
     * @param trustedCaPem PEM CERTIFICATE blocks of further CAs (e.g. a Secret's ca.crt), or null or blank for none
     * @throws IllegalArgumentException when {@code trustedCaPem} holds no PEM certificate
     */
    public SpekeClient(URI url, Map<String, String> headers, ClientCertificate certificate, String trustedCaPem) {
        this(url, headers, certificate, httpClient(certificate, trustedCaPem), FIRST_BACKOFF, CACHE_ENTRIES);
    }

    /**
     * A client with its own HTTP client (its connect timeout applies), first backoff (doubling per
     * retry) and cache size.
     *
     * @throws IllegalArgumentException when the URL is not http(s) or a header cannot be sent (e.g. Host)
     */
    public SpekeClient(URI url, Map<String, String> headers, HttpClient http, Duration firstBackoff, int cacheEntries) {
        this(url, headers, null, http, firstBackoff, cacheEntries);
    }

    /**
     * A client with its own HTTP client, which must carry any TLS client certificate itself;
     * {@code certificate} (or null) is the CPIX delivery certificate only.
     */
    SpekeClient(URI url, Map<String, String> headers, ClientCertificate certificate, HttpClient http, Duration firstBackoff, int cacheEntries) {
        this.url = Objects.requireNonNull(url, "url");
        if (!"http".equalsIgnoreCase(url.getScheme()) && !"https".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
            throw new IllegalArgumentException("SPEKE key server URL must be http(s)://host/..., not " + url.getScheme() + ":…");
        }
        this.headers = sendable(url, headers);
        this.certificate = certificate;
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
        X509Certificate deliveryKey = certificate != null && certificate.canReceiveCpixKeys() ? certificate.certificate() : null;
        HttpRequest.Builder builder = HttpRequest.newBuilder(url).timeout(REQUEST_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofString(Cpix.request(request, kids, deliveryKey), StandardCharsets.UTF_8));
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
                    return Cpix.keys(body, request, kids, certificate);
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
            SSLException tls = cause(e, SSLException.class);
            if (tls != null) {
                throw new KeyException(url, "TLS failed: " + tls.getMessage() + tlsHint(tls), false, e);
            }
            throw new KeyException(url, "connection failed: " + e + hangUpHint(e), true, e);
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

    /** The first {@code type} in the cause chain of {@code e}, or null. */
    private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }

    /**
     * What to check after a TLS fault, in words. TLS faults are configuration faults, so they are not
     * retried: an untrusted server certificate, or a server that wants a (different) client certificate,
     * which it says with an alert (RFC 8446 §6.2) or by ending the handshake.
     */
    private String tlsHint(SSLException tls) {
        if (cause(tls, CertPathBuilderException.class) != null || cause(tls, CertPathValidatorException.class) != null) {
            return " (the key server's certificate is not signed by a CA the JDK or the configured CA trusts)";
        }
        String message = String.valueOf(tls.getMessage());
        if (CLIENT_CERTIFICATE_ALERTS.stream().anyMatch(message::contains)) {
            return " (" + clientCertificateHint(true) + ")";
        }
        return tls instanceof SSLHandshakeException ? " (" + clientCertificateHint(false) + ")" : "";
    }

    /**
     * What to check when an https key server hung up without answering. Under TLS 1.3 the client
     * finishes its handshake before the server judges its certificate, so a server that refuses it
     * may simply close the connection: indistinguishable from a transient fault, hence still retried.
     */
    private String hangUpHint(IOException e) {
        if (!"https".equalsIgnoreCase(url.getScheme()) || cause(e, EOFException.class) == null && cause(e, SocketException.class) == null) {
            return "";
        }
        return " (closed after TLS without an answer; " + clientCertificateHint(false) + ")";
    }

    private String clientCertificateHint(boolean certain) {
        if (certificate == null) {
            return certain ? "the key server wants a TLS client certificate: set spekeKeyProvider.certificateSecretRef"
                    : "if the key server requires a TLS client certificate, set spekeKeyProvider.certificateSecretRef";
        }
        return "the key server " + (certain ? "refused" : "may have refused") + " the client certificate " + certificate.subject();
    }

    /** An HTTP client with the standard connect timeout, presenting {@code certificate} and trusting {@code trustedCaPem} too. */
    private static HttpClient httpClient(ClientCertificate certificate, String trustedCaPem) {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT);
        boolean extraCas = trustedCaPem != null && !trustedCaPem.isBlank();
        if (certificate != null || extraCas) {
            List<X509Certificate> cas = extraCas ? Pem.certificates(trustedCaPem, "the trusted CA PEM") : List.of();
            builder.sslContext(Tls.context(certificate, cas));
        }
        return builder.build();
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
