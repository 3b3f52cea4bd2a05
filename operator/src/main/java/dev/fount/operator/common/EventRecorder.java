package dev.fount.operator.common;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import org.jboss.logging.Logger;

import dev.fount.api.v1alpha1.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Kubernetes Events (core v1) on a resource's notable transitions, so {@code kubectl describe}
 * tells its story. An Event that cannot be written is logged and never fails a reconcile.
 */
public final class EventRecorder {

    public static final String NORMAL = "Normal";
    public static final String WARNING = "Warning";
    private static final Logger LOG = Logger.getLogger(EventRecorder.class);

    private final KubernetesClient client;
    private final Clock clock;

    public EventRecorder(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    public void normal(HasMetadata about, String reason, String message) {
        record(about, NORMAL, reason, message);
    }

    public void warning(HasMetadata about, String reason, String message) {
        record(about, WARNING, reason, message);
    }

    /** An Event when Ready in {@code after} differs (status or reason) from Ready in {@code before}: Normal when True. */
    public void onReadyTransition(HasMetadata about, List<Condition> before, List<Condition> after) {
        onTransition(about, Condition.READY, before, after);
    }

    /**
     * An Event when the condition of {@code type} in {@code after} differs (status or reason) from
     * the one in {@code before} and is True (Normal) or False (Warning). Unknown says the operator
     * could not tell, which is no story worth an Event.
     */
    public void onTransition(HasMetadata about, String type, List<Condition> before, List<Condition> after) {
        Optional<Condition> was = StatusConditions.find(before == null ? List.of() : before, type);
        Optional<Condition> now = StatusConditions.find(after, type);
        if (now.isEmpty() || now.get().status == Condition.Status.Unknown
                || (was.isPresent() && was.get().status == now.get().status && Objects.equals(was.get().reason, now.get().reason))) {
            return;
        }
        record(about, now.get().status == Condition.Status.True ? NORMAL : WARNING, now.get().reason, now.get().message);
    }

    public void record(HasMetadata about, String type, String reason, String message) {
        String now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
        Event event = new EventBuilder()
                .withNewMetadata()
                    // Like client-go's recorder: the object's name and a unique suffix.
                    .withName(about.getMetadata().getName() + "." + Long.toHexString(System.currentTimeMillis())
                            + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000)))
                    .withNamespace(about.getMetadata().getNamespace())
                    .addToLabels("app.kubernetes.io/managed-by", Labels.MANAGED_BY)
                .endMetadata()
                .withNewInvolvedObject()
                    .withApiVersion(about.getApiVersion())
                    .withKind(about.getKind())
                    .withName(about.getMetadata().getName())
                    .withNamespace(about.getMetadata().getNamespace())
                    .withUid(about.getMetadata().getUid())
                    .withResourceVersion(about.getMetadata().getResourceVersion())
                .endInvolvedObject()
                .withType(type)
                .withReason(reason)
                .withMessage(message)
                .withFirstTimestamp(now)
                .withLastTimestamp(now)
                .withCount(1)
                .withNewSource().withComponent(Labels.MANAGED_BY).endSource()
                .withReportingComponent(Labels.MANAGED_BY)
                .build();
        try {
            client.v1().events().inNamespace(about.getMetadata().getNamespace()).resource(event).create();
        } catch (KubernetesClientException e) {
            LOG.warnf("could not record event %s on %s %s: %s", reason, about.getKind(), about.getMetadata().getName(), e.getMessage());
        }
    }
}
