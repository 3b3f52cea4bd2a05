package dev.fount.origin.harvest;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for the origin's {@code /harvest/v1/{channel}/{endpoint}/…} route on loopback: it
 * serves an HLS tree whose playlists name their URIs with the request's query string (as the
 * origin does), insists on that exact {@code start}/{@code end} on every request (400 naming the
 * available range otherwise), answers 404 for another channel or endpoint, and adds an I-frame
 * variant to the multivariant playlist that must not be fetched. Failures can be injected per
 * file.
 */
final class FakeOrigin implements AutoCloseable {

    static final String CHANNEL = "live1";
    static final String ENDPOINT = "hls1";
    static final String START = "2026-01-01T10:00:00Z";
    static final String END = "2026-01-01T10:00:12Z";
    static final String IFRAME_PLAYLIST = "iframes_hi.m3u8";

    private static final Pattern URI_ATTRIBUTE = Pattern.compile("URI=\"([^\"]*)\"");

    private final Path tree;
    private final HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final Set<String> failAlways = ConcurrentHashMap.newKeySet();
    private final Set<String> failOnce = ConcurrentHashMap.newKeySet();

    FakeOrigin(Path tree) throws IOException {
        this.tree = tree;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Every request after this one for {@code file} answers 500. */
    void failAlways(String file) {
        failAlways.add(file);
    }

    /** The next request for {@code file} answers 500; later ones succeed. */
    void failOnce(String file) {
        failOnce.add(file);
    }

    /** Request paths (with query), in arrival order. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    long requestsFor(String file) {
        return requests.stream().filter(r -> r.contains("/" + file + "?") || r.endsWith("/" + file)).count();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            String query = uri.getRawQuery();
            requests.add(uri.getRawPath() + (query == null ? "" : "?" + query));
            String[] parts = uri.getPath().split("/");
            // "", "harvest", "v1", channel, endpoint, file
            if (parts.length != 6 || !parts[1].equals("harvest") || !parts[2].equals("v1")) {
                send(exchange, 404, "text/plain", "no such route: " + uri.getPath());
                return;
            }
            if (!parts[3].equals(CHANNEL) || !parts[4].equals(ENDPOINT)) {
                send(exchange, 404, "text/plain", "unknown endpoint " + parts[3] + "/" + parts[4]);
                return;
            }
            Map<String, String> params = params(query);
            if (!START.equals(params.get("start")) || !END.equals(params.get("end"))) {
                send(exchange, 400, "text/plain", "range " + params.get("start") + "/" + params.get("end")
                        + " is outside the startover window: available from " + START + " to " + END);
                return;
            }
            String file = parts[5];
            if (failAlways.contains(file) || failOnce.remove(file)) {
                send(exchange, 500, "text/plain", "injected failure for " + file);
                return;
            }
            Path path = tree.resolve(file);
            if (!Files.isRegularFile(path)) {
                send(exchange, 404, "text/plain", "no such file " + file);
                return;
            }
            if (file.endsWith(".m3u8")) {
                send(exchange, 200, "application/vnd.apple.mpegurl", playlist(Files.readString(path), file, query));
            } else {
                send(exchange, 200, "video/mp2t", Files.readAllBytes(path));
            }
        }
    }

    /** The playlist with the query on every URI, as the origin writes it; the multivariant one also names an I-frame variant. */
    private static String playlist(String text, String file, String query) {
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                out.append(line).append('?').append(query);
            } else {
                Matcher m = URI_ATTRIBUTE.matcher(line);
                out.append(m.find() ? line.substring(0, m.start()) + "URI=\"" + m.group(1) + "?" + query + "\"" + line.substring(m.end()) : line);
            }
            out.append('\n');
            if (file.equals(HlsFixture.MULTIVARIANT) && line.startsWith("#EXT-X-VERSION")) {
                out.append("#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=90000,CODECS=\"avc1.42c014\",URI=\"")
                        .append(IFRAME_PLAYLIST).append('?').append(query).append("\"\n");
            }
        }
        return out.toString();
    }

    private static Map<String, String> params(String query) {
        Map<String, String> params = new HashMap<>();
        if (query != null) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return params;
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        send(exchange, status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
