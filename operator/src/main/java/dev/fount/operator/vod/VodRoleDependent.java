package dev.fount.operator.vod;

import io.fabric8.kubernetes.api.model.rbac.Role;
import dev.fount.api.v1alpha1.PackagingGroup;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;

/** Read access to the group's own custom resources. */
public class VodRoleDependent extends CRUDKubernetesDependentResource<Role, PackagingGroup> {

    public VodRoleDependent() {
        super(Role.class);
    }

    @Override
    protected Role desired(PackagingGroup group, Context<PackagingGroup> context) {
        return VodOrigin.role(group);
    }
}
