package dev.fount.operator.channel;

import dev.fount.api.v1alpha1.Channel;
import dev.fount.operator.common.ChildNames;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;

/**
 * The generated ingest credentials of a Channel that names no Secret. Create-only (a
 * {@link Creator}, not an Updater): once made, the password is never changed by a reconcile, so
 * encoders keep working. Owned by the Channel; deleted with it, or when the Channel names a
 * Secret of its own — but only if this Channel generated it: a user's Secret that happens to
 * bear the generated name (the examples name theirs {@code <channel>-ingest}) is never deleted.
 */
@KubernetesDependent(informer = @Informer(labelSelector = ChannelDependents.MANAGED))
public class IngestSecretDependent extends KubernetesDependentResource<Secret, Channel>
        implements Creator<Secret, Channel>, GarbageCollected<Channel> {

    public IngestSecretDependent() {
        super(Secret.class);
    }

    @Override
    protected Secret desired(Channel channel, Context<Channel> context) {
        return IngestCredentials.generated(channel, IngestCredentials.randomPassword());
    }

    @Override
    protected void handleDelete(Channel channel, Secret secret, Context<Channel> context) {
        if (secret != null && generatedBy(secret, channel)) {
            super.handleDelete(channel, secret, context);
        }
    }

    static boolean generatedBy(Secret secret, Channel channel) {
        return secret.getMetadata().getOwnerReferences() != null && secret.getMetadata().getOwnerReferences().stream()
                .anyMatch(o -> o.getUid() != null && o.getUid().equals(channel.getMetadata().getUid()))
                && dev.fount.operator.common.Labels.MANAGED_BY.equals(secret.getMetadata().getLabels() == null ? null
                        : secret.getMetadata().getLabels().get("app.kubernetes.io/managed-by"));
    }

    /** By name, so a precondition turning false can find it for deletion without computing desired state. */
    @Override
    protected ResourceID targetSecondaryResourceID(Channel channel, Context<Channel> context) {
        return new ResourceID(ChildNames.channelIngestSecret(channel.getMetadata().getName()), channel.getMetadata().getNamespace());
    }
}
