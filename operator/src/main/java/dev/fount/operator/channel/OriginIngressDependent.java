package dev.fount.operator.channel;

import dev.fount.api.v1alpha1.Channel;
import dev.fount.operator.common.ChildNames;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The Ingress of a Channel that asks for one (spec.origin.ingress). */
@KubernetesDependent(informer = @Informer(labelSelector = ChannelDependents.MANAGED))
public class OriginIngressDependent extends CRUDKubernetesDependentResource<Ingress, Channel> {

    public OriginIngressDependent() {
        super(Ingress.class);
    }

    @Override
    protected Ingress desired(Channel channel, Context<Channel> context) {
        return ChannelNetwork.ingress(channel);
    }

    /** By name, so a precondition turning false can find it for deletion without computing desired state. */
    @Override
    protected ResourceID targetSecondaryResourceID(Channel channel, Context<Channel> context) {
        return new ResourceID(ChildNames.channelOrigin(channel.getMetadata().getName()), channel.getMetadata().getNamespace());
    }
}
