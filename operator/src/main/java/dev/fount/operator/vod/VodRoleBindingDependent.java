package dev.fount.operator.vod;

import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import dev.fount.api.v1alpha1.PackagingGroup;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;

/** Binds the Role to the ServiceAccount. */
public class VodRoleBindingDependent extends CRUDKubernetesDependentResource<RoleBinding, PackagingGroup> {

    public VodRoleBindingDependent() {
        super(RoleBinding.class);
    }

    @Override
    protected RoleBinding desired(PackagingGroup group, Context<PackagingGroup> context) {
        return VodOrigin.roleBinding(group);
    }
}
