package dev.fount.operator.vod;

import dev.fount.api.v1alpha1.PackagingGroup;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * Reconcile precondition of the Ingress: spec.origin.ingress is set. When it is unset again the
 * workflow deletes the Ingress it made. (A precondition rather than an activation condition:
 * networking.k8s.io/v1 Ingress exists on every supported cluster, so the informer may always run.)
 */
public class IngressRequested implements Condition<Ingress, PackagingGroup> {

    @Override
    public boolean isMet(DependentResource<Ingress, PackagingGroup> dependent, PackagingGroup group, Context<PackagingGroup> context) {
        return VodOrigin.origin(group).ingress != null;
    }
}
