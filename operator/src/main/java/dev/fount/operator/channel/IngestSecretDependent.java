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
 * Secret of its own.
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

    /** By name, so a precondition turning false can find it for deletion without computing desired state. */
    @Override
    protected ResourceID targetSecondaryResourceID(Channel channel, Context<Channel> context) {
        return new ResourceID(ChildNames.channelIngestSecret(channel.getMetadata().getName()), channel.getMetadata().getNamespace());
    }
}
