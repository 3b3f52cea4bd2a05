package dev.fount.operator.channel;

import dev.fount.api.v1alpha1.Channel;
import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The Service encoders push to. */
@KubernetesDependent(informer = @Informer(labelSelector = ChannelDependents.MANAGED))
public class IngestServiceDependent extends CRUDKubernetesDependentResource<Service, Channel> {

    public IngestServiceDependent() {
        super(Service.class);
    }

    @Override
    protected Service desired(Channel channel, Context<Channel> context) {
        return ChannelNetwork.ingestService(channel);
    }
}
