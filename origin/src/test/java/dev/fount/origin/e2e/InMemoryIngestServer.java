package dev.fount.origin.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A tiny stand-in for an ingest server, for tests of the harness itself (and any test that needs a
 * plain HTTP sink): PUT stores the body in memory by path, GET/HEAD serves it back (CORS open,
 * HLS/DASH content types), DELETE removes it. PUT and DELETE need credentials: Basic, or Digest
 * (MD5, qop=auth) answering this server's challenge; anything else is answered 401 with both
 * challenges and counted in {@link #unauthorizedCount()}.
 */
public final class InMemoryIngestServer implements AutoCloseable {

    /**
     * A stored file.
     *
     * @param contentType the request's Content-Type as sent, or null (ffmpeg's HLS muxer sends none)
     * @param puts how many times it was PUT
     */
    public record Stored(byte[] body, String contentType, int puts) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private static final String REALM = "fount-e2e";

    private final Credentials credentials;
    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, Stored> files = new ConcurrentHashMap<>();
    private final Set<String> nonces = ConcurrentHashMap.newKeySet();
    private final List<String> requestLog = new ArrayList<>();
    private final Object changed = new Object();
    private final SecureRandom random = new SecureRandom();
    private int unauthorized;
    private final long created = System.nanoTime();

    public InMemoryIngestServer(Credentials credentials) throws IOException {
        this.credentials = credentials;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        executor = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "ingest-server");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** {@code http://127.0.0.1:PORT} (no trailing slash). */
    public String baseUrl() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort();
    }

    public Stored get(String path) {
        return files.get(path);
    }

    /** Paths stored so far, sorted. */
    public List<String> paths() {
        return new ArrayList<>(new TreeMap<>(files).keySet());
    }

    public synchronized int unauthorizedCount() {
        return unauthorized;
    }

    /** "seconds-since-start METHOD path status (handling seconds)" for every request, in order. */
    public List<String> requestLog() {
        synchronized (requestLog) {
            return new ArrayList<>(requestLog);
        }
    }

    /**
     * Waits until {@code condition} holds over the stored paths (re-checked on every change, no
     * polling); false on timeout.
     */
    public boolean await(Predicate<InMemoryIngestServer> condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (changed) {
            while (!condition.test(this)) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                changed.wait(left);
            }
            return true;
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange ex) throws IOException {
        long begin = System.nanoTime();
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getPath();
        int status = 0;
        String failure = "";
        try (ex; InputStream in = ex.getRequestBody()) {
            byte[] body = in.readAllBytes();
            ex.getResponseHeaders().add("Access-Control-Allow-Origin", "*");
            switch (method) {
                case "PUT", "POST", "DELETE" -> {
                    if (!authorized(ex, method)) {
                        synchronized (this) {
                            unauthorized++;
                        }
                        String nonce = HexFormat.of().formatHex(nonce());
                        nonces.add(nonce);
                        ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"" + REALM + "\"");
                        ex.getResponseHeaders().add("WWW-Authenticate",
                                "Digest realm=\"" + REALM + "\", qop=\"auth\", algorithm=MD5, nonce=\"" + nonce + "\"");
                        status = 401;
                        ex.sendResponseHeaders(status, -1);
                    } else if (method.equals("DELETE")) {
                        status = files.remove(path) == null ? 404 : 204;
                        ex.sendResponseHeaders(status, -1);
                    } else {
                        String type = ex.getRequestHeaders().getFirst("Content-Type");
                        Stored old = files.get(path);
                        files.put(path, new Stored(body, type, old == null ? 1 : old.puts() + 1));
                        status = old == null ? 201 : 204;
                        ex.sendResponseHeaders(status, -1);
                    }
                }
                case "GET", "HEAD" -> {
                    Stored s = files.get(path);
                    if (s == null) {
                        status = 404;
                        ex.sendResponseHeaders(status, -1);
                    } else {
                        status = 200;
                        ex.getResponseHeaders().add("Content-Type", contentTypeForServing(path));
                        ex.getResponseHeaders().add("Cache-Control", path.endsWith(".m3u8") || path.endsWith(".mpd")
                                ? "no-cache" : "max-age=60");
                        if (method.equals("HEAD")) {
                            ex.sendResponseHeaders(status, -1);
                        } else {
                            ex.sendResponseHeaders(status, s.body().length == 0 ? -1 : s.body().length);
                            ex.getResponseBody().write(s.body());
                        }
                    }
                }
                case "OPTIONS" -> {
                    ex.getResponseHeaders().add("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS");
                    ex.getResponseHeaders().add("Access-Control-Allow-Headers", "*");
                    status = 204;
                    ex.sendResponseHeaders(status, -1);
                }
                default -> {
                    status = 405;
                    ex.sendResponseHeaders(status, -1);
                }
            }
        } catch (IOException | RuntimeException e) {
            // e.g. the client went away without reading the response (ffmpeg does at exit): what was
            // stored stays stored, and waiters must still hear about it.
            failure = " " + e;
            throw e;
        } finally {
            synchronized (requestLog) {
                requestLog.add(String.format(java.util.Locale.ROOT, "%.3f %s %s %d (%.3f s)%s", (begin - created) / 1e9,
                        method, path, status, (System.nanoTime() - begin) / 1e9, failure));
            }
            synchronized (changed) {
                changed.notifyAll();
            }
        }
    }

    private byte[] nonce() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return b;
    }

    private static String contentTypeForServing(String path) {
        return path.endsWith(".ts") ? "video/MP2T" : HttpPush.contentTypeFor(path);
    }

    private boolean authorized(HttpExchange ex, String method) {
        if (credentials == null) {
            return true;
        }
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth == null) {
            return false;
        }
        if (auth.regionMatches(true, 0, "Basic ", 0, 6)) {
            return auth.trim().equals(credentials.basicAuthorization());
        }
        if (auth.regionMatches(true, 0, "Digest ", 0, 7)) {
            Map<String, String> p = HttpPush.parseAuthParams(auth.substring(7));
            if (!credentials.username().equals(p.get("username")) || !nonces.contains(p.getOrDefault("nonce", ""))
                    || !REALM.equals(p.get("realm"))) {
                return false;
            }
            String uri = ex.getRequestURI().getRawPath()
                    + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery());
            if (!uri.equals(p.get("uri"))) {
                return false;
            }
            String ha1 = HttpPush.hash("MD5", credentials.username() + ":" + REALM + ":" + credentials.password());
            String ha2 = HttpPush.hash("MD5", method + ":" + uri);
            String expected = HttpPush.hash("MD5", ha1 + ":" + p.get("nonce") + ":" + p.get("nc") + ":"
                    + p.get("cnonce") + ":" + p.get("qop") + ":" + ha2);
            return expected.equals(p.get("response"));
        }
        return false;
    }
}
