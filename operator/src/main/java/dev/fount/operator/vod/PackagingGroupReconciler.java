package dev.fount.operator.vod;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import dev.fount.api.v1alpha1.Asset;
import dev.fount.api.v1alpha1.Condition;
import dev.fount.api.v1alpha1.PackagingGroup;
import dev.fount.api.v1alpha1.PackagingGroupStatus;
import dev.fount.operator.common.ChildNames;
import dev.fount.operator.common.OperatorSettings;
import dev.fount.operator.common.StatusConditions;
import dev.fount.operator.common.Urls;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;

/**
 * PackagingGroup → its VOD origin (ServiceAccount, Role, RoleBinding, Deployment, Service, and an
 * Ingress / PodDisruptionBudget when asked), all owned by the group, and status: the base URL
 * (domainName) and Ready once an origin pod is available.
 */
@ControllerConfiguration(name = "packaginggroup")
@Workflow(dependents = {
        @Dependent(name = "vod-serviceaccount", type = VodServiceAccountDependent.class),
        @Dependent(name = "vod-role", type = VodRoleDependent.class),
        @Dependent(name = "vod-rolebinding", type = VodRoleBindingDependent.class, dependsOn = { "vod-serviceaccount", "vod-role" }),
        @Dependent(name = "vod-deployment", type = VodDeploymentDependent.class, dependsOn = "vod-rolebinding"),
        @Dependent(name = "vod-service", type = VodServiceDependent.class),
        @Dependent(name = "vod-ingress", type = VodIngressDependent.class, reconcilePrecondition = IngressRequested.class, dependsOn = "vod-service"),
        @Dependent(name = "vod-pdb", type = VodPodDisruptionBudgetDependent.class, reconcilePrecondition = SeveralReplicas.class),
})
public class PackagingGroupReconciler implements Reconciler<PackagingGroup> {

    static final String ORIGIN_AVAILABLE = "OriginAvailable";
    static final String ORIGIN_STARTING = "OriginStarting";
    static final String RECONCILE_ERROR = "ReconcileError";

    @Inject
    OperatorSettings settings;
    @Inject
    StatusConditions conditions;
    @Inject
    Clock clock;

    /**
     * The group's Assets and PackagingConfigurations: the Secrets they name (sources, key servers,
     * static keys) are mounted in the origin, so a new or changed one re-reconciles its group.
     */
    @Override
    public List<EventSource<?, PackagingGroup>> prepareEventSources(EventSourceContext<PackagingGroup> context) {
        Refs.indexByGroup(context, (PackagingGroup g) -> g.getMetadata().getName());
        return List.of(Refs.byGroup(context, Asset.class, "group-assets", (Asset a) -> a.getSpec() == null ? "" : a.getSpec().packagingGroupName),
                Refs.byGroup(context, dev.fount.api.v1alpha1.PackagingConfiguration.class, "group-configurations",
                        (dev.fount.api.v1alpha1.PackagingConfiguration c) -> c.getSpec() == null ? "" : c.getSpec().packagingGroupName));
    }

    @Override
    public UpdateControl<PackagingGroup> reconcile(PackagingGroup group, Context<PackagingGroup> context) {
        String name = group.getMetadata().getName();
        String service = ChildNames.groupOrigin(name);
        int available = context.getSecondaryResource(Deployment.class)
                .map(d -> d.getStatus() == null || d.getStatus().getAvailableReplicas() == null ? 0 : d.getStatus().getAvailableReplicas())
                .orElse(0);

        PackagingGroupStatus before = group.getStatus() == null ? new PackagingGroupStatus() : group.getStatus();
        PackagingGroupStatus next = new PackagingGroupStatus();
        next.conditions = new ArrayList<>(Refs.copy(before.conditions));
        Long generation = group.getMetadata().getGeneration();
        next.observedGeneration = generation;
        next.domainName = Urls.base(VodOrigin.origin(group), service, group.getMetadata().getNamespace(), settings.clusterDomain());
        if (available >= 1) {
            conditions.set(next.conditions, Condition.READY, Condition.Status.True, ORIGIN_AVAILABLE,
                    available + " of " + VodOrigin.replicas(group) + " origin pods of Deployment " + service + " available", generation);
        } else {
            conditions.set(next.conditions, Condition.READY, Condition.Status.False, ORIGIN_STARTING,
                    "No origin pod of Deployment " + service + " is available yet", generation);
        }
        return Refs.patchIfChanged(context, clock, group, before, next, group::setStatus);
    }

    @Override
    public ErrorStatusUpdateControl<PackagingGroup> updateErrorStatus(PackagingGroup group, Context<PackagingGroup> context, Exception e) {
        PackagingGroupStatus status = group.getStatus() == null ? new PackagingGroupStatus() : group.getStatus();
        Refs.setError(conditions, context, clock, group, status, e);
        group.setStatus(status);
        return ErrorStatusUpdateControl.patchStatus(group);
    }
}
