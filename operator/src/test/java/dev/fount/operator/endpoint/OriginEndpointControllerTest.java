package dev.fount.operator.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.fount.api.v1alpha1.Channel;
import dev.fount.api.v1alpha1.Condition;
import dev.fount.api.v1alpha1.OriginEndpoint;
import dev.fount.operator.Eventually;
import dev.fount.operator.common.StatusConditions;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/**
 * OriginEndpoints against the Fabric8 mock server (CRUD mode), fed examples/live: an endpoint
 * created before its Channel reports ChannelNotFound and recovers when the Channel appears; a
 * spec change moves status.url and observedGeneration; CMAF gets one URL per manifest.
 */
@QuarkusTest
@WithKubernetesTestServer
class OriginEndpointControllerTest {

    static final Path EXAMPLES = Path.of("../examples/live");

    @Inject
    KubernetesClient client;

    static <T> T example(String file, Class<T> type) throws IOException {
        return Serialization.unmarshal(Files.readString(EXAMPLES.resolve(file)), type);
    }

    OriginEndpoint endpoint(String name) {
        return client.resources(OriginEndpoint.class).inNamespace(client.getNamespace()).withName(name).get();
    }

    @Test
    void endpointBeforeItsChannelRecoversAndFollowsSpecChanges() throws IOException {
        Eventually.installCrds(client);
        String ns = client.getNamespace();
        client.resource(example("endpoint-hls.yaml", OriginEndpoint.class)).inNamespace(ns).create();
        client.resource(example("endpoint-cmaf.yaml", OriginEndpoint.class)).inNamespace(ns).create();

        Eventually.that("live-hls reports ChannelNotFound", () -> {
            OriginEndpoint e = endpoint("live-hls");
            return e.getStatus() != null && has(e.getStatus().conditions, Condition.RESOLVED_REFS, Condition.Status.False, "ChannelNotFound")
                    && has(e.getStatus().conditions, Condition.READY, Condition.Status.False, "ChannelNotFound");
        });
        String message = StatusConditions.find(endpoint("live-hls").getStatus().conditions, Condition.RESOLVED_REFS).orElseThrow().message;
        assertEquals(true, message.contains("live"), message);

        client.resource(example("channel.yaml", Channel.class)).inNamespace(ns).create();

        String base = "http://live-origin." + ns + ".svc.cluster.local/out/v1/live/";
        Eventually.that("live-hls resolves its channel", () -> {
            OriginEndpoint e = endpoint("live-hls");
            return has(e.getStatus().conditions, Condition.RESOLVED_REFS, Condition.Status.True, "Resolved")
                    && has(e.getStatus().conditions, Condition.READY, Condition.Status.True, "Published");
        });
        assertEquals(base + "live-hls/index.m3u8", endpoint("live-hls").getStatus().url);
        assertEquals(endpoint("live-hls").getMetadata().getGeneration(), endpoint("live-hls").getStatus().observedGeneration);

        Eventually.that("live-cmaf resolves its channel", () -> has(endpoint("live-cmaf").getStatus().conditions,
                Condition.READY, Condition.Status.True, "Published"));
        OriginEndpoint cmaf = endpoint("live-cmaf");
        assertEquals(2, cmaf.getStatus().hlsManifests.size());
        assertEquals(base + "live-cmaf/main/index.m3u8", cmaf.getStatus().hlsManifests.get(0).url);
        assertEquals(base + "live-cmaf/low-latency/index.m3u8", cmaf.getStatus().hlsManifests.get(1).url);
        assertEquals(cmaf.getStatus().hlsManifests.get(0).url, cmaf.getStatus().url);

        // kubectl describe tells the story: a Warning when it could not resolve, Normal when published
        Eventually.that("events on the Ready transitions", () -> {
            var events = client.v1().events().inNamespace(ns).list().getItems().stream()
                    .filter(ev -> "live-hls".equals(ev.getInvolvedObject().getName()) && "OriginEndpoint".equals(ev.getInvolvedObject().getKind()))
                    .toList();
            return events.stream().anyMatch(ev -> "Warning".equals(ev.getType()) && "ChannelNotFound".equals(ev.getReason()))
                    && events.stream().anyMatch(ev -> "Normal".equals(ev.getType()) && "Published".equals(ev.getReason()));
        });

        // a spec change: the URL and observedGeneration follow
        long generation = endpoint("live-hls").getMetadata().getGeneration();
        client.resources(OriginEndpoint.class).inNamespace(ns).withName("live-hls").edit(e -> {
            e.getSpec().manifestName = "main";
            return e;
        });
        Eventually.that("live-hls URL follows manifestName", () -> (base + "live-hls/main.m3u8").equals(endpoint("live-hls").getStatus().url));
        OriginEndpoint hls = endpoint("live-hls");
        assertEquals(true, hls.getMetadata().getGeneration() > generation, "generation moved");
        assertEquals(hls.getMetadata().getGeneration(), hls.getStatus().observedGeneration);
    }

    static boolean has(List<Condition> conditions, String type, Condition.Status status, String reason) {
        return conditions != null && StatusConditions.find(conditions, type)
                .map(c -> c.status == status && reason.equals(c.reason)).orElse(false);
    }
}
