package dev.fount.origin.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.function.BooleanSupplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.fount.api.v1alpha1.Channel;
import dev.fount.api.v1alpha1.ChannelSpec;
import dev.fount.api.v1alpha1.HlsPackage;
import dev.fount.api.v1alpha1.OriginEndpoint;
import dev.fount.api.v1alpha1.OriginEndpointSpec;
import dev.fount.api.v1alpha1.SecretReference;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/**
 * In a cluster the origin follows its custom resources through informers (against the
 * Fabric8 mock API server here) and reads credentials from Secrets mounted as files.
 */
@QuarkusTest
@WithKubernetesTestServer
@TestProfile(ClusterConfigTest.Profile.class)
class ClusterConfigTest {

    static final Path SECRETS = Path.of("target/test-secrets");

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("fount.config.dir", "", "fount.secrets.dir", SECRETS.toString(), "fount.data.dir", "target/fount-data-cluster/${quarkus.uuid}",
                    "fount.channel", "studio");
        }
    }

    @Inject
    KubernetesClient client;

    @Inject
    ConfigSource config;

    @TestHTTPResource("/")
    URI root;

    @Test
    void followsChannelsAndEndpointsAndUsesMountedCredentials() throws Exception {
        Files.createDirectories(SECRETS.resolve("studio-ingest"));
        Files.writeString(SECRETS.resolve("studio-ingest/username"), "studio\n");
        Files.writeString(SECRETS.resolve("studio-ingest/password"), "from-a-mounted-secret\n");

        Channel channel = new Channel();
        channel.setMetadata(new ObjectMetaBuilder().withName("studio").build());
        channel.setSpec(new ChannelSpec());
        channel.getSpec().ingest = new ChannelSpec.Ingest();
        channel.getSpec().ingest.credentialsSecretRef = new SecretReference("studio-ingest");
        client.resource(channel).create();

        OriginEndpoint endpoint = new OriginEndpoint();
        endpoint.setMetadata(new ObjectMetaBuilder().withName("studio-hls").build());
        endpoint.setSpec(new OriginEndpointSpec());
        endpoint.getSpec().channelName = "studio";
        endpoint.getSpec().hlsPackage = new HlsPackage();
        client.resource(endpoint).create();

        // Another channel of the namespace: served by its own origin pods, not by this one (FOUNT_CHANNEL).
        Channel other = new Channel();
        other.setMetadata(new ObjectMetaBuilder().withName("other").build());
        other.setSpec(new ChannelSpec());
        client.resource(other).create();

        await(() -> config.current().endpoint("studio", "studio-hls").isPresent());
        assertTrue(config.current().channel("other").isEmpty(), "an origin serves only the channel it was deployed for");
        EndpointConfig served = config.current().endpoint("studio", "studio-hls").orElseThrow();
        assertEquals("index", served.manifestName(), "CRD defaults apply to what informers deliver");
        assertEquals(6, served.hls().orElseThrow().segmentDurationSeconds());
        assertEquals(new IngestCredentials("studio", "from-a-mounted-secret"), config.current().channel("studio").orElseThrow().credentials().orElseThrow());

        // The mounted password opens the ingest; another does not.
        assertEquals(201, put("studio", "from-a-mounted-secret"));
        assertEquals(401, put("studio", "wrong"));

        // A change applies without a restart.
        endpoint.getSpec().manifestName = "main";
        client.resource(endpoint).update();
        await(() -> config.current().endpoint("studio", "studio-hls").map(e -> e.manifestName().equals("main")).orElse(false));

        client.resource(endpoint).delete();
        await(() -> config.current().endpoint("studio", "studio-hls").isEmpty());
        assertTrue(config.current().channel("studio").isPresent());
    }

    private int put(String user, String password) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(root.resolve("/in/v1/studio/1/channel.m3u8"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .PUT(HttpRequest.BodyPublishers.ofString("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1000\nchannel_0.m3u8\n")).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the origin's configuration did not follow the cluster within 10 s");
            }
            Thread.sleep(100);
        }
    }
}
