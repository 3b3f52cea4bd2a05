package dev.fount.operator.endpoint;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jboss.logging.Logger;

import dev.fount.api.v1alpha1.Condition;
import dev.fount.operator.common.Labels;
import dev.fount.operator.common.StatusConditions;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Records a core/v1 Event (shown by {@code kubectl describe}) when a resource's Ready condition
 * changes status or reason. An Event that cannot be written is logged, never fails the reconcile.
 */
public final class ReadyEvents {

    private static final Logger LOG = Logger.getLogger(ReadyEvents.class);

    private ReadyEvents() {
    }

    /** Emits an Event when Ready in {@code after} differs (status or reason) from Ready in {@code before}. */
    public static void onTransition(KubernetesClient client, Clock clock, HasMetadata resource,
            List<Condition> before, List<Condition> after) {
        Optional<Condition> was = StatusConditions.find(before, Condition.READY);
        Optional<Condition> now = StatusConditions.find(after, Condition.READY);
        if (now.isEmpty() || (was.isPresent() && was.get().status == now.get().status
                && java.util.Objects.equals(was.get().reason, now.get().reason))) {
            return;
        }
        Condition ready = now.get();
        String ts = Instant.now(clock).toString();
        try {
            client.v1().events().inNamespace(resource.getMetadata().getNamespace()).resource(new EventBuilder()
                    .withNewMetadata()
                    .withName(resource.getMetadata().getName() + "." + Long.toHexString(System.nanoTime()))
                    .withNamespace(resource.getMetadata().getNamespace())
                    .withLabels(java.util.Map.of("app.kubernetes.io/managed-by", Labels.MANAGED_BY))
                    .endMetadata()
                    .withInvolvedObject(new ObjectReferenceBuilder()
                            .withApiVersion(resource.getApiVersion())
                            .withKind(resource.getKind())
                            .withName(resource.getMetadata().getName())
                            .withNamespace(resource.getMetadata().getNamespace())
                            .withUid(resource.getMetadata().getUid())
                            .build())
                    .withType(ready.status == Condition.Status.True ? "Normal" : "Warning")
                    .withReason(ready.reason)
                    .withMessage(ready.message)
                    .withFirstTimestamp(ts)
                    .withLastTimestamp(ts)
                    .withCount(1)
                    .withNewSource(Labels.MANAGED_BY, null)
                    .build()).create();
        } catch (KubernetesClientException e) {
            LOG.warnf("could not record event %s on %s/%s: %s", ready.reason, resource.getKind(),
                    resource.getMetadata().getName(), e.getMessage());
        }
    }
}
