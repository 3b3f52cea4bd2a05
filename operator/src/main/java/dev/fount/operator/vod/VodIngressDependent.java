package dev.fount.operator.vod;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import dev.fount.api.v1alpha1.PackagingGroup;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;

/** The Ingress for /out/v1/{group}/, only while spec.origin.ingress is set (see {@link IngressRequested}). */
public class VodIngressDependent extends CRUDKubernetesDependentResource<Ingress, PackagingGroup> {

    public VodIngressDependent() {
        super(Ingress.class);
    }

    @Override
    protected Ingress desired(PackagingGroup group, Context<PackagingGroup> context) {
        return VodOrigin.ingress(group);
    }
}
