package dev.fount.operator.vod;

import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import dev.fount.api.v1alpha1.PackagingGroup;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;

/** Keeps one origin pod through voluntary disruptions, only while replicas > 1 (see {@link SeveralReplicas}). */
public class VodPodDisruptionBudgetDependent extends CRUDKubernetesDependentResource<PodDisruptionBudget, PackagingGroup> {

    public VodPodDisruptionBudgetDependent() {
        super(PodDisruptionBudget.class);
    }

    @Override
    protected PodDisruptionBudget desired(PackagingGroup group, Context<PackagingGroup> context) {
        return VodOrigin.podDisruptionBudget(group);
    }
}
