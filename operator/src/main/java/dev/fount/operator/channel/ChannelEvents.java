package dev.fount.operator.channel;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.fount.operator.common.Labels;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Kubernetes Events (core v1) on a Channel's notable transitions, so {@code kubectl describe}
 * tells its story. An Event that cannot be written is logged, never fails a reconcile.
 */
@ApplicationScoped
public class ChannelEvents {

    private static final Logger LOG = Logger.getLogger(ChannelEvents.class);

    @Inject
    KubernetesClient client;

    @Inject
    Clock clock;

    public void normal(HasMetadata about, String reason, String message) {
        record(about, "Normal", reason, message);
    }

    public void warning(HasMetadata about, String reason, String message) {
        record(about, "Warning", reason, message);
    }

    private void record(HasMetadata about, String type, String reason, String message) {
        String now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
        Event event = new EventBuilder()
                .withNewMetadata()
                    // Like client-go's recorder: the object's name and a unique suffix.
                    .withName(about.getMetadata().getName() + "." + Long.toHexString(System.currentTimeMillis())
                            + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000)))
                    .withNamespace(about.getMetadata().getNamespace())
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
