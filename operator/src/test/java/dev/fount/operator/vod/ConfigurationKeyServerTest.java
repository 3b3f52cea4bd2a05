package dev.fount.operator.vod;

import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.fount.api.v1alpha1.Condition;
import dev.fount.api.v1alpha1.PackagingConfiguration;
import dev.fount.api.v1alpha1.PackagingGroup;
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
 * An encrypted PackagingConfiguration's KeyServer condition comes from the group's VOD origin (a
 * stub here) at /keys/v1/vod/{group}/{configuration}: Unknown until a player asks for encrypted
 * media, True once keys came; Ready stays Configured.
 */
@QuarkusTest
@WithKubernetesTestServer
@TestProfile(StubOriginProfile.class)
class ConfigurationKeyServerTest {

    static final String SPEKE = "https://speke.example/v2";

    @Inject
    KubernetesClient client;

    PackagingConfiguration get() {
        return client.resources(PackagingConfiguration.class).inNamespace(client.getNamespace()).withName("drm-dash").get();
    }

    boolean has(String type, Condition.Status status, String reason) {
        PackagingConfiguration c = get();
        return c.getStatus() != null && VodControllersTest.hasCondition(c.getStatus().conditions, type, status, reason);
    }

    @Test
    void keyServerConditionComesFromTheVodOrigin() {
        Eventually.installCrds(client);
        String ns = client.getNamespace();
        client.resource(Serialization.unmarshal("""
                apiVersion: fount.dev/v1alpha1
                kind: PackagingGroup
                metadata:
                  name: drm
                spec: {}
                """, PackagingGroup.class)).inNamespace(ns).create();
        StubVodOrigin.keyServer("vod/drm/drm-dash", SPEKE, "NOT_ASKED", null, null);
        client.resource(Serialization.unmarshal("""
                apiVersion: fount.dev/v1alpha1
                kind: PackagingConfiguration
                metadata:
                  name: drm-dash
                spec:
                  packagingGroupName: drm
                  dashPackage:
                    dashManifests:
                      - manifestName: index
                    encryption:
                      spekeKeyProvider:
                        url: %s
                        systemIds: [edef8ba9-79d6-4ace-a3c8-27dcd51d21ed]
                """.formatted(SPEKE), PackagingConfiguration.class)).inNamespace(ns).create();

        Eventually.that("drm-dash waits for a key request", () -> has(Condition.KEY_SERVER, Condition.Status.Unknown, KeyServerReports.NO_KEY_REQUEST_YET)
                && has(Condition.READY, Condition.Status.True, PackagingConfigurationReconciler.CONFIGURED),
                () -> Serialization.asYaml(get().getStatus()));

        StubVodOrigin.keyServer("vod/drm/drm-dash", SPEKE, "OK", null, "2025-05-01T10:00:00Z");
        Eventually.that("drm-dash KeyServer True", () -> has(Condition.KEY_SERVER, Condition.Status.True, KeyServerReports.KEYS_RECEIVED),
                () -> Serialization.asYaml(get().getStatus()));
        String message = StatusConditions.find(get().getStatus().conditions, Condition.KEY_SERVER).orElseThrow().message;
        assertTrue(message.contains(SPEKE) && message.contains("2025-05-01T10:00:00Z"), message);
        assertTrue(has(Condition.READY, Condition.Status.True, PackagingConfigurationReconciler.CONFIGURED));
    }
}
