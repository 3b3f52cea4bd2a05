package dev.fount.operator.harvest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.fount.api.v1alpha1.Channel;
import dev.fount.api.v1alpha1.Condition;
import dev.fount.api.v1alpha1.HarvestJob;
import dev.fount.api.v1alpha1.HarvestJobStatus.Phase;
import dev.fount.api.v1alpha1.OriginEndpoint;
import dev.fount.operator.common.ChildNames;
import dev.fount.operator.common.StatusConditions;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/**
 * The HarvestJob controller against the Fabric8 mock server (CRUD mode), with the test playing
 * the Job controller: it writes the Jobs' status by hand.
 */
@QuarkusTest
@WithKubernetesTestServer
class HarvestJobReconcilerTest {

    static final String NS = "harvest-test";
    static final Path EXAMPLES = Path.of("../examples");
    static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    KubernetesClient client;

    @BeforeEach
    void crds() throws IOException {
        // Registers the kinds (and their status subresource) with the mock server.
        for (String kind : List.of("channels", "originendpoints", "harvestjobs")) {
            try (InputStream in = Files.newInputStream(Path.of("../crds/" + kind + ".fount.dev-v1.yml"))) {
                CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
                client.apiextensions().v1().customResourceDefinitions().resource(crd).createOr(c -> c.update());
            }
        }
    }

    @Test
    void exampleHarvestRunsAndSucceeds() throws IOException {
        liveChannelAndEndpoint();
        HarvestJob harvest = create(example());
        String jobName = ChildNames.harvestJob(harvest.getMetadata().getName());

        Job job = awaitJob(jobName);
        assertEquals("HarvestJob", job.getMetadata().getOwnerReferences().get(0).getKind());
        assertEquals(harvest.getMetadata().getUid(), job.getMetadata().getOwnerReferences().get(0).getUid());
        HarvestJob inProgress = awaitPhase(harvest, Phase.IN_PROGRESS);
        assertEquals("live", inProgress.getStatus().channelName);
        assertEquals(jobName, inProgress.getStatus().jobName);
        assertEquals(inProgress.getMetadata().getGeneration(), inProgress.getStatus().observedGeneration);
        assertEquals(Condition.Status.False, ready(inProgress).status);
        assertEquals("InProgress", ready(inProgress).reason);
        assertTrue(StatusConditions.isTrue(inProgress.getStatus().conditions, Condition.RESOLVED_REFS));

        jobStatus(jobName, "Complete", "", 1, 0);
        HarvestJob succeeded = awaitPhase(harvest, Phase.SUCCEEDED);
        assertEquals(Condition.Status.True, ready(succeeded).status);
        assertEquals("Succeeded", ready(succeeded).reason);
        eventually(() -> eventReasons(harvest).containsAll(List.of("JobCreated", "Succeeded")));

        // Never re-run: the finished Job goes, no new one comes.
        client.batch().v1().jobs().inNamespace(NS).withName(jobName).delete();
        assertNoJobFor(jobName, harvest);
        assertEquals(Phase.SUCCEEDED, fetch(harvest).getStatus().phase);
    }

    @Test
    void failedJobGivesFailedAndDegradedWithItsMessage() throws IOException {
        liveChannelAndEndpoint();
        HarvestJob harvest = example();
        harvest.getMetadata().setName("doomed-clip");
        harvest = create(harvest);
        String jobName = ChildNames.harvestJob("doomed-clip");
        awaitJob(jobName);
        awaitPhase(harvest, Phase.IN_PROGRESS);

        String message = "Job has reached the specified backoff limit";
        jobStatus(jobName, "Failed", message, 0, 2);
        HarvestJob failed = awaitPhase(harvest, Phase.FAILED);
        assertEquals(Condition.Status.False, ready(failed).status);
        assertEquals("Failed", ready(failed).reason);
        Condition degraded = StatusConditions.find(failed.getStatus().conditions, HarvestJobReconciler.DEGRADED).orElseThrow();
        assertEquals(Condition.Status.True, degraded.status);
        assertTrue(degraded.message.contains(message), degraded.message);
        HarvestJob h = harvest;
        eventually(() -> eventReasons(h).contains("Failed"));

        client.batch().v1().jobs().inNamespace(NS).withName(jobName).delete();
        assertNoJobFor(jobName, harvest);
        assertEquals(Phase.FAILED, fetch(harvest).getStatus().phase);
    }

    @Test
    void jobDeletedWhileRunningFailsAndIsNotRecreated() throws IOException {
        liveChannelAndEndpoint();
        HarvestJob harvest = example();
        harvest.getMetadata().setName("cut-short");
        harvest = create(harvest);
        String jobName = ChildNames.harvestJob("cut-short");
        awaitJob(jobName);
        awaitPhase(harvest, Phase.IN_PROGRESS);

        client.batch().v1().jobs().inNamespace(NS).withName(jobName).delete();
        HarvestJob failed = awaitPhase(harvest, Phase.FAILED);
        assertEquals("JobDeleted", ready(failed).reason);
        assertTrue(StatusConditions.isTrue(failed.getStatus().conditions, HarvestJobReconciler.DEGRADED));
        assertNoJobFor(jobName, harvest);
    }

    @Test
    void missingEndpointLeavesNoJob() throws IOException {
        HarvestJob harvest = example();
        harvest.getMetadata().setName("orphan-clip");
        harvest.getSpec().originEndpointName = "no-such-endpoint";
        HarvestJob created = create(harvest);

        eventually(() -> Optional.ofNullable(fetch(created).getStatus())
                .flatMap(s -> StatusConditions.find(s.conditions, Condition.READY))
                .map(c -> "OriginEndpointNotFound".equals(c.reason) && c.status == Condition.Status.False).orElse(false));
        HarvestJob waiting = fetch(created);
        assertNull(waiting.getStatus().phase);
        assertNull(waiting.getStatus().jobName);
        assertTrue(ready(waiting).message.contains("no-such-endpoint"), ready(waiting).message);
        assertNull(client.batch().v1().jobs().inNamespace(NS).withName(ChildNames.harvestJob("orphan-clip")).get());
    }

    // --- the test playing the rest of the cluster

    void liveChannelAndEndpoint() throws IOException {
        Channel channel = load(EXAMPLES.resolve("live/channel.yaml"), Channel.class);
        OriginEndpoint endpoint = load(EXAMPLES.resolve("live/endpoint-hls.yaml"), OriginEndpoint.class);
        client.resources(Channel.class).inNamespace(NS).resource(channel).createOr(c -> c.update());
        client.resources(OriginEndpoint.class).inNamespace(NS).resource(endpoint).createOr(c -> c.update());
    }

    HarvestJob example() throws IOException {
        return load(EXAMPLES.resolve("harvest/harvestjob.yaml"), HarvestJob.class);
    }

    <T> T load(Path file, Class<T> type) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return client.getKubernetesSerialization().unmarshal(in, type);
        }
    }

    HarvestJob create(HarvestJob harvest) {
        harvest.getMetadata().setNamespace(NS);
        return client.resources(HarvestJob.class).inNamespace(NS).resource(harvest).create();
    }

    HarvestJob fetch(HarvestJob harvest) {
        return client.resources(HarvestJob.class).inNamespace(NS).withName(harvest.getMetadata().getName()).get();
    }

    HarvestJob awaitPhase(HarvestJob harvest, Phase phase) {
        eventually(() -> Optional.ofNullable(fetch(harvest).getStatus()).map(s -> s.phase == phase).orElse(false));
        return fetch(harvest);
    }

    Job awaitJob(String name) {
        eventually(() -> client.batch().v1().jobs().inNamespace(NS).withName(name).get() != null);
        return client.batch().v1().jobs().inNamespace(NS).withName(name).get();
    }

    /** Plays the Job controller: a terminal condition and the pod counts. */
    void jobStatus(String name, String conditionType, String message, int succeeded, int failed) {
        client.batch().v1().jobs().inNamespace(NS).withName(name).editStatus(job -> {
            job.setStatus(new io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder()
                    .withSucceeded(succeeded)
                    .withFailed(failed)
                    .withConditions(new JobConditionBuilder().withType(conditionType).withStatus("True")
                            .withReason("Complete".equals(conditionType) ? null : "BackoffLimitExceeded")
                            .withMessage(message.isEmpty() ? null : message).build())
                    .build());
            return job;
        });
    }

    void assertNoJobFor(String jobName, HarvestJob harvest) {
        // The deletion reaches the controller through its Job informer; give it time to misbehave.
        eventually(() -> client.batch().v1().jobs().inNamespace(NS).withName(jobName).get() == null);
        throughout(Duration.ofSeconds(4), () -> client.batch().v1().jobs().inNamespace(NS).withName(jobName).get() == null);
    }

    List<String> eventReasons(HarvestJob harvest) {
        return client.v1().events().inNamespace(NS).list().getItems().stream()
                .filter(e -> harvest.getMetadata().getName().equals(e.getInvolvedObject().getName()))
                .map(Event::getReason).toList();
    }

    /** Polls until {@code condition} holds; fails after {@link #WAIT}. (No Awaitility on this module's test classpath.) */
    static void eventually(BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + WAIT);
            }
            pause();
        }
    }

    /** Asserts that {@code condition} holds at every poll for {@code period}. */
    static void throughout(Duration period, BooleanSupplier condition) {
        long end = System.nanoTime() + period.toNanos();
        while (System.nanoTime() < end) {
            assertTrue(condition.getAsBoolean(), "condition broke within " + period);
            pause();
        }
    }

    static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static Condition ready(HarvestJob harvest) {
        return StatusConditions.find(harvest.getStatus().conditions, Condition.READY).orElseThrow();
    }
}
