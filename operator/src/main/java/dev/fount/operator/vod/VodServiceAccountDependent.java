package dev.fount.operator.vod;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import dev.fount.api.v1alpha1.PackagingGroup;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;

/** The identity the VOD origin's informers run as. */
public class VodServiceAccountDependent extends CRUDKubernetesDependentResource<ServiceAccount, PackagingGroup> {

    public VodServiceAccountDependent() {
        super(ServiceAccount.class);
    }

    @Override
    protected ServiceAccount desired(PackagingGroup group, Context<PackagingGroup> context) {
        return VodOrigin.serviceAccount(group);
    }
}
