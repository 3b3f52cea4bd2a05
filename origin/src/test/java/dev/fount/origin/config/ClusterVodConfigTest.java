package dev.fount.origin.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.fount.api.v1alpha1.Asset;
import dev.fount.api.v1alpha1.AssetSpec;
import dev.fount.api.v1alpha1.Channel;
import dev.fount.api.v1alpha1.ChannelSpec;
import dev.fount.api.v1alpha1.PackagingConfiguration;
import dev.fount.api.v1alpha1.PackagingConfigurationSpec;
import dev.fount.api.v1alpha1.PackagingGroup;
import dev.fount.api.v1alpha1.PackagingGroupSpec;
import dev.fount.api.v1alpha1.VodPackages;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/**
 * A PackagingGroup's VOD origin (FOUNT_PACKAGING_GROUP, set by the operator) follows its group's
 * configurations and assets through informers, with the CRD defaults applied, and nothing of
 * other groups or of live channels (its Role does not even allow reading those).
 */
@QuarkusTest
@WithKubernetesTestServer
@TestProfile(ClusterVodConfigTest.Profile.class)
class ClusterVodConfigTest {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("fount.config.dir", "", "fount.data.dir", "target/fount-data-cluster-vod/${quarkus.uuid}",
                    "fount.packaging-group", "movies");
        }
    }

    @Inject
    KubernetesClient client;

    @Inject
    ConfigSource config;

    @Test
    void followsItsGroupOnly() throws Exception {
        for (String group : List.of("movies", "series")) {
            PackagingGroup g = new PackagingGroup();
            g.setMetadata(new ObjectMetaBuilder().withName(group).build());
            g.setSpec(new PackagingGroupSpec());
            client.resource(g).create();
            PackagingConfiguration c = new PackagingConfiguration();
            c.setMetadata(new ObjectMetaBuilder().withName(group + "-hls").build());
            c.setSpec(new PackagingConfigurationSpec());
            c.getSpec().packagingGroupName = group;
            c.getSpec().hlsPackage = new VodPackages.Hls();
            c.getSpec().hlsPackage.hlsManifests = List.of(new VodPackages.HlsManifest());
            client.resource(c).create();
            Asset a = new Asset();
            a.setMetadata(new ObjectMetaBuilder().withName(group + "-pilot").build());
            a.setSpec(new AssetSpec());
            a.getSpec().packagingGroupName = group;
            a.getSpec().sourceUri = "file:/nowhere/" + group + ".smil";
            client.resource(a).create();
        }
        Channel channel = new Channel();
        channel.setMetadata(new ObjectMetaBuilder().withName("live").build());
        channel.setSpec(new ChannelSpec());
        client.resource(channel).create();

        await(() -> config.current().vod().asset("movies", "movies-pilot").isPresent()
                && config.current().vod().configuration("movies", "movies-hls").isPresent());
        VodConfig vod = config.current().vod();
        assertEquals(List.of("movies"), List.copyOf(vod.groups().keySet()));
        assertTrue(vod.assets().keySet().stream().allMatch(n -> n.startsWith("movies")), vod.assets().toString());
        EndpointConfig manifest = vod.configuration("movies", "movies-hls").orElseThrow().manifests().get(0);
        assertEquals("index", manifest.manifestName(), "CRD defaults apply to what informers deliver");
        assertEquals(6, manifest.hls().orElseThrow().segmentDurationSeconds());
        assertTrue(config.current().channels().isEmpty(), "a VOD origin serves no channel");
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s");
            }
            Thread.sleep(100);
        }
    }
}
