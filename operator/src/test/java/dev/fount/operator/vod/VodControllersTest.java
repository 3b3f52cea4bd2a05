package dev.fount.operator.vod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.fount.api.v1alpha1.Asset;
import dev.fount.api.v1alpha1.AssetStatus;
import dev.fount.api.v1alpha1.Condition;
import dev.fount.api.v1alpha1.PackagingConfiguration;
import dev.fount.api.v1alpha1.PackagingGroup;
import dev.fount.operator.Eventually;
import dev.fount.operator.common.StatusConditions;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/**
 * The VOD controllers against the Fabric8 mock server (CRUD mode), fed the files of
 * examples/vod: the group's origin appears and turns Ready once "the kubelet" reports a pod
 * available; a configuration and an asset created before the group resolve when it appears; the
 * asset lists one QUEUED endpoint per configuration, and follows a second configuration.
 */
@QuarkusTest
@WithKubernetesTestServer
class VodControllersTest {

    static final Path EXAMPLES = Path.of("../examples/vod");

    @Inject
    KubernetesClient client;

    static <T> T example(String file, Class<T> type) throws IOException {
        return Serialization.unmarshal(Files.readString(EXAMPLES.resolve(file)), type);
    }

    @Test
    void packagingGroupConfigurationsAndAsset() throws IOException {
        Eventually.installCrds(client);
        String ns = client.getNamespace();

        // the configuration and the asset first: they wait for their group
        client.resource(example("config-hls.yaml", PackagingConfiguration.class)).inNamespace(ns).create();
        client.resource(example("asset.yaml", Asset.class)).inNamespace(ns).create();
        Eventually.that("vod-hls reports PackagingGroupNotFound", () -> {
            PackagingConfiguration c = client.resources(PackagingConfiguration.class).inNamespace(ns).withName("vod-hls").get();
            return c.getStatus() != null && hasCondition(c.getStatus().conditions, Condition.RESOLVED_REFS, Condition.Status.False, Refs.GROUP_NOT_FOUND);
        });
        Eventually.that("bbb reports PackagingGroupNotFound", () -> {
            Asset a = client.resources(Asset.class).inNamespace(ns).withName("bbb").get();
            return a.getStatus() != null && hasCondition(a.getStatus().conditions, Condition.READY, Condition.Status.False, Refs.GROUP_NOT_FOUND);
        });

        PackagingGroup group = client.resource(example("packaging-group.yaml", PackagingGroup.class)).inNamespace(ns).create();

        Deployment deployment = Eventually.get("Deployment vod-vod",
                () -> client.apps().deployments().inNamespace(ns).withName("vod-vod").get());
        Service service = Eventually.get("Service vod-vod", () -> client.services().inNamespace(ns).withName("vod-vod").get());
        assertOwnedBy(group, deployment);
        assertOwnedBy(group, service);
        assertEquals(80, service.getSpec().getPorts().get(0).getPort());
        assertTrue(client.serviceAccounts().inNamespace(ns).withName("vod-vod").get() != null, "ServiceAccount");
        assertTrue(client.rbac().roles().inNamespace(ns).withName("vod-vod").get() != null, "Role");
        assertTrue(client.rbac().roleBindings().inNamespace(ns).withName("vod-vod").get() != null, "RoleBinding");

        String base = "http://vod-vod." + ns + ".svc.cluster.local";
        Eventually.that("group reports OriginStarting with its domainName", () -> {
            PackagingGroup g = client.resources(PackagingGroup.class).inNamespace(ns).withName("vod").get();
            return g.getStatus() != null && base.equals(g.getStatus().domainName)
                    && hasCondition(g.getStatus().conditions, Condition.READY, Condition.Status.False, PackagingGroupReconciler.ORIGIN_STARTING);
        });

        // play the kubelet: one origin pod available
        client.apps().deployments().inNamespace(ns).withName("vod-vod").editStatus(d -> {
            d.setStatus(new DeploymentStatusBuilder().withReplicas(1).withReadyReplicas(1).withAvailableReplicas(1).build());
            return d;
        });
        Eventually.that("group Ready OriginAvailable", () -> {
            PackagingGroup g = client.resources(PackagingGroup.class).inNamespace(ns).withName("vod").get();
            return g.getStatus() != null && hasCondition(g.getStatus().conditions, Condition.READY, Condition.Status.True, PackagingGroupReconciler.ORIGIN_AVAILABLE)
                    && g.getMetadata().getGeneration().equals(g.getStatus().observedGeneration);
        });

        Eventually.that("vod-hls resolves its group and is Ready", () -> {
            PackagingConfiguration c = client.resources(PackagingConfiguration.class).inNamespace(ns).withName("vod-hls").get();
            return hasCondition(c.getStatus().conditions, Condition.RESOLVED_REFS, Condition.Status.True, Refs.RESOLVED)
                    && hasCondition(c.getStatus().conditions, Condition.READY, Condition.Status.True, PackagingConfigurationReconciler.CONFIGURED);
        });
        Eventually.that("bbb lists one QUEUED endpoint", () -> {
            Asset a = client.resources(Asset.class).inNamespace(ns).withName("bbb").get();
            return hasCondition(a.getStatus().conditions, Condition.RESOLVED_REFS, Condition.Status.True, Refs.RESOLVED)
                    && hasCondition(a.getStatus().conditions, Condition.READY, Condition.Status.False, AssetReconciler.QUEUED)
                    && a.getStatus().egressEndpoints.size() == 1;
        });
        AssetStatus.EgressEndpoint hls = client.resources(Asset.class).inNamespace(ns).withName("bbb").get().getStatus().egressEndpoints.get(0);
        assertEquals("vod-hls", hls.packagingConfigurationName);
        assertEquals(base + "/out/v1/vod/bbb/vod-hls/index.m3u8", hls.url);
        assertEquals(AssetStatus.EgressEndpoint.Status.QUEUED, hls.status);

        // a second configuration re-reconciles the asset
        client.resource(example("config-dash.yaml", PackagingConfiguration.class)).inNamespace(ns).create();
        Eventually.that("bbb lists two endpoints", () -> client.resources(Asset.class).inNamespace(ns).withName("bbb").get()
                .getStatus().egressEndpoints.size() == 2);
        List<AssetStatus.EgressEndpoint> endpoints = client.resources(Asset.class).inNamespace(ns).withName("bbb").get().getStatus().egressEndpoints;
        assertEquals("vod-dash", endpoints.get(0).packagingConfigurationName);
        assertEquals(base + "/out/v1/vod/bbb/vod-dash/index.mpd", endpoints.get(0).url);
        assertEquals(AssetStatus.EgressEndpoint.Status.QUEUED, endpoints.get(0).status);
        assertEquals("vod-hls", endpoints.get(1).packagingConfigurationName);

        // and deleting it takes its endpoint away again
        client.resources(PackagingConfiguration.class).inNamespace(ns).withName("vod-dash").delete();
        Eventually.that("bbb back to one endpoint", () -> client.resources(Asset.class).inNamespace(ns).withName("bbb").get()
                .getStatus().egressEndpoints.size() == 1);

        // an encrypted configuration's key server Secret is mounted in the group's origin
        PackagingConfiguration encrypted = example("config-dash.yaml", PackagingConfiguration.class);
        encrypted.getMetadata().setName("vod-dash-drm");
        encrypted.getSpec().dashPackage.encryption = io.fabric8.kubernetes.client.utils.Serialization.unmarshal("""
                spekeKeyProvider:
                  url: https://keys.example/speke
                  systemIds: [e2719d58-a985-b3c9-781a-b030af78d30e]
                  headersSecretRef: {name: vod-drm-headers}
                """, dev.fount.api.v1alpha1.Encryption.VodDash.class);
        client.resource(encrypted).inNamespace(ns).create();
        Eventually.that("vod-drm-headers mounted in vod-vod", () -> client.apps().deployments().inNamespace(ns).withName("vod-vod").get()
                .getSpec().getTemplate().getSpec().getVolumes().stream()
                .anyMatch(v -> v.getSecret() != null && "vod-drm-headers".equals(v.getSecret().getSecretName())));
    }

    static boolean hasCondition(List<Condition> conditions, String type, Condition.Status status, String reason) {
        return conditions != null && StatusConditions.find(conditions, type)
                .map(c -> c.status == status && reason.equals(c.reason)).orElse(false);
    }

    static void assertOwnedBy(HasMetadata owner, HasMetadata child) {
        assertTrue(child.getMetadata().getOwnerReferences().stream()
                .anyMatch(r -> r.getUid().equals(owner.getMetadata().getUid()) && "PackagingGroup".equals(r.getKind())),
                child.getKind() + " owned by the group: " + child.getMetadata().getOwnerReferences());
        assertEquals(1, child.getMetadata().getOwnerReferences().size(), "one owner reference: " + child.getMetadata().getOwnerReferences());
        assertEquals("fount-operator", child.getMetadata().getLabels().get("app.kubernetes.io/managed-by"));
    }
}
