package dev.fount.operator.channel;

import dev.fount.api.v1alpha1.Channel;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** Read access to the Channels and OriginEndpoints of the namespace, for the origin's informers. */
@KubernetesDependent(informer = @Informer(labelSelector = ChannelDependents.MANAGED))
public class OriginRoleDependent extends CRUDKubernetesDependentResource<Role, Channel> {

    public OriginRoleDependent() {
        super(Role.class);
    }

    @Override
    protected Role desired(Channel channel, Context<Channel> context) {
        return ChannelAccess.role(channel);
    }
}
