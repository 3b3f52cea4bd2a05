package dev.fount.operator.vod;

import dev.fount.api.v1alpha1.PackagingGroup;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/** Reconcile precondition of the PodDisruptionBudget: more than one replica (else it is deleted). */
public class SeveralReplicas implements Condition<PodDisruptionBudget, PackagingGroup> {

    @Override
    public boolean isMet(DependentResource<PodDisruptionBudget, PackagingGroup> dependent, PackagingGroup group, Context<PackagingGroup> context) {
        return VodOrigin.replicas(group) > 1;
    }
}
