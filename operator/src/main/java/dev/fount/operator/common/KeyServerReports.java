package dev.fount.operator.common;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.fount.api.v1alpha1.Condition;
import dev.fount.api.v1alpha1.OriginEndpointSpec;
import dev.fount.api.v1alpha1.PackagingConfigurationSpec;

/**
 * Asks an origin how its key server answers for one encrypted endpoint ({@code GET
 * /keys/v1/live/{channel}/{endpoint}}) or packaging configuration ({@code GET
 * /keys/v1/vod/{group}/{configuration}}), and turns the answer into the KeyServer condition.
 * Only the origin talks to the key server, and it answers players 502 when that fails; this is
 * how the failure reaches {@code kubectl}. Nothing here throws: an origin that cannot be asked is
 * itself a state of the condition (Unknown, OriginUnreachable).
 */
@ApplicationScoped
public class KeyServerReports {

    public static final String KEYS_RECEIVED = "KeysReceived";
    public static final String KEY_SERVER_FAILED = "KeyServerFailed";
    public static final String NO_KEY_REQUEST_YET = "NoKeyRequestYet";
    public static final String NOT_SEEN_BY_ORIGIN = "NotSeenByOrigin";
    public static final String ORIGIN_UNREACHABLE = "OriginUnreachable";
    /** Conditions are read by people: a key server's error page is cut here. */
    static final int MAX_MESSAGE = 1000;
    /** How much of an unexpected answer's body a message quotes. */
    private static final int MAX_QUOTE = 200;

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    OperatorSettings settings;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1).build();

    /** The KeyServer condition's status, reason and message. */
    public record Verdict(Condition.Status status, String reason, String message) {
    }

    /** What the channel's origin says about the endpoint's key server; empty when the origin says it is not encrypted. */
    public Optional<Verdict> live(String namespace, String channel, String endpoint) {
        String url = OriginAddresses.live(settings, namespace, channel) + "/keys/v1/live/" + encode(channel) + "/" + encode(endpoint);
        return ask(url, "endpoint " + channel + "/" + endpoint);
    }

    /** What the group's VOD origin says about the configuration's key server; empty when the origin says it is not encrypted. */
    public Optional<Verdict> vod(String namespace, String group, String configuration) {
        String url = OriginAddresses.vod(settings, namespace, group) + "/keys/v1/vod/" + encode(group) + "/" + encode(configuration);
        return ask(url, "configuration " + group + "/" + configuration);
    }

    private Optional<Verdict> ask(String url, String subject) {
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return read(url, answer.statusCode(), answer.body(), subject);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(unreachable(url, "interrupted"));
        } catch (IOException | RuntimeException e) {
            // RuntimeException: a malformed base URL (IllegalArgumentException) must not fail the reconcile either
            return Optional.of(unreachable(url, describe(e)));
        }
    }

    /**
     * The origin's answer as the KeyServer condition; empty when the origin says the resource is
     * not encrypted (the condition is then removed). A pure function, so every answer is
     * unit-tested without HTTP.
     *
     * @param url     what was asked, named in messages about a faulty answer
     * @param status  the HTTP status
     * @param body    the answer's body (JSON on 200)
     * @param subject the resource in words, e.g. "endpoint live/live-hls"
     */
    public static Optional<Verdict> read(String url, int status, String body, String subject) {
        if (status == 404) {   // the origin's configuration lags behind the API server
            return Optional.of(new Verdict(Condition.Status.Unknown, NOT_SEEN_BY_ORIGIN,
                    "the origin does not know " + subject + " yet"));
        }
        if (status != 200) {
            return Optional.of(unreachable(url, "HTTP " + status + quote(body)));
        }
        JsonNode report;
        try {
            report = JSON.readTree(body == null ? "" : body);
        } catch (IOException e) {
            return Optional.of(notAReport(url, "not JSON" + quote(body)));
        }
        if (report == null || !report.isObject() || !report.path("encrypted").isBoolean()) {
            return Optional.of(notAReport(url, "no boolean \"encrypted\"" + quote(body)));
        }
        if (!report.path("encrypted").booleanValue()) {
            return Optional.empty();
        }
        String keyServer = text(report, "keyServer");
        String named = keyServer == null ? "the key server" : keyServer;
        String message = text(report, "message");
        String since = text(report, "since");
        return switch (String.valueOf(text(report, "status"))) {
            case "OK" -> Optional.of(new Verdict(Condition.Status.True, KEYS_RECEIVED,
                    "keys received from " + named + (since == null ? "" : " since " + since)));
            case "FAILING" -> Optional.of(new Verdict(Condition.Status.False, KEY_SERVER_FAILED,
                    cap(message != null ? message : "key server " + named + " is failing (the origin gave no reason)")));
            case "NOT_ASKED" -> Optional.of(new Verdict(Condition.Status.Unknown, NO_KEY_REQUEST_YET,
                    "no player has asked for encrypted media yet, so " + named + " has not been asked for keys"));
            default -> Optional.of(notAReport(url, "status " + text(report, "status") + " is none of OK, FAILING, NOT_ASKED"));
        };
    }

    /** The condition when the origin cannot be asked (not running, not reachable, timed out). */
    public static Verdict unreachable(String url, String fault) {
        return new Verdict(Condition.Status.Unknown, ORIGIN_UNREACHABLE, cap("cannot ask the origin at " + url + ": " + fault));
    }

    /** True when any packager of the endpoint encrypts (live HLS, DASH, CMAF or Smooth). */
    public static boolean encrypted(OriginEndpointSpec s) {
        return s != null && ((s.hlsPackage != null && s.hlsPackage.encryption != null)
                || (s.dashPackage != null && s.dashPackage.encryption != null)
                || (s.cmafPackage != null && s.cmafPackage.encryption != null)
                || (s.mssPackage != null && s.mssPackage.encryption != null));
    }

    /** True when the configuration's package encrypts (VOD HLS, DASH, CMAF or Smooth). */
    public static boolean encrypted(PackagingConfigurationSpec s) {
        return s != null && ((s.hlsPackage != null && s.hlsPackage.encryption != null)
                || (s.dashPackage != null && s.dashPackage.encryption != null)
                || (s.cmafPackage != null && s.cmafPackage.encryption != null)
                || (s.mssPackage != null && s.mssPackage.encryption != null));
    }

    /** Sets the KeyServer condition from {@code verdict}, or removes it when there is none (not encrypted). */
    public static void apply(StatusConditions conditions, List<Condition> into, Optional<Verdict> verdict, Long generation) {
        verdict.ifPresentOrElse(v -> conditions.set(into, Condition.KEY_SERVER, v.status(), v.reason(), v.message(), generation),
                () -> StatusConditions.remove(into, Condition.KEY_SERVER));
    }

    private static Verdict notAReport(String url, String why) {
        return unreachable(url, "answered what is not a key server report: " + why);
    }

    private static String text(JsonNode report, String field) {
        JsonNode value = report.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String quote(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String flat = body.strip().replaceAll("\\s+", " ");
        return " (" + (flat.length() > MAX_QUOTE ? flat.substring(0, MAX_QUOTE) + "…" : flat) + ")";
    }

    static String cap(String message) {
        return message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE - 1) + "…" : message;
    }

    private static String describe(Exception e) {
        // ConnectException and friends often carry no message of their own, only a cause
        Throwable t = e;
        while (t.getMessage() == null && t.getCause() != null) {
            t = t.getCause();
        }
        return e.getClass().getSimpleName() + (t.getMessage() == null ? (t == e ? "" : ": " + t.getClass().getSimpleName()) : ": " + t.getMessage());
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8);
    }
}
