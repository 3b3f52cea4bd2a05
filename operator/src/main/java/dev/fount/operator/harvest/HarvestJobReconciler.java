package dev.fount.operator.harvest;

import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.fount.api.v1alpha1.Channel;
import dev.fount.api.v1alpha1.Condition;
import dev.fount.api.v1alpha1.HarvestJob;
import dev.fount.api.v1alpha1.HarvestJobStatus;
import dev.fount.api.v1alpha1.HarvestJobStatus.Phase;
import dev.fount.api.v1alpha1.OriginEndpoint;
import dev.fount.operator.common.EventRecorder;
import dev.fount.operator.common.ChildNames;
import dev.fount.operator.common.Labels;
import dev.fount.operator.common.OperatorSettings;
import dev.fount.operator.common.StatusConditions;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;

/**
 * HarvestJob → one create-only batch/v1 Job ({@link HarvestJobTemplate}), and status mirrored
 * from it.
 *
 * <ul>
 * <li>Before the Job exists, the OriginEndpoint (and its Channel) must exist: otherwise
 * ResolvedRefs and Ready are False with reason {@code OriginEndpointNotFound} (or
 * {@code ChannelNotFound}), no phase, and the lookup is retried every
 * {@link #REF_RETRY}. Once the Job exists, the endpoint no longer matters.</li>
 * <li>Phase: IN_PROGRESS while the Job runs (Ready False {@code InProgress}); SUCCEEDED when it
 * completes (Ready True {@code Succeeded}); FAILED when it fails (Ready False {@code Failed},
 * Degraded True with the Job's message and, when readable, its pod's termination message).</li>
 * <li>A finished HarvestJob is never re-run: status.phase decides, so deleting its Job changes
 * nothing. A Job that disappears while IN_PROGRESS is not re-created either: the HarvestJob
 * becomes FAILED with reason {@code JobDeleted}.</li>
 * <li>The Job is never updated; .spec of the HarvestJob is never written.</li>
 * </ul>
 *
 * RBAC beyond the primary's (get/list/watch/patch/update harvestjobs, harvestjobs/status):
 * batch jobs get/list/watch/create; fount.dev originendpoints and channels get; core pods list
 * (termination messages; optional, failures are ignored); core events create.
 */
@ControllerConfiguration(name = HarvestJobReconciler.NAME)
public class HarvestJobReconciler implements Reconciler<HarvestJob> {

    public static final String NAME = "harvestjob";
    public static final String DEGRADED = "Degraded";
    static final Duration REF_RETRY = Duration.ofSeconds(30);
    static final String JOB_EVENT_SOURCE = "harvest-jobs";

    private static final Logger LOG = Logger.getLogger(HarvestJobReconciler.class);

    @Inject
    OperatorSettings settings;

    @Inject
    StatusConditions conditions;

    @Inject
    Clock clock;

    @Override
    public List<EventSource<?, HarvestJob>> prepareEventSources(EventSourceContext<HarvestJob> context) {
        var jobs = InformerEventSourceConfiguration.from(Job.class, HarvestJob.class)
                .withName(JOB_EVENT_SOURCE)
                .withLabelSelector("app.kubernetes.io/managed-by=" + Labels.MANAGED_BY + ",app.kubernetes.io/component=" + HarvestJobTemplate.COMPONENT)
                .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(HarvestJob.class))
                .withNamespacesInheritedFromController()
                .build();
        return List.of(new InformerEventSource<>(jobs, context));
    }

    @Override
    public UpdateControl<HarvestJob> reconcile(HarvestJob cached, Context<HarvestJob> context) {
        if (finished(cached)) {
            // Finished: the record stays as it is, whatever happened to the Job since.
            return UpdateControl.noUpdate();
        }
        KubernetesClient client = context.getClient();
        String namespace = cached.getMetadata().getNamespace();
        String jobName = ChildNames.harvestJob(cached.getMetadata().getName());
        HarvestJob harvest = cached;
        Optional<Job> job = context.getSecondaryResource(Job.class);
        if (job.isEmpty()) {
            // Creating a Job, or declaring one lost, cannot be undone: decide from the API server's
            // copies, not from caches that may lag behind an earlier reconcile's writes.
            harvest = client.resources(HarvestJob.class).inNamespace(namespace).withName(cached.getMetadata().getName()).get();
            if (harvest == null || finished(harvest)) {
                return UpdateControl.noUpdate();
            }
            job = Optional.ofNullable(client.batch().v1().jobs().inNamespace(namespace).withName(jobName).get());
        }
        HarvestJobStatus status = statusOf(harvest);
        status.observedGeneration = harvest.getMetadata().getGeneration();
        EventRecorder events = new EventRecorder(client, clock);

        if (job.isEmpty() && status.phase == Phase.IN_PROGRESS) {
            fail(harvest, status, "JobDeleted", "Job " + jobName + " was deleted before it finished; the harvest is not re-run", events);
            return UpdateControl.patchStatus(harvest);
        }
        if (job.isEmpty()) {
            Created created = createJob(harvest, status, context, events);
            if (created.job() == null) {
                return created.waiting();
            }
            job = Optional.of(created.job());
        }
        mirror(harvest, status, job.get(), client, events);
        return UpdateControl.patchStatus(harvest);
    }

    private static boolean finished(HarvestJob harvest) {
        return harvest.getStatus() != null && (harvest.getStatus().phase == Phase.SUCCEEDED || harvest.getStatus().phase == Phase.FAILED);
    }

    /** The Job just created (or found), or, when a reference is missing, the status to write instead. */
    private record Created(Job job, UpdateControl<HarvestJob> waiting) {
    }

    private Created createJob(HarvestJob harvest, HarvestJobStatus status, Context<HarvestJob> context,
            EventRecorder events) {
        KubernetesClient client = context.getClient();
        String namespace = harvest.getMetadata().getNamespace();
        Long generation = harvest.getMetadata().getGeneration();
        String endpointName = harvest.getSpec().originEndpointName;

        OriginEndpoint endpoint = client.resources(OriginEndpoint.class).inNamespace(namespace).withName(endpointName).get();
        if (endpoint == null || endpoint.getSpec() == null) {
            return new Created(null, unresolved(harvest, status, "OriginEndpointNotFound",
                    "OriginEndpoint " + endpointName + " (spec.originEndpointName) does not exist in namespace " + namespace));
        }
        String channelName = endpoint.getSpec().channelName;
        status.channelName = channelName;
        Channel channel = client.resources(Channel.class).inNamespace(namespace).withName(channelName).get();
        if (channel == null) {
            return new Created(null, unresolved(harvest, status, "ChannelNotFound",
                    "Channel " + channelName + " of OriginEndpoint " + endpointName + " does not exist in namespace " + namespace));
        }
        conditions.set(status.conditions, Condition.RESOLVED_REFS, Condition.Status.True, "Resolved",
                "OriginEndpoint " + endpointName + " of Channel " + channelName, generation);

        Job desired = HarvestJobTemplate.job(harvest, endpoint, channel, settings.originImage(), settings.clusterDomain());
        @SuppressWarnings("unchecked")
        InformerEventSource<Job, HarvestJob> jobs = (InformerEventSource<Job, HarvestJob>) context.eventSourceRetriever()
                .getEventSourceFor(Job.class, JOB_EVENT_SOURCE);
        try {
            Job created = context.resourceOperations().create(desired, jobs);
            events.record(harvest, EventRecorder.NORMAL, "JobCreated",
                    "Created Job " + desired.getMetadata().getName() + " to harvest " + harvest.getSpec().startTime + " – " + harvest.getSpec().endTime
                            + " of OriginEndpoint " + endpointName);
            return new Created(created, null);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            // Already there (an earlier reconcile whose status write was lost): adopt it, never update it.
            LOG.debugf("Job %s/%s already exists", namespace, desired.getMetadata().getName());
            return new Created(client.batch().v1().jobs().inNamespace(namespace).withName(desired.getMetadata().getName()).require(), null);
        }
    }

    private UpdateControl<HarvestJob> unresolved(HarvestJob harvest, HarvestJobStatus status, String reason, String message) {
        Long generation = harvest.getMetadata().getGeneration();
        conditions.set(status.conditions, Condition.RESOLVED_REFS, Condition.Status.False, reason, message, generation);
        conditions.set(status.conditions, Condition.READY, Condition.Status.False, reason, message, generation);
        return UpdateControl.patchStatus(harvest).rescheduleAfter(REF_RETRY);
    }

    /** The phase and conditions that the Job's status says. */
    private void mirror(HarvestJob harvest, HarvestJobStatus status, Job job, KubernetesClient client, EventRecorder events) {
        Long generation = harvest.getMetadata().getGeneration();
        String jobName = job.getMetadata().getName();
        status.jobName = jobName;
        if (status.channelName == null) {
            status.channelName = HarvestJobTemplate.channelOf(job).orElse(null);
        }
        Optional<JobCondition> failed = condition(job, "Failed");
        var jobStatus = job.getStatus();
        int succeededPods = jobStatus == null || jobStatus.getSucceeded() == null ? 0 : jobStatus.getSucceeded();
        int failedPods = jobStatus == null || jobStatus.getFailed() == null ? 0 : jobStatus.getFailed();
        int backoffLimit = job.getSpec() == null || job.getSpec().getBackoffLimit() == null ? HarvestJobTemplate.BACKOFF_LIMIT
                : job.getSpec().getBackoffLimit();

        if (condition(job, "Complete").isPresent() || (failed.isEmpty() && succeededPods >= 1)) {
            String message = "Job " + jobName + " completed: the clip is in s3://" + harvest.getSpec().s3Destination.bucketName + "/"
                    + harvest.getSpec().s3Destination.manifestKey;
            conditions.set(status.conditions, Condition.READY, Condition.Status.True, "Succeeded", message, generation);
            if (StatusConditions.find(status.conditions, DEGRADED).isPresent()) {
                conditions.set(status.conditions, DEGRADED, Condition.Status.False, "Succeeded", message, generation);
            }
            if (status.phase != Phase.SUCCEEDED) {
                status.phase = Phase.SUCCEEDED;
                events.record(harvest, EventRecorder.NORMAL, "Succeeded", message);
            }
        } else if (failed.isPresent() || failedPods > backoffLimit) {
            String reason = failed.map(JobCondition::getReason).filter(Objects::nonNull).orElse("BackoffLimitExceeded");
            String message = "Job " + jobName + " failed (" + reason + ")"
                    + failed.map(JobCondition::getMessage).filter(m -> !m.isBlank()).map(m -> ": " + m).orElse("")
                    + terminationMessage(client, job).map(m -> "; pod: " + m).orElse("");
            fail(harvest, status, "Failed", message, events);
        } else {
            status.phase = Phase.IN_PROGRESS;
            conditions.set(status.conditions, Condition.READY, Condition.Status.False, "InProgress",
                    "Job " + jobName + " is harvesting " + harvest.getSpec().startTime + " – " + harvest.getSpec().endTime, generation);
        }
    }

    private void fail(HarvestJob harvest, HarvestJobStatus status, String reason, String message, EventRecorder events) {
        Long generation = harvest.getMetadata().getGeneration();
        conditions.set(status.conditions, Condition.READY, Condition.Status.False, reason, message, generation);
        conditions.set(status.conditions, DEGRADED, Condition.Status.True, reason, message, generation);
        if (status.phase != Phase.FAILED) {
            status.phase = Phase.FAILED;
            events.record(harvest, EventRecorder.WARNING, reason, message);
        }
    }

    private static Optional<JobCondition> condition(Job job, String type) {
        if (job.getStatus() == null || job.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return job.getStatus().getConditions().stream()
                .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus()))
                .findFirst();
    }

    /** The newest termination message of the Job's pods (the harvest command's last words), if any can be read. */
    static Optional<String> terminationMessage(KubernetesClient client, Job job) {
        try {
            List<Pod> pods = client.pods().inNamespace(job.getMetadata().getNamespace())
                    .withLabel("job-name", job.getMetadata().getName()).list().getItems();
            return pods.stream()
                    .filter(p -> p.getStatus() != null && p.getStatus().getContainerStatuses() != null)
                    .flatMap(p -> p.getStatus().getContainerStatuses().stream())
                    .map(ContainerStatus::getState)
                    .filter(s -> s != null && s.getTerminated() != null && s.getTerminated().getMessage() != null
                            && !s.getTerminated().getMessage().isBlank())
                    .map(s -> s.getTerminated())
                    .max(Comparator.comparing(t -> Objects.requireNonNullElse(t.getFinishedAt(), "")))
                    .map(ContainerStateTerminated::getMessage)
                    .map(m -> m.strip().lines().reduce((a, b) -> b).orElse(m.strip()));
        } catch (KubernetesClientException e) {
            LOG.debugf("cannot read the pods of Job %s: %s", job.getMetadata().getName(), e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public ErrorStatusUpdateControl<HarvestJob> updateErrorStatus(HarvestJob harvest, Context<HarvestJob> context, Exception e) {
        HarvestJobStatus status = statusOf(harvest);
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        conditions.set(status.conditions, Condition.READY, Condition.Status.False, "ReconcileError", message, harvest.getMetadata().getGeneration());
        return ErrorStatusUpdateControl.patchStatus(harvest);
    }

    private static HarvestJobStatus statusOf(HarvestJob harvest) {
        if (harvest.getStatus() == null) {
            harvest.setStatus(new HarvestJobStatus());
        }
        if (harvest.getStatus().conditions == null) {
            harvest.getStatus().conditions = new java.util.ArrayList<>();
        }
        return harvest.getStatus();
    }
}
