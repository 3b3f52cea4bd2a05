package dev.fount.origin.harvest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Reads the origin's HLS rendering over HTTP. Each GET has a deadline and is tried once more after
 * an I/O error or a 5xx (a pod restart or a brief overload should not fail a long harvest); any
 * other answer is returned for the caller to judge.
 */
public final class OriginClient {

    /** Connecting to a Service in the cluster is quick; longer means it is not there. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** A whole segment (tens of MB at most) from a local Service. */
    static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration RETRY_DELAY = Duration.ofMillis(500);
    private static final int MAX_MESSAGE = 300;

    private final HttpClient http;
    private final Duration requestTimeout;

    OriginClient(HttpClient http, Duration requestTimeout) {
        this.http = http;
        this.requestTimeout = requestTimeout;
    }

    public static OriginClient create() {
        return new OriginClient(HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build(), REQUEST_TIMEOUT);
    }

    /**
     * The origin's answer to a GET.
     *
     * @param status HTTP status
     * @param body   the body, whole
     */
    public record Answer(int status, byte[] body) {

        public boolean ok() {
            return status == 200;
        }

        /** The body's first line, for an error message (the origin explains refusals in one line). */
        public String message() {
            String text = new String(body, StandardCharsets.UTF_8).strip();
            int newline = text.indexOf('\n');
            String line = (newline < 0 ? text : text.substring(0, newline)).strip();
            if (line.isEmpty()) {
                return "HTTP " + status;
            }
            return line.length() > MAX_MESSAGE ? line.substring(0, MAX_MESSAGE) + "…" : line;
        }
    }

    /** GETs {@code uri}, once more after an I/O error or a 5xx; {@code what} names it in the error. */
    public Answer get(URI uri, String what) throws HarvestException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(requestTimeout).GET().build();
        IOException failure = null;
        Answer answer = null;
        for (int attempt = 1; attempt <= 2; attempt++) {
            if (attempt == 2) {
                pause();
            }
            try {
                HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                answer = new Answer(response.statusCode(), response.body());
                failure = null;
                if (answer.status() < 500) {
                    return answer;
                }
            } catch (IOException e) {
                failure = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HarvestException(what + ": interrupted");
            }
        }
        if (failure != null) {
            throw new HarvestException(what + ": cannot read " + uri + " (twice): " + describe(failure), failure);
        }
        return answer;
    }

    private static void pause() throws HarvestException {
        try {
            Thread.sleep(RETRY_DELAY.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HarvestException("interrupted");
        }
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : " " + message.replaceAll("\\s+", " "));
    }
}
