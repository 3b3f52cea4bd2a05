package dev.fount.operator.channel;

import dev.fount.api.v1alpha1.Channel;
import dev.fount.operator.common.ChildNames;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** Keeps one origin pod of a Channel through voluntary disruptions, when it runs more than one. */
@KubernetesDependent(informer = @Informer(labelSelector = ChannelDependents.MANAGED))
public class OriginDisruptionBudgetDependent extends CRUDKubernetesDependentResource<PodDisruptionBudget, Channel> {

    public OriginDisruptionBudgetDependent() {
        super(PodDisruptionBudget.class);
    }

    @Override
    protected PodDisruptionBudget desired(Channel channel, Context<Channel> context) {
        return ChannelWorkload.podDisruptionBudget(channel);
    }

    /** By name, so a precondition turning false can find it for deletion without computing desired state. */
    @Override
    protected ResourceID targetSecondaryResourceID(Channel channel, Context<Channel> context) {
        return new ResourceID(ChildNames.channelOrigin(channel.getMetadata().getName()), channel.getMetadata().getNamespace());
    }
}
