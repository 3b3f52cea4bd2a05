package dev.fount.operator.channel;

import jakarta.inject.Inject;

import dev.fount.api.v1alpha1.Channel;
import dev.fount.operator.common.ChildNames;
import dev.fount.operator.common.OperatorSettings;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The origin StatefulSet of a Channel with archive storage (spec.archive.size). */
@KubernetesDependent(informer = @Informer(labelSelector = ChannelDependents.MANAGED))
public class OriginStatefulSetDependent extends CRUDKubernetesDependentResource<StatefulSet, Channel> {

    @Inject
    OperatorSettings settings;

    public OriginStatefulSetDependent() {
        super(StatefulSet.class);
    }

    @Override
    protected StatefulSet desired(Channel channel, Context<Channel> context) {
        return ChannelWorkload.statefulSet(channel, settings, context.getSecondaryResourcesAsStream(dev.fount.api.v1alpha1.OriginEndpoint.class)
                .flatMap(e -> dev.fount.operator.common.EncryptionSecrets.of(e.getSpec()).stream()).toList());
    }

    /** By name, so a precondition turning false can find it for deletion without computing desired state. */
    @Override
    protected ResourceID targetSecondaryResourceID(Channel channel, Context<Channel> context) {
        return new ResourceID(ChildNames.channelOrigin(channel.getMetadata().getName()), channel.getMetadata().getNamespace());
    }
}
