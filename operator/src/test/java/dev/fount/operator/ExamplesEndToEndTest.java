package dev.fount.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.fount.api.v1alpha1.Asset;
import dev.fount.api.v1alpha1.AssetStatus;
import dev.fount.api.v1alpha1.Channel;
import dev.fount.api.v1alpha1.Condition;
import dev.fount.api.v1alpha1.HarvestJob;
import dev.fount.api.v1alpha1.HarvestJobStatus;
import dev.fount.api.v1alpha1.OriginEndpoint;
import dev.fount.api.v1alpha1.PackagingConfiguration;
import dev.fount.api.v1alpha1.PackagingGroup;
import dev.fount.operator.common.StatusConditions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/**
 * What a user sees after {@code kubectl apply -f examples/live/ -f examples/vod/ -f examples/harvest/}
 * with the operator running: every resource reaches its truthful state and URLs, with the
 * Fabric8 mock API server standing in for the cluster and this test playing the kubelet
 * and the Job controller (marking workloads available, a Job complete).
 */
@QuarkusTest
@WithKubernetesTestServer
@TestProfile(ExamplesEndToEndTest.Profile.class)
class ExamplesEndToEndTest {

    /** The VOD origin is played by a stub that reports the asset's indexing. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("fount.operator.vod-status-base", StubVodOrigin.base());
        }
    }

    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "Channel", Channel.class, "OriginEndpoint", OriginEndpoint.class, "HarvestJob", HarvestJob.class,
            "PackagingGroup", PackagingGroup.class, "PackagingConfiguration", PackagingConfiguration.class,
            "Asset", Asset.class, "Secret", Secret.class);

    @Inject
    KubernetesClient client;

    @Test
    void everyExampleReachesItsStateWithTheRightUrls() throws IOException {
        Eventually.installCrds(client);
        String ns = client.getNamespace() == null ? "test" : client.getNamespace();
        for (String folder : List.of("live", "vod", "harvest")) {
            for (HasMetadata resource : examples(folder)) {
                resource.getMetadata().setNamespace(ns);
                client.resource(resource).inNamespace(ns).create();
            }
        }
        String svc = "." + ns + ".svc.cluster.local";

        // Live: the example asks for an archive, so the origin is a StatefulSet. Play the kubelet.
        Eventually.that("the live origin StatefulSet", () -> client.apps().statefulSets().inNamespace(ns).withName("live-origin").get() != null);
        client.apps().statefulSets().inNamespace(ns).withName("live-origin").editStatus(s -> {
            s.setStatus(new StatefulSetStatusBuilder().withReplicas(1).withReadyReplicas(1).withAvailableReplicas(1).build());
            return s;
        });
        Eventually.that("Channel live Ready", () -> ready(Channel.class, ns, "live"),
                () -> Serialization.asYaml(client.resources(Channel.class).inNamespace(ns).withName("live").get().getStatus())
                        + "\nsecrets: " + client.secrets().inNamespace(ns).list().getItems().stream().map(x -> x.getMetadata().getName() + " " + x.getMetadata().getLabels()).toList());
        var channel = client.resources(Channel.class).inNamespace(ns).withName("live").get().getStatus();
        assertEquals("http://live-ingest" + svc + "/in/v1/live/1/", channel.ingestEndpoints.get(0).url);
        assertEquals("http://live-ingest" + svc + "/in/v1/live/2/", channel.ingestEndpoints.get(1).url);
        assertEquals("encoder", channel.ingestEndpoints.get(0).username, "read from the example's Secret");
        assertEquals("live-ingest", channel.ingestEndpoints.get(0).passwordSecretRef.name);
        // The example's Secret bears the name the operator would generate; it is the user's and stays untouched.
        Secret userSecret = client.secrets().inNamespace(ns).withName("live-ingest").get();
        assertNotNull(userSecret, "the user's Secret was deleted");
        assertEquals("change-me-please", userSecret.getStringData() != null ? userSecret.getStringData().get("password")
                : new String(java.util.Base64.getDecoder().decode(userSecret.getData().get("password"))));

        Map<String, String> urls = Map.of(
                "live-hls", "http://live-origin" + svc + "/out/v1/live/live-hls/index.m3u8",
                "live-dash", "http://live-origin" + svc + "/out/v1/live/live-dash/index.mpd",
                "live-mss", "http://live-origin" + svc + "/out/v1/live/live-mss/index.ism/Manifest");
        urls.forEach((name, url) -> {
            Eventually.that("OriginEndpoint " + name + " Ready", () -> ready(OriginEndpoint.class, ns, name));
            assertEquals(url, client.resources(OriginEndpoint.class).inNamespace(ns).withName(name).get().getStatus().url);
        });
        Eventually.that("OriginEndpoint live-cmaf Ready", () -> ready(OriginEndpoint.class, ns, "live-cmaf"));
        var cmaf = client.resources(OriginEndpoint.class).inNamespace(ns).withName("live-cmaf").get().getStatus();
        assertEquals(2, cmaf.hlsManifests.size(), "one URL per CMAF HLS manifest");
        assertTrue(cmaf.hlsManifests.stream().allMatch(m -> m.url.startsWith("http://live-origin" + svc + "/out/v1/live/live-cmaf/" + m.id + "/")),
                cmaf.hlsManifests.toString());

        // VOD: the group's origin is a Deployment.
        Eventually.that("the VOD origin Deployment, with the Asset's source Secret mounted", () -> {
            var d = client.apps().deployments().inNamespace(ns).withName("vod-vod").get();
            return d != null && d.getSpec().getTemplate().getSpec().getVolumes().stream()
                    .anyMatch(v -> v.getSecret() != null && "vod-source".equals(v.getSecret().getSecretName()))
                    && d.getSpec().getTemplate().getSpec().getContainers().get(0).getVolumeMounts().stream()
                    .anyMatch(m -> m.getMountPath().equals("/etc/fount/secrets/vod-source") && Boolean.TRUE.equals(m.getReadOnly()));
        });
        client.apps().deployments().inNamespace(ns).withName("vod-vod").editStatus(d -> {
            d.setStatus(new DeploymentStatusBuilder().withReplicas(1).withReadyReplicas(1).withAvailableReplicas(1).build());
            return d;
        });
        Eventually.that("PackagingGroup vod Ready", () -> ready(PackagingGroup.class, ns, "vod"));
        assertEquals("http://vod-vod" + svc, client.resources(PackagingGroup.class).inNamespace(ns).withName("vod").get().getStatus().domainName);
        List<String> configurations = client.resources(PackagingConfiguration.class).inNamespace(ns).list().getItems().stream()
                .map(c -> c.getMetadata().getName()).sorted().toList();
        assertEquals(4, configurations.size(), configurations.toString());
        configurations.forEach(c -> Eventually.that("PackagingConfiguration " + c + " Ready", () -> ready(PackagingConfiguration.class, ns, c)));
        // The Asset is QUEUED until the group's origin answers; then it follows the origin's report.
        Eventually.that("Asset bbb lists every configuration, QUEUED", () -> {
            AssetStatus s = client.resources(Asset.class).inNamespace(ns).withName("bbb").get().getStatus();
            return s != null && s.egressEndpoints.size() == 4
                    && s.egressEndpoints.stream().allMatch(e -> e.status == AssetStatus.EgressEndpoint.Status.QUEUED);
        });
        StubVodOrigin.report("vod", "bbb", "PLAYABLE", "indexed in 300 ms", configurations.toArray(String[]::new));
        Eventually.that("Asset bbb Ready", () -> ready(Asset.class, ns, "bbb"));
        AssetStatus asset = client.resources(Asset.class).inNamespace(ns).withName("bbb").get().getStatus();
        assertEquals(configurations, asset.egressEndpoints.stream().map(e -> e.packagingConfigurationName).sorted().toList());
        assertTrue(asset.egressEndpoints.stream().allMatch(e -> e.status == AssetStatus.EgressEndpoint.Status.PLAYABLE
                && e.url.startsWith("http://vod-vod" + svc + "/out/v1/vod/bbb/" + e.packagingConfigurationName + "/")), asset.egressEndpoints.toString());
        assertTrue(StatusConditions.isTrue(asset.conditions, Condition.RESOLVED_REFS));

        // Harvest: the Job runs; play the Job controller.
        Eventually.that("the harvest Job", () -> client.batch().v1().jobs().inNamespace(ns).withName("live-hls-clip-harvest").get() != null);
        assertEquals(HarvestJobStatus.Phase.IN_PROGRESS, client.resources(HarvestJob.class).inNamespace(ns).withName("live-hls-clip").get().getStatus().phase);
        client.batch().v1().jobs().inNamespace(ns).withName("live-hls-clip-harvest").editStatus(j -> {
            j.setStatus(new JobStatusBuilder().withSucceeded(1)
                    .withConditions(new JobConditionBuilder().withType("Complete").withStatus("True").build()).build());
            return j;
        });
        Eventually.that("HarvestJob SUCCEEDED", () -> client.resources(HarvestJob.class).inNamespace(ns).withName("live-hls-clip").get()
                .getStatus().phase == HarvestJobStatus.Phase.SUCCEEDED);
        HarvestJob harvest = client.resources(HarvestJob.class).inNamespace(ns).withName("live-hls-clip").get();
        assertEquals("live", harvest.getStatus().channelName);
        assertTrue(StatusConditions.isTrue(harvest.getStatus().conditions, Condition.READY));

        // Every status is current: observedGeneration follows metadata.generation.
        for (Class<? extends HasMetadata> kind : List.of(Channel.class, OriginEndpoint.class, PackagingGroup.class, PackagingConfiguration.class, HarvestJob.class)) {
            for (HasMetadata r : client.resources(kind).inNamespace(ns).list().getItems()) {
                var status = Serialization.jsonMapper().valueToTree(r).path("status");
                assertNotNull(status.get("observedGeneration"), kind.getSimpleName() + " " + r.getMetadata().getName() + " has no observedGeneration");
                assertEquals(r.getMetadata().getGeneration().longValue(), status.get("observedGeneration").asLong(),
                        kind.getSimpleName() + " " + r.getMetadata().getName());
            }
        }
    }

    private <T extends HasMetadata> boolean ready(Class<T> kind, String ns, String name) {
        T r = client.resources(kind).inNamespace(ns).withName(name).get();
        var conditions = Serialization.jsonMapper().valueToTree(r).path("status").path("conditions");
        for (var c : conditions) {
            if (c.path("type").asText().equals(Condition.READY)) {
                return c.path("status").asText().equals("True");
            }
        }
        return false;
    }

    /** Every document of every YAML file in examples/{folder}, typed. */
    private static List<HasMetadata> examples(String folder) throws IOException {
        List<HasMetadata> out = new java.util.ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("../examples", folder))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                for (String doc : Files.readString(f).split("(?m)^---\\s*$")) {
                    if (doc.isBlank() || !doc.contains("kind:")) {
                        continue;
                    }
                    String kind = Serialization.unmarshal(doc, io.fabric8.kubernetes.api.model.GenericKubernetesResource.class).getKind();
                    out.add(Serialization.unmarshal(doc, KINDS.get(kind)));
                }
            }
        }
        return out;
    }
}
