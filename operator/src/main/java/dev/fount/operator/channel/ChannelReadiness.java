package dev.fount.operator.channel;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import dev.fount.api.v1alpha1.Channel;
import dev.fount.api.v1alpha1.ChannelStatus;
import dev.fount.api.v1alpha1.Condition;
import dev.fount.api.v1alpha1.SecretKeyReference;
import dev.fount.operator.common.ChildNames;
import dev.fount.operator.common.StatusConditions;
import dev.fount.operator.common.Urls;
import io.javaoperatorsdk.operator.AggregatedOperatorException;

/**
 * A Channel's status from what the operator observed: the two ingest endpoints, and Ready when
 * the credentials Secret exists and an origin pod is available. Pure, so it is tested without a
 * cluster.
 */
public final class ChannelReadiness {

    public static final String SECRET_NOT_FOUND = "SecretNotFound";
    public static final String ORIGIN_AVAILABLE = "OriginAvailable";
    public static final String ORIGIN_STARTING = "OriginStarting";
    public static final String RECONCILE_ERROR = "ReconcileError";
    static final List<String> ENDPOINT_IDS = List.of("1", "2");

    /**
     * What the reconciler saw.
     *
     * @param secretFound       the credentials Secret exists (the named one, or the generated one once made)
     * @param username          the user name in that Secret, when readable
     * @param workloadKind      Deployment or StatefulSet
     * @param availableReplicas the workload's available (Deployment) or ready (StatefulSet) replicas; null before it exists
     */
    public record Observation(boolean secretFound, String username, String workloadKind, Integer availableReplicas) {
    }

    private ChannelReadiness() {
    }

    /** The next status: a new object, with the conditions' transition times carried over from the current one. */
    public static ChannelStatus status(Channel channel, Observation seen, StatusConditions conditions, String clusterDomain) {
        ChannelStatus next = new ChannelStatus();
        Long generation = channel.getMetadata().getGeneration();
        next.observedGeneration = generation;
        next.conditions = currentConditions(channel);
        next.ingestEndpoints = ingestEndpoints(channel, seen.username(), clusterDomain);

        String secret = IngestCredentials.secretName(channel);
        String workload = ChildNames.channelOrigin(channel.getMetadata().getName());
        int available = seen.availableReplicas() == null ? 0 : seen.availableReplicas();
        if (!seen.secretFound()) {
            String message = IngestCredentials.named(channel)
                    ? "Secret " + secret + " named by spec.ingest.credentialsSecretRef does not exist in namespace " + channel.getMetadata().getNamespace()
                    : "Secret " + secret + " with the generated ingest credentials is not there yet";
            conditions.set(next.conditions, Condition.READY, Condition.Status.False, SECRET_NOT_FOUND, message, generation);
        } else if (available >= 1) {
            conditions.set(next.conditions, Condition.READY, Condition.Status.True, ORIGIN_AVAILABLE,
                    seen.workloadKind() + " " + workload + " has " + available + " of " + ChannelWorkload.replicas(channel)
                            + " origin pods available",
                    generation);
        } else {
            conditions.set(next.conditions, Condition.READY, Condition.Status.False, ORIGIN_STARTING,
                    "Waiting for " + seen.workloadKind() + " " + workload + ": 0 of " + ChannelWorkload.replicas(channel)
                            + " origin pods available",
                    generation);
        }
        return next;
    }

    /** The status after a failed reconcile: Ready False with the error, everything else kept. */
    public static ChannelStatus error(Channel channel, Exception e, StatusConditions conditions) {
        ChannelStatus next = new ChannelStatus();
        ChannelStatus current = channel.getStatus();
        if (current != null && current.ingestEndpoints != null) {
            next.ingestEndpoints = new ArrayList<>(current.ingestEndpoints);
        }
        next.observedGeneration = channel.getMetadata().getGeneration();
        next.conditions = currentConditions(channel);
        conditions.set(next.conditions, Condition.READY, Condition.Status.False, RECONCILE_ERROR, message(e),
                channel.getMetadata().getGeneration());
        return next;
    }

    /** The two ingest endpoints: the same Service (or Ingress host), paths /in/v1/<channel>/1/ and /2/. */
    static List<ChannelStatus.IngestEndpoint> ingestEndpoints(Channel channel, String username, String clusterDomain) {
        String name = channel.getMetadata().getName();
        String base = Urls.base(ChannelWorkload.origin(channel), ChildNames.channelIngestService(name),
                channel.getMetadata().getNamespace(), clusterDomain);
        List<ChannelStatus.IngestEndpoint> endpoints = new ArrayList<>();
        for (String id : ENDPOINT_IDS) {
            ChannelStatus.IngestEndpoint endpoint = new ChannelStatus.IngestEndpoint();
            endpoint.id = id;
            endpoint.url = base + "/in/v1/" + name + "/" + id + "/";
            endpoint.username = username;
            endpoint.passwordSecretRef = new SecretKeyReference(IngestCredentials.secretName(channel), IngestCredentials.PASSWORD);
            endpoints.add(endpoint);
        }
        return endpoints;
    }

    /**
     * A readable message for a failed reconcile: for the workflow's aggregate, one line per
     * failed dependent ("origin-deployment: forbidden…"), never a stack trace.
     */
    static String message(Throwable e) {
        String message;
        if (e instanceof AggregatedOperatorException aggregate && !aggregate.getAggregatedExceptions().isEmpty()) {
            message = aggregate.getAggregatedExceptions().entrySet().stream()
                    .map(failed -> failed.getKey() + ": " + ownMessage(failed.getValue()))
                    .collect(Collectors.joining("; "));
        } else {
            message = ownMessage(e);
        }
        return message.length() > 1024 ? message.substring(0, 1024) + "…" : message;
    }

    /** The exception's own message, or its cause's when it only wraps one. */
    private static String ownMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t && (t.getMessage() == null || t.getMessage().isBlank()
                || t.getMessage().startsWith(t.getCause().getClass().getName()))) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private static List<Condition> currentConditions(Channel channel) {
        ChannelStatus current = channel.getStatus();
        return current == null || current.conditions == null ? new ArrayList<>() : new ArrayList<>(current.conditions);
    }
}
