package dev.fount.operator.harvest;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.jboss.logging.Logger;

import dev.fount.api.v1alpha1.HarvestJob;
import dev.fount.operator.common.Labels;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Kubernetes Events (core/v1) on a HarvestJob's notable transitions, for {@code kubectl describe}.
 * An Event that cannot be written is logged, never fails the reconcile.
 */
final class HarvestEvents {

    static final String NORMAL = "Normal";
    static final String WARNING = "Warning";

    private static final Logger LOG = Logger.getLogger(HarvestEvents.class);

    private final KubernetesClient client;
    private final Clock clock;

    HarvestEvents(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    void emit(HarvestJob harvest, String type, String reason, String message) {
        String now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
        String namespace = harvest.getMetadata().getNamespace();
        Event event = new EventBuilder()
                .withNewMetadata()
                    .withGenerateName(harvest.getMetadata().getName() + ".")
                    .withNamespace(namespace)
                .endMetadata()
                .withNewInvolvedObject()
                    .withApiVersion(harvest.getApiVersion())
                    .withKind(harvest.getKind())
                    .withName(harvest.getMetadata().getName())
                    .withNamespace(namespace)
                    .withUid(harvest.getMetadata().getUid())
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
            client.v1().events().inNamespace(namespace).resource(event).create();
        } catch (KubernetesClientException e) {
            LOG.warnf("could not record event %s on HarvestJob %s/%s: %s", reason, namespace, harvest.getMetadata().getName(), e.getMessage());
        }
    }
}
