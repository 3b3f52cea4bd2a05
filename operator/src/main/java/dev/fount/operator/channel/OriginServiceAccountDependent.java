package dev.fount.operator.channel;

import dev.fount.api.v1alpha1.Channel;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The identity of a Channel's origin pods. */
@KubernetesDependent(informer = @Informer(labelSelector = ChannelDependents.MANAGED))
public class OriginServiceAccountDependent extends CRUDKubernetesDependentResource<ServiceAccount, Channel> {

    public OriginServiceAccountDependent() {
        super(ServiceAccount.class);
    }

    @Override
    protected ServiceAccount desired(Channel channel, Context<Channel> context) {
        return ChannelAccess.serviceAccount(channel);
    }
}
