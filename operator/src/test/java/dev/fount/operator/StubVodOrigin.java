package dev.fount.operator;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.HttpServer;

/**
 * Plays a PackagingGroup's VOD origin for operator tests: answers {@code GET
 * /vod/v1/{group}/{asset}} with the report set for that asset (the origin's JSON), or 503 (an
 * origin still starting) when none is set. One per JVM; the operator reaches it through
 * {@code fount.operator.vod-status-base}.
 */
public final class StubVodOrigin {

    private static final Map<String, String> REPORTS = new ConcurrentHashMap<>();
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
            server.start();
        }
        return "http://127.0.0.1:" + server.getAddress().getPort();
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
