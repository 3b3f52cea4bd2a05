package dev.fount.operator.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.fount.api.v1alpha1.Channel;
import dev.fount.api.v1alpha1.Condition;
import dev.fount.api.v1alpha1.OriginEndpoint;
import dev.fount.operator.Eventually;
import dev.fount.operator.StubOriginProfile;
import dev.fount.operator.StubVodOrigin;
import dev.fount.operator.common.KeyServerReports;
import dev.fount.operator.common.StatusConditions;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/**
 * An encrypted OriginEndpoint's KeyServer condition follows what the channel's origin (a stub
 * here) says at /keys/v1/live/{channel}/{endpoint}: False with the origin's reason while the key
 * server fails, True once it answers again, asked again without any change to the endpoint (and
 * patched only when the answer changes); Ready stays Published throughout. A clear endpoint has
 * no KeyServer and never asks.
 */
@QuarkusTest
@WithKubernetesTestServer
@TestProfile(StubOriginProfile.class)
class EndpointKeyServerTest {

    static final String SPEKE = "http://keys.example/speke";

    @Inject
    KubernetesClient client;

    static OriginEndpoint endpoint(String name, boolean encrypted) {
        String encryption = !encrypted ? "" : """
                    encryption:
                      encryptionMethod: AES_128
                      spekeKeyProvider:
                        url: %s
                        resourceId: %s
                        systemIds: [81376844-f976-481e-a84e-cc25d39b0b33]
                """.formatted(SPEKE, name);
        return Serialization.unmarshal("""
                apiVersion: fount.dev/v1alpha1
                kind: OriginEndpoint
                metadata:
                  name: %s
                spec:
                  channelName: drm
                  hlsPackage:
                    segmentDurationSeconds: 6
                %s""".formatted(name, encryption), OriginEndpoint.class);
    }

    OriginEndpoint get(String name) {
        return client.resources(OriginEndpoint.class).inNamespace(client.getNamespace()).withName(name).get();
    }

    Optional<Condition> keyServer(String name) {
        OriginEndpoint e = get(name);
        return e == null || e.getStatus() == null ? Optional.empty() : StatusConditions.find(e.getStatus().conditions, Condition.KEY_SERVER);
    }

    String seen(String name) {
        OriginEndpoint e = get(name);
        return e == null ? "no endpoint " + name : Serialization.asYaml(e.getStatus());
    }

    @Test
    void keyServerConditionFollowsTheOriginAndLeavesReadyAlone() {
        Eventually.installCrds(client);
        String ns = client.getNamespace();
        client.resource(Serialization.unmarshal("""
                apiVersion: fount.dev/v1alpha1
                kind: Channel
                metadata:
                  name: drm
                spec: {}
                """, Channel.class)).inNamespace(ns).create();

        String why = "key server " + SPEKE + ": HTTP 500 Internal Server Error";
        StubVodOrigin.keyServer("live/drm/drm-hls", SPEKE, "FAILING", why, "2025-05-01T10:00:00Z");
        client.resource(endpoint("drm-hls", true)).inNamespace(ns).create();
        client.resource(endpoint("drm-clear", false)).inNamespace(ns).create();

        Eventually.that("drm-hls KeyServer False, Ready still Published", () -> {
            OriginEndpoint e = get("drm-hls");
            return OriginEndpointControllerTest.has(e.getStatus().conditions, Condition.KEY_SERVER, Condition.Status.False, KeyServerReports.KEY_SERVER_FAILED)
                    && OriginEndpointControllerTest.has(e.getStatus().conditions, Condition.READY, Condition.Status.True, OriginEndpointReconciler.PUBLISHED);
        }, () -> seen("drm-hls"));
        assertEquals(why, keyServer("drm-hls").orElseThrow().message);
        Eventually.that("a Warning Event names the failing key server", () -> client.v1().events().inNamespace(ns).list().getItems().stream()
                .anyMatch(ev -> "drm-hls".equals(ev.getInvolvedObject().getName()) && "Warning".equals(ev.getType())
                        && KeyServerReports.KEY_SERVER_FAILED.equals(ev.getReason()) && ev.getMessage().contains(SPEKE)));

        // the key server recovers: nothing changes on the endpoint, the periodic recheck notices
        StubVodOrigin.keyServer("live/drm/drm-hls", SPEKE, "OK", null, "2025-05-01T10:05:00Z");
        Eventually.that("drm-hls KeyServer True", () -> OriginEndpointControllerTest.has(get("drm-hls").getStatus().conditions,
                Condition.KEY_SERVER, Condition.Status.True, KeyServerReports.KEYS_RECEIVED), () -> seen("drm-hls"));
        assertTrue(keyServer("drm-hls").orElseThrow().message.contains(SPEKE), seen("drm-hls"));
        assertTrue(OriginEndpointControllerTest.has(get("drm-hls").getStatus().conditions, Condition.READY, Condition.Status.True,
                OriginEndpointReconciler.PUBLISHED), seen("drm-hls"));
        String settled = get("drm-hls").getMetadata().getResourceVersion();
        int asked = StubVodOrigin.keyServerRequests("live/drm/drm-hls");

        // the clear endpoint: published, no KeyServer, and the origin was never asked about it
        Eventually.that("drm-clear Published", () -> OriginEndpointControllerTest.has(get("drm-clear").getStatus().conditions,
                Condition.READY, Condition.Status.True, OriginEndpointReconciler.PUBLISHED), () -> seen("drm-clear"));
        assertTrue(keyServer("drm-clear").isEmpty(), seen("drm-clear"));
        assertEquals(0, StubVodOrigin.keyServerRequests("live/drm/drm-clear"));

        // rechecks that learn nothing new patch nothing
        Eventually.that("drm-hls asked twice more", () -> StubVodOrigin.keyServerRequests("live/drm/drm-hls") >= asked + 2);
        assertEquals(settled, get("drm-hls").getMetadata().getResourceVersion(), seen("drm-hls"));

        // encryption removed: the condition goes with it
        client.resources(OriginEndpoint.class).inNamespace(ns).withName("drm-hls").edit(e -> {
            e.getSpec().hlsPackage.encryption = null;
            return e;
        });
        Eventually.that("drm-hls without encryption has no KeyServer", () -> keyServer("drm-hls").isEmpty()
                && get("drm-hls").getStatus().observedGeneration.equals(get("drm-hls").getMetadata().getGeneration()), () -> seen("drm-hls"));
    }
}
