package dev.fount.operator.vod;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.fount.api.v1alpha1.Asset;
import dev.fount.api.v1alpha1.AssetStatus;
import dev.fount.api.v1alpha1.Condition;
import dev.fount.api.v1alpha1.PackagingConfiguration;
import dev.fount.api.v1alpha1.PackagingGroup;
import dev.fount.operator.Eventually;
import dev.fount.operator.StubOriginProfile;
import dev.fount.operator.StubVodOrigin;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/**
 * An Asset's status follows what the group's VOD origin reports at /vod/v1/{group}/{asset}
 * (played here by a stub origin with the origin's JSON): QUEUED while the origin cannot be
 * reached, PROCESSING with its progress, then PLAYABLE and Ready; a FAILED asset carries the
 * origin's reason in its endpoints and in Ready.
 */
@QuarkusTest
@WithKubernetesTestServer
@TestProfile(StubOriginProfile.class)
class AssetReportTest {

    @Inject
    KubernetesClient client;

    @Test
    void assetStatusFollowsTheOrigin() throws IOException {
        Eventually.installCrds(client);
        String ns = client.getNamespace();
        client.resource(VodControllersTest.example("packaging-group.yaml", PackagingGroup.class)).inNamespace(ns).create();
        client.resource(VodControllersTest.example("config-hls.yaml", PackagingConfiguration.class)).inNamespace(ns).create();
        Asset bbb = client.resource(VodControllersTest.example("asset.yaml", Asset.class)).inNamespace(ns).create();

        Eventually.that("bbb waits for its origin", () -> ready(ns, "bbb", Condition.Status.False, AssetReconciler.QUEUED, "HTTP 503")
                && endpoint(ns, "bbb").status == AssetStatus.EgressEndpoint.Status.QUEUED);

        StubVodOrigin.report("vod", "bbb", "PROCESSING", "indexed 3 of 20 segments", "vod-hls");
        Eventually.that("bbb PROCESSING", () -> ready(ns, "bbb", Condition.Status.False, AssetReconciler.PROCESSING, "indexed 3 of 20 segments")
                && endpoint(ns, "bbb").status == AssetStatus.EgressEndpoint.Status.PROCESSING);

        StubVodOrigin.report("vod", "bbb", "PLAYABLE", "indexed in 412 ms", "vod-hls");
        Eventually.that("bbb PLAYABLE and Ready", () -> ready(ns, "bbb", Condition.Status.True, AssetReconciler.PLAYABLE, "playable")
                && endpoint(ns, "bbb").status == AssetStatus.EgressEndpoint.Status.PLAYABLE);
        assertEquals(bbb.getMetadata().getGeneration(), client.resource(bbb).get().getStatus().observedGeneration);

        Asset broken = VodControllersTest.example("asset.yaml", Asset.class);
        broken.getMetadata().setName("broken");
        String why = "s3://fount-media/bbb/index.m3u8: no such object (S3 404 NoSuchKey)";
        StubVodOrigin.report("vod", "broken", "FAILED", why, "vod-hls");
        client.resource(broken).inNamespace(ns).create();
        Eventually.that("broken FAILED with the reason", () -> ready(ns, "broken", Condition.Status.False, AssetReconciler.FAILED, why)
                && endpoint(ns, "broken").status == AssetStatus.EgressEndpoint.Status.FAILED && why.equals(endpoint(ns, "broken").message));
    }

    private boolean ready(String ns, String asset, Condition.Status status, String reason, String inMessage) {
        Asset a = client.resources(Asset.class).inNamespace(ns).withName(asset).get();
        return a.getStatus() != null && a.getStatus().conditions.stream().anyMatch(c -> c.type.equals(Condition.READY) && c.status == status
                && c.reason.equals(reason) && c.message != null && c.message.contains(inMessage));
    }

    private AssetStatus.EgressEndpoint endpoint(String ns, String asset) {
        return client.resources(Asset.class).inNamespace(ns).withName(asset).get().getStatus().egressEndpoints.get(0);
    }
}
