package dev.fount.operator.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.fount.api.v1alpha1.Channel;
import dev.fount.api.v1alpha1.ChannelSpec;
import dev.fount.api.v1alpha1.ChannelStatus;
import dev.fount.api.v1alpha1.Condition;
import dev.fount.api.v1alpha1.OriginWorkload;
import dev.fount.api.v1alpha1.SecretReference;
import dev.fount.operator.common.StatusConditions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/**
 * The Channel controller against the Fabric8 mock API server (CRUD mode): children with owner
 * references, the kubelet played by hand, status, events, the create-only Secret, recovery
 * from a missing Secret, and optional children that come and go with the spec.
 */
@QuarkusTest
@WithKubernetesTestServer
class ChannelReconcilerTest {

    static final Duration TIMEOUT = Duration.ofSeconds(20);

    @Inject
    KubernetesClient client;

    String namespace;

    @BeforeEach
    void crds() throws IOException {
        namespace = client.getNamespace() == null ? "test" : client.getNamespace();
        for (String crd : List.of("channels.fount.dev-v1.yml", "originendpoints.fount.dev-v1.yml")) {
            try (InputStream in = Files.newInputStream(Path.of("../crds", crd))) {
                client.apiextensions().v1().customResourceDefinitions().load(in).createOr(existing -> existing.update());
            }
        }
    }

    @Test
    void generatedCredentialsOwnedChildrenAndReady() {
        Channel channel = client.resource(channel("news", new ChannelSpec())).create();
        String uid = channel.getMetadata().getUid();

        Secret secret = await("Secret news-ingest", () -> get(Secret.class, "news-ingest"));
        Deployment deployment = await("Deployment news-origin", () -> get(Deployment.class, "news-origin"));
        List<HasMetadata> children = List.of(secret, deployment,
                await("Service news-ingest", () -> get(Service.class, "news-ingest")),
                await("Service news-origin", () -> get(Service.class, "news-origin")),
                await("ServiceAccount", () -> get(ServiceAccount.class, "news-origin")),
                await("Role", () -> get(Role.class, "news-origin")),
                await("RoleBinding", () -> get(RoleBinding.class, "news-origin")));
        // The mock server collects no garbage: deletion cascades through these references.
        for (HasMetadata child : children) {
            assertOwnedBy(child, uid);
        }
        assertEquals("news", IngestCredentials.value(secret, IngestCredentials.USERNAME));
        assertEquals(32, IngestCredentials.value(secret, IngestCredentials.PASSWORD).length());
        assertNull(get(PodDisruptionBudget.class, "news-origin"), "one replica needs no PodDisruptionBudget");
        assertNull(get(Ingress.class, "news-origin"), "no Ingress asked for");
        assertNull(get(StatefulSet.class, "news-origin"), "no archive asked for");

        Condition starting = awaitReady("news", c -> ChannelReadiness.ORIGIN_STARTING.equals(c.reason));
        assertEquals(Condition.Status.False, starting.status);

        // Play the kubelet and the Deployment controller: one origin pod is available.
        client.apps().deployments().inNamespace(namespace).withName("news-origin").editStatus(d -> {
            d.setStatus(new DeploymentStatusBuilder().withReplicas(1).withReadyReplicas(1).withAvailableReplicas(1).build());
            return d;
        });
        Condition ready = awaitReady("news", c -> c.status == Condition.Status.True);
        assertEquals(ChannelReadiness.ORIGIN_AVAILABLE, ready.reason);
        ChannelStatus status = get(Channel.class, "news").getStatus();
        assertEquals(List.of("1", "2"), status.ingestEndpoints.stream().map(e -> e.id).toList());
        assertEquals("http://news-ingest." + namespace + ".svc.cluster.local/in/v1/news/1/", status.ingestEndpoints.get(0).url);
        assertEquals("http://news-ingest." + namespace + ".svc.cluster.local/in/v1/news/2/", status.ingestEndpoints.get(1).url);
        assertEquals("news", status.ingestEndpoints.get(0).username);
        assertEquals("news-ingest", status.ingestEndpoints.get(0).passwordSecretRef.name);
        assertEquals("password", status.ingestEndpoints.get(0).passwordSecretRef.key);
        await("an OriginAvailable event", () -> event("news", "OriginAvailable", "Normal"));

        // A spec change reconciles again; the generated credentials stay as they were.
        Channel changed = get(Channel.class, "news");
        changed.getSpec().description = "renamed";
        changed = client.resource(changed).update();
        long generation = changed.getMetadata().getGeneration();
        await("observedGeneration " + generation, () -> {
            ChannelStatus s = get(Channel.class, "news").getStatus();
            return s != null && s.observedGeneration != null && s.observedGeneration == generation;
        });
        Secret after = get(Secret.class, "news-ingest");
        assertEquals(secret.getMetadata().getResourceVersion(), after.getMetadata().getResourceVersion());
        assertEquals(secret.getStringData(), after.getStringData());
        assertEquals(secret.getData(), after.getData());
        assertTrue(StatusConditions.isTrue(get(Channel.class, "news").getStatus().conditions, Condition.READY));

        // Asking for archive storage replaces the Deployment with a StatefulSet.
        Channel archived = get(Channel.class, "news");
        archived.getSpec().archive = new ChannelSpec.Archive();
        archived.getSpec().archive.size = "1Gi";
        client.resource(archived).update();
        assertOwnedBy(await("StatefulSet news-origin", () -> get(StatefulSet.class, "news-origin")), uid);
        await("Deployment news-origin deleted", () -> get(Deployment.class, "news-origin") == null);
        awaitReady("news", c -> ChannelReadiness.ORIGIN_STARTING.equals(c.reason));
    }

    /**
     * The Secrets an endpoint's encryption names (key server headers and certificate, a static key)
     * are mounted in the channel's origin pods, optional, and follow the endpoints as they change.
     */
    @Test
    void encryptionSecretsOfTheEndpointsAreMounted() {
        client.resource(channel("drm", new ChannelSpec())).create();
        await("Deployment drm-origin", () -> get(Deployment.class, "drm-origin"));
        client.resource(Serialization.unmarshal("""
                apiVersion: fount.dev/v1alpha1
                kind: OriginEndpoint
                metadata: {name: drm-dash, namespace: %s}
                spec:
                  channelName: drm
                  dashPackage:
                    encryption:
                      spekeKeyProvider:
                        url: https://keys.example/speke
                        resourceId: drm
                        systemIds: [e2719d58-a985-b3c9-781a-b030af78d30e]
                        headersSecretRef: {name: drm-headers}
                        certificateSecretRef: {name: drm-tls}
                """.formatted(namespace), dev.fount.api.v1alpha1.OriginEndpoint.class)).create();
        client.resource(Serialization.unmarshal("""
                apiVersion: fount.dev/v1alpha1
                kind: OriginEndpoint
                metadata: {name: drm-hls, namespace: %s}
                spec:
                  channelName: drm
                  hlsPackage:
                    encryption:
                      staticKeyProvider: {keySecretRef: {name: drm-key}}
                """.formatted(namespace), dev.fount.api.v1alpha1.OriginEndpoint.class)).create();
        Deployment deployment = await("the key Secrets mounted", () -> {
            Deployment d = get(Deployment.class, "drm-origin");
            return d != null && secretVolumes(d).keySet().containsAll(List.of("drm-headers", "drm-tls", "drm-key")) ? d : null;
        });
        Map<String, Boolean> volumes = secretVolumes(deployment);
        assertEquals(Boolean.TRUE, volumes.get("drm-tls"), "optional: a missing Secret is the origin's to report, not the pod's");
        assertTrue(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getVolumeMounts().stream()
                .anyMatch(m -> m.getMountPath().endsWith("/drm-key") && Boolean.TRUE.equals(m.getReadOnly())));

        client.resources(dev.fount.api.v1alpha1.OriginEndpoint.class).inNamespace(namespace).withName("drm-hls").delete();
        await("drm-key unmounted with its endpoint", () -> {
            Deployment d = get(Deployment.class, "drm-origin");
            return d != null && !secretVolumes(d).containsKey("drm-key") ? d : null;
        });
    }

    /** Secret volumes of the pod template: Secret name → optional. */
    private static Map<String, Boolean> secretVolumes(Deployment d) {
        Map<String, Boolean> out = new java.util.HashMap<>();
        d.getSpec().getTemplate().getSpec().getVolumes().stream().filter(v -> v.getSecret() != null)
                .forEach(v -> out.put(v.getSecret().getSecretName(), Boolean.TRUE.equals(v.getSecret().getOptional())));
        return out;
    }

    @Test
    void missingNamedSecretThenRecovers() {
        ChannelSpec spec = new ChannelSpec();
        spec.ingest = new ChannelSpec.Ingest();
        spec.ingest.credentialsSecretRef = new SecretReference("live-credentials");
        Channel channel = client.resource(channel("live", spec)).create();

        Condition missing = awaitReady("live", c -> ChannelReadiness.SECRET_NOT_FOUND.equals(c.reason));
        assertEquals(Condition.Status.False, missing.status);
        assertTrue(missing.message.contains("live-credentials"), missing.message);
        await("a SecretNotFound event", () -> event("live", "SecretNotFound", "Warning"));
        Deployment deployment = await("Deployment live-origin", () -> get(Deployment.class, "live-origin"));
        assertOwnedBy(deployment, channel.getMetadata().getUid());
        assertEquals("live-credentials",
                deployment.getSpec().getTemplate().getSpec().getVolumes().stream()
                        .filter(v -> v.getSecret() != null).findFirst().orElseThrow().getSecret().getSecretName());
        assertNull(get(Secret.class, "live-ingest"), "a Channel naming a Secret gets no generated one");

        client.resource(new SecretBuilder()
                .withMetadata(new ObjectMetaBuilder().withName("live-credentials").withNamespace(namespace).build())
                .withData(Map.of("username", "ZW5jb2Rlcg==", "password", "czNjcmV0"))   // encoder / s3cret
                .build()).create();
        Condition starting = awaitReady("live", c -> ChannelReadiness.ORIGIN_STARTING.equals(c.reason));
        assertEquals(Condition.Status.False, starting.status);
        ChannelStatus status = get(Channel.class, "live").getStatus();
        assertEquals("encoder", status.ingestEndpoints.get(0).username);
        assertEquals("live-credentials", status.ingestEndpoints.get(1).passwordSecretRef.name);
    }

    @Test
    void archiveReplicasAndIngressComeAndGo() {
        ChannelSpec spec = new ChannelSpec();
        spec.origin = new OriginWorkload();
        spec.origin.replicas = 3;
        spec.origin.ingress = new OriginWorkload.Ingress();
        spec.origin.ingress.host = "sports.example.com";
        spec.origin.ingress.tlsSecretName = "sports-tls";
        spec.archive = new ChannelSpec.Archive();
        spec.archive.size = "10Gi";
        Channel channel = client.resource(channel("sports", spec)).create();
        String uid = channel.getMetadata().getUid();

        assertOwnedBy(await("StatefulSet", () -> get(StatefulSet.class, "sports-origin")), uid);
        assertOwnedBy(await("PodDisruptionBudget", () -> get(PodDisruptionBudget.class, "sports-origin")), uid);
        assertOwnedBy(await("Ingress", () -> get(Ingress.class, "sports-origin")), uid);
        assertNull(get(Deployment.class, "sports-origin"));

        client.apps().statefulSets().inNamespace(namespace).withName("sports-origin").editStatus(s -> {
            s.setStatus(new StatefulSetStatusBuilder().withReplicas(3).withReadyReplicas(2).withAvailableReplicas(2).build());
            return s;
        });
        awaitReady("sports", c -> c.status == Condition.Status.True);
        assertEquals("https://sports.example.com/in/v1/sports/1/", get(Channel.class, "sports").getStatus().ingestEndpoints.get(0).url);

        // Scale in and drop the Ingress: the workflow deletes what the spec no longer asks for.
        Channel changed = get(Channel.class, "sports");
        changed.getSpec().origin.replicas = 1;
        changed.getSpec().origin.ingress = null;
        client.resource(changed).update();
        await("PodDisruptionBudget deleted", () -> get(PodDisruptionBudget.class, "sports-origin") == null);
        await("Ingress deleted", () -> get(Ingress.class, "sports-origin") == null);
        await("StatefulSet scaled in", () -> Optional.ofNullable(get(StatefulSet.class, "sports-origin"))
                .map(s -> s.getSpec().getReplicas() == 1).orElse(false));
        await("service URLs", () -> get(Channel.class, "sports").getStatus().ingestEndpoints.get(0).url
                .equals("http://sports-ingest." + namespace + ".svc.cluster.local/in/v1/sports/1/"));
    }

    Channel channel(String name, ChannelSpec spec) {
        Channel channel = new Channel();
        channel.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        channel.setSpec(spec);
        return channel;
    }

    <T extends HasMetadata> T get(Class<T> type, String name) {
        return client.resources(type).inNamespace(namespace).withName(name).get();
    }

    Boolean event(String channel, String reason, String type) {
        return client.v1().events().inNamespace(namespace).list().getItems().stream()
                .anyMatch(e -> e.getInvolvedObject() != null && channel.equals(e.getInvolvedObject().getName())
                        && "Channel".equals(e.getInvolvedObject().getKind()) && reason.equals(e.getReason()) && type.equals(e.getType()));
    }

    Condition awaitReady(String channel, Predicate<Condition> wanted) {
        return await("Ready condition of " + channel, () -> Optional.ofNullable(get(Channel.class, channel).getStatus())
                .flatMap(s -> StatusConditions.find(s.conditions, Condition.READY)).filter(wanted).orElse(null));
    }

    static void assertOwnedBy(HasMetadata child, String uid) {
        List<OwnerReference> owners = child.getMetadata().getOwnerReferences();
        assertNotNull(owners, child.getKind() + " " + child.getMetadata().getName() + " has no owner");
        OwnerReference owner = owners.stream().filter(o -> uid.equals(o.getUid())).findFirst()
                .orElseThrow(() -> new AssertionError(child.getKind() + " " + child.getMetadata().getName() + " is not owned by the Channel"));
        assertEquals("Channel", owner.getKind());
        assertEquals("fount.dev/v1alpha1", owner.getApiVersion());
    }

    /** Polls until {@code probe} gives a value that is neither null nor false. */
    static <T> T await(String what, Supplier<T> probe) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        T last = null;
        while (System.nanoTime() < deadline) {
            last = probe.get();
            if (last != null && !Boolean.FALSE.equals(last)) {
                return last;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted waiting for " + what);
            }
        }
        return fail("timed out after " + TIMEOUT.toSeconds() + " s waiting for " + what + " (last: " + last + ")");
    }
}
