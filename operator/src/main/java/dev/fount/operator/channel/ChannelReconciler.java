package dev.fount.operator.channel;

import static dev.fount.operator.channel.ChannelDependents.DEPLOYMENT;
import static dev.fount.operator.channel.ChannelDependents.DISRUPTION_BUDGET;
import static dev.fount.operator.channel.ChannelDependents.EGRESS_SERVICE;
import static dev.fount.operator.channel.ChannelDependents.INGEST_SECRET;
import static dev.fount.operator.channel.ChannelDependents.INGEST_SERVICE;
import static dev.fount.operator.channel.ChannelDependents.INGRESS;
import static dev.fount.operator.channel.ChannelDependents.ROLE;
import static dev.fount.operator.channel.ChannelDependents.ROLE_BINDING;
import static dev.fount.operator.channel.ChannelDependents.SERVICE_ACCOUNT;
import static dev.fount.operator.channel.ChannelDependents.STATEFUL_SET;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.fount.api.v1alpha1.Channel;
import dev.fount.api.v1alpha1.OriginEndpoint;
import dev.fount.api.v1alpha1.ChannelStatus;
import dev.fount.api.v1alpha1.Condition;
import dev.fount.operator.common.OperatorSettings;
import dev.fount.operator.common.EventRecorder;
import dev.fount.operator.common.StatusConditions;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

/**
 * Reconciles a Channel into its ingest credentials, origin workload, RBAC, Services and Ingress
 * (the declarative workflow below), then writes status: the two ingest endpoints and Ready when
 * an origin pod is available. The Secret a Channel names is watched too, so a Channel waiting
 * for it recovers as soon as it is created.
 */
@ControllerConfiguration(name = "channel")
@Workflow(dependents = {
        @Dependent(name = INGEST_SECRET, type = IngestSecretDependent.class, reconcilePrecondition = ChannelDependents.CredentialsGenerated.class),
        @Dependent(name = SERVICE_ACCOUNT, type = OriginServiceAccountDependent.class),
        @Dependent(name = ROLE, type = OriginRoleDependent.class),
        @Dependent(name = ROLE_BINDING, type = OriginRoleBindingDependent.class, dependsOn = { SERVICE_ACCOUNT, ROLE }),
        @Dependent(name = DEPLOYMENT, type = OriginDeploymentDependent.class, reconcilePrecondition = ChannelDependents.NotArchived.class),
        @Dependent(name = STATEFUL_SET, type = OriginStatefulSetDependent.class, reconcilePrecondition = ChannelDependents.Archived.class),
        @Dependent(name = DISRUPTION_BUDGET, type = OriginDisruptionBudgetDependent.class, reconcilePrecondition = ChannelDependents.ScaledOut.class),
        @Dependent(name = INGEST_SERVICE, type = IngestServiceDependent.class),
        @Dependent(name = EGRESS_SERVICE, type = EgressServiceDependent.class),
        @Dependent(name = INGRESS, type = OriginIngressDependent.class, reconcilePrecondition = ChannelDependents.Exposed.class),
})
public class ChannelReconciler implements Reconciler<Channel> {

    private static final Logger LOG = Logger.getLogger(ChannelReconciler.class);

    /** The informer of Secrets that Channels name in spec.ingest.credentialsSecretRef. */
    static final String NAMED_SECRETS = "named-credentials";
    private static final String SECRET_INDEX = "credentialsSecretRef";
    /** The informer of the Channel's OriginEndpoints (by spec.channelName). */
    static final String CHANNEL_ENDPOINTS = "channel-endpoints";
    private static final String CHANNEL_INDEX = "channelName";

    @Inject
    OperatorSettings settings;

    @Inject
    StatusConditions conditions;

    @Inject
    EventRecorder events;

    @Override
    public List<EventSource<?, Channel>> prepareEventSources(EventSourceContext<Channel> context) {
        context.getPrimaryCache().addIndexer(SECRET_INDEX, channel -> IngestCredentials.named(channel)
                ? List.of(key(channel.getMetadata().getNamespace(), IngestCredentials.secretName(channel)))
                : List.of());
        InformerEventSourceConfiguration<Secret> config = InformerEventSourceConfiguration.from(Secret.class, Channel.class)
                .withName(NAMED_SECRETS)
                .withSecondaryToPrimaryMapper(secret -> context.getPrimaryCache()
                        .byIndex(SECRET_INDEX, key(secret.getMetadata().getNamespace(), secret.getMetadata().getName()))
                        .stream().map(ResourceID::fromResource).collect(java.util.stream.Collectors.toSet()))
                .withPrimaryToSecondaryMapper((Channel channel) -> IngestCredentials.named(channel)
                        ? Set.of(new ResourceID(IngestCredentials.secretName(channel), channel.getMetadata().getNamespace()))
                        : Set.of())
                .build();
        // The channel's OriginEndpoints: the Secrets their encryption names are mounted in its origin pods.
        context.getPrimaryCache().addIndexer(CHANNEL_INDEX, channel -> List.of(key(channel.getMetadata().getNamespace(), channel.getMetadata().getName())));
        InformerEventSourceConfiguration<OriginEndpoint> endpoints = InformerEventSourceConfiguration.from(OriginEndpoint.class, Channel.class)
                .withName(CHANNEL_ENDPOINTS)
                .withSecondaryToPrimaryMapper(e -> e.getSpec() == null || e.getSpec().channelName == null ? Set.<ResourceID>of()
                        : context.getPrimaryCache().byIndex(CHANNEL_INDEX, key(e.getMetadata().getNamespace(), e.getSpec().channelName))
                                .stream().map(ResourceID::fromResource).collect(java.util.stream.Collectors.toSet()))
                .build();
        return List.of(new InformerEventSource<>(config, context), new InformerEventSource<>(endpoints, context));
    }

    @Override
    public UpdateControl<Channel> reconcile(Channel channel, Context<Channel> context) {
        Optional<Secret> secret = IngestCredentials.named(channel)
                ? context.getSecondaryResource(Secret.class, NAMED_SECRETS)
                : context.getSecondaryResource(Secret.class, INGEST_SECRET);
        String username = secret.map(s -> IngestCredentials.value(s, IngestCredentials.USERNAME)).orElse(null);

        boolean archived = ChannelWorkload.archived(channel);
        Integer available = archived
                ? context.getSecondaryResource(StatefulSet.class)
                        .map(s -> s.getStatus() == null ? null : s.getStatus().getReadyReplicas()).orElse(null)
                : context.getSecondaryResource(Deployment.class)
                        .map(d -> d.getStatus() == null ? null : d.getStatus().getAvailableReplicas()).orElse(null);

        ChannelReadiness.Observation seen = new ChannelReadiness.Observation(secret.isPresent(), username,
                archived ? "StatefulSet" : "Deployment", available);
        ChannelStatus next = ChannelReadiness.status(channel, seen, conditions, settings.clusterDomain());
        announce(channel, next);
        if (sameStatus(channel.getStatus(), next)) {
            return UpdateControl.noUpdate();
        }
        channel.setStatus(next);
        return UpdateControl.patchStatus(channel);
    }

    @Override
    public ErrorStatusUpdateControl<Channel> updateErrorStatus(Channel channel, Context<Channel> context, Exception e) {
        LOG.warnf(e, "reconciling Channel %s/%s failed", channel.getMetadata().getNamespace(), channel.getMetadata().getName());
        ChannelStatus next = ChannelReadiness.error(channel, e, conditions);
        announce(channel, next);
        channel.setStatus(next);
        return ErrorStatusUpdateControl.patchStatus(channel);
    }

    /** An Event when Ready changes reason: the origin became available, a Secret is missing, a reconcile failed. */
    private void announce(Channel channel, ChannelStatus next) {
        Optional<Condition> before = channel.getStatus() == null ? Optional.empty()
                : StatusConditions.find(channel.getStatus().conditions, Condition.READY);
        Condition after = StatusConditions.find(next.conditions, Condition.READY).orElseThrow();
        if (before.map(c -> Objects.equals(c.reason, after.reason) && c.status == after.status).orElse(false)) {
            return;
        }
        switch (after.reason) {
            case ChannelReadiness.ORIGIN_AVAILABLE -> events.normal(channel, after.reason, after.message);
            case ChannelReadiness.SECRET_NOT_FOUND, ChannelReadiness.RECONCILE_ERROR -> events.warning(channel, after.reason, after.message);
            default -> {
                // OriginStarting is the normal way in; no event.
            }
        }
    }

    private static boolean sameStatus(ChannelStatus current, ChannelStatus next) {
        return current != null && Serialization.asJson(current).equals(Serialization.asJson(next));
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }
}
