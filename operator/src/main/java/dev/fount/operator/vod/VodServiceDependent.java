package dev.fount.operator.vod;

import io.fabric8.kubernetes.api.model.Service;
import dev.fount.api.v1alpha1.PackagingGroup;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;

/** The Service players (or a CDN) reach the group's assets through. */
public class VodServiceDependent extends CRUDKubernetesDependentResource<Service, PackagingGroup> {

    public VodServiceDependent() {
        super(Service.class);
    }

    @Override
    protected Service desired(PackagingGroup group, Context<PackagingGroup> context) {
        return VodOrigin.service(group);
    }
}
