package dev.fount.operator.vod;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.fount.api.v1alpha1.AssetStatus;
import dev.fount.api.v1alpha1.PackagingGroup;
import dev.fount.operator.common.OperatorSettings;
import dev.fount.operator.common.OriginAddresses;

/**
 * Asks a PackagingGroup's VOD origin how far it got with an asset ({@code GET
 * /vod/v1/{group}/{asset}}, served by the origin's VodStatusResource): the operator owns the
 * Asset's status, the origin owns the media, so the state is read, never guessed.
 */
@ApplicationScoped
public class AssetReports {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    OperatorSettings settings;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1).build();

    /**
     * @param status         the asset's indexing state
     * @param message        what the origin says about it (progress, or why it failed)
     * @param configurations per packaging configuration the origin knows, its egress state
     */
    public record Report(AssetStatus.EgressEndpoint.Status status, String message,
            Map<String, AssetStatus.EgressEndpoint.Status> configurations) {
    }

    /** @throws IOException when the origin cannot be asked (not running yet, not reachable) or answers nonsense */
    public Report fetch(PackagingGroup group, String asset) throws IOException, InterruptedException {
        String name = group.getMetadata().getName();
        String base = OriginAddresses.vod(settings, group.getMetadata().getNamespace(), name);
        URI uri = URI.create(base + "/vod/v1/" + encode(name) + "/" + encode(asset));
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(3)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() == 404) {   // the origin has not seen the Asset yet (its informer lags behind ours)
            return new Report(AssetStatus.EgressEndpoint.Status.QUEUED, "the VOD origin has not seen the asset yet", Map.of());
        }
        if (answer.statusCode() != 200) {
            throw new IOException(uri + " answered HTTP " + answer.statusCode());
        }
        try {
            JsonNode body = JSON.readTree(answer.body());
            Map<String, AssetStatus.EgressEndpoint.Status> configurations = new LinkedHashMap<>();
            for (JsonNode e : body.path("egressEndpoints")) {
                configurations.putIfAbsent(e.path("packagingConfigurationName").asText(), status(e.path("status").asText()));
            }
            return new Report(status(body.path("status").asText()), body.path("message").asText(null), configurations);
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException(uri + " answered what is not an asset report: " + e.getMessage());
        }
    }

    private static AssetStatus.EgressEndpoint.Status status(String value) {
        return AssetStatus.EgressEndpoint.Status.valueOf(value);
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8);
    }
}
