package dev.fount.operator.channel;

import dev.fount.api.v1alpha1.Channel;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** Grants the origin Role to the origin ServiceAccount. */
@KubernetesDependent(informer = @Informer(labelSelector = ChannelDependents.MANAGED))
public class OriginRoleBindingDependent extends CRUDKubernetesDependentResource<RoleBinding, Channel> {

    public OriginRoleBindingDependent() {
        super(RoleBinding.class);
    }

    @Override
    protected RoleBinding desired(Channel channel, Context<Channel> context) {
        return ChannelAccess.roleBinding(channel);
    }
}
