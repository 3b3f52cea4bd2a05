package dev.fount.operator;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

/**
 * Plays a PackagingGroup's VOD origin for operator tests: answers {@code GET
 * /vod/v1/{group}/{asset}} with the report set for that asset (the origin's JSON), or 503 (an
 * origin still starting) when none is set. One per JVM; the operator reaches it through
 * {@code fount.operator.vod-status-base}.
 *
 * <p>It also plays the key-server state every origin (live and VOD) serves at {@code GET
 * /keys/v1/live/{channel}/{endpoint}} and {@code /keys/v1/vod/{group}/{configuration}}: the
 * answer set for that path, or 404 (the origin does not know it) when none is set; requests are
 * counted per path. The operator reaches it through {@code fount.operator.live-status-base} too.
 */
public final class StubVodOrigin {

    private static final Map<String, String> REPORTS = new ConcurrentHashMap<>();
    private static final Map<String, String> KEY_REPORTS = new ConcurrentHashMap<>();
    private static final Map<String, AtomicInteger> KEY_REQUESTS = new ConcurrentHashMap<>();
    private static HttpServer server;

    private StubVodOrigin() {
    }

    /** The base URL, starting the stub on first use. */
    public static synchronized String base() {
        if (server == null) {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            server.createContext("/vod/v1/", exchange -> {
                String body = REPORTS.get(exchange.getRequestURI().getPath().substring("/vod/v1/".length()));
                byte[] bytes = (body == null ? "starting" : body).getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(body == null ? 503 : 200, bytes.length);
                exchange.getResponseBody().write(bytes);
                exchange.close();
            });
            server.createContext("/keys/v1/", exchange -> {
                String path = exchange.getRequestURI().getPath().substring("/keys/v1/".length());
                KEY_REQUESTS.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
                String body = KEY_REPORTS.get(path);
                byte[] bytes = (body == null ? "no such endpoint or configuration" : body).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", body == null ? "text/plain" : "application/json");
                exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
                exchange.getResponseBody().write(bytes);
                exchange.close();
            });
            server.start();
        }
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * From now on the origin answers {@code /keys/v1/{path}} (e.g. {@code live/drm/drm-hls}) with an
     * encrypted resource's key-server state; {@code message} and {@code since} may be null.
     */
    public static void keyServer(String path, String keyServer, String status, String message, String since) {
        KEY_REPORTS.put(path, """
                {"encrypted":true,"keyServer":"%s","status":"%s","message":%s,"since":%s}"""
                .formatted(keyServer, status, json(message), json(since)));
    }

    /** How many times {@code /keys/v1/{path}} was asked. */
    public static int keyServerRequests(String path) {
        AtomicInteger n = KEY_REQUESTS.get(path);
        return n == null ? 0 : n.get();
    }

    private static String json(String text) {
        return text == null ? "null" : "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** From now on the origin reports {@code status} for the asset, for each of {@code configurations}. */
    public static void report(String group, String asset, String status, String message, String... configurations) {
        StringBuilder endpoints = new StringBuilder();
        for (String c : configurations) {
            endpoints.append(endpoints.length() == 0 ? "" : ",").append("""
                    {"packagingConfigurationName":"%s","manifestName":"index","url":"/out/v1/%s/%s/%s/index","status":"%s"}"""
                    .formatted(c, group, asset, c, status));
        }
        REPORTS.put(group + "/" + asset, """
                {"asset":"%s","packagingGroup":"%s","status":"%s","message":"%s","egressEndpoints":[%s]}"""
                .formatted(asset, group, status, message, endpoints));
    }
}
