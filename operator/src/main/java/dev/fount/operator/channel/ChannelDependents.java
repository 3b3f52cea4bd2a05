package dev.fount.operator.channel;

import dev.fount.api.v1alpha1.Channel;
import dev.fount.operator.common.Labels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * What the Channel workflow shares: the label selector of its informers (only what the operator
 * made is cached) and the preconditions of its optional children. A dependent whose precondition
 * turns false is deleted, so removing {@code spec.origin.ingress} removes the Ingress, and adding
 * {@code spec.archive} replaces the Deployment with a StatefulSet.
 */
public final class ChannelDependents {

    /** Informers of the Channel's dependents see only objects the operator labelled as its own. */
    public static final String MANAGED = "app.kubernetes.io/managed-by=" + Labels.MANAGED_BY;

    public static final String INGEST_SECRET = "ingest-secret";
    public static final String SERVICE_ACCOUNT = "origin-service-account";
    public static final String ROLE = "origin-role";
    public static final String ROLE_BINDING = "origin-role-binding";
    public static final String DEPLOYMENT = "origin-deployment";
    public static final String STATEFUL_SET = "origin-statefulset";
    public static final String DISRUPTION_BUDGET = "origin-pdb";
    public static final String INGEST_SERVICE = "ingest-service";
    public static final String EGRESS_SERVICE = "egress-service";
    public static final String INGRESS = "origin-ingress";

    private ChannelDependents() {
    }

    /** The Channel names no Secret: the operator generates {@code <channel>-ingest}. */
    public static class CredentialsGenerated implements Condition<HasMetadata, Channel> {
        @Override
        public boolean isMet(DependentResource<HasMetadata, Channel> dependent, Channel channel, Context<Channel> context) {
            return !IngestCredentials.named(channel);
        }
    }

    /** No archive storage: a Deployment with an emptyDir. */
    public static class NotArchived implements Condition<HasMetadata, Channel> {
        @Override
        public boolean isMet(DependentResource<HasMetadata, Channel> dependent, Channel channel, Context<Channel> context) {
            return !ChannelWorkload.archived(channel);
        }
    }

    /** Archive storage: a StatefulSet with a volume claim per pod. */
    public static class Archived implements Condition<HasMetadata, Channel> {
        @Override
        public boolean isMet(DependentResource<HasMetadata, Channel> dependent, Channel channel, Context<Channel> context) {
            return ChannelWorkload.archived(channel);
        }
    }

    /** More than one origin pod: a PodDisruptionBudget keeps one. */
    public static class ScaledOut implements Condition<HasMetadata, Channel> {
        @Override
        public boolean isMet(DependentResource<HasMetadata, Channel> dependent, Channel channel, Context<Channel> context) {
            return ChannelWorkload.replicas(channel) > 1;
        }
    }

    /** spec.origin.ingress is set. */
    public static class Exposed implements Condition<HasMetadata, Channel> {
        @Override
        public boolean isMet(DependentResource<HasMetadata, Channel> dependent, Channel channel, Context<Channel> context) {
            return ChannelNetwork.exposed(channel);
        }
    }
}
