package dev.fount.operator.vod;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Inject;

import dev.fount.api.v1alpha1.Asset;
import dev.fount.api.v1alpha1.AssetStatus;
import dev.fount.api.v1alpha1.Condition;
import dev.fount.api.v1alpha1.PackagingConfiguration;
import dev.fount.api.v1alpha1.PackagingGroup;
import dev.fount.operator.common.OperatorSettings;
import dev.fount.operator.common.StatusConditions;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

/**
 * Asset → status only: ResolvedRefs on its PackagingGroup, and one egress endpoint per
 * PackagingConfiguration of the group (configurations are watched: creating or deleting one
 * re-reconciles the group's Assets).
 *
 * <p>Every endpoint is QUEUED. The origin's VOD indexing, which would move an endpoint to
 * PROCESSING, PLAYABLE or FAILED and report it back to the operator, does not exist yet (a later
 * issue); until it does the operator cannot know more, so Ready stays False with reason Queued
 * rather than claiming the asset plays.
 */
@ControllerConfiguration(name = "asset")
public class AssetReconciler implements Reconciler<Asset> {

    static final String QUEUED = "Queued";
    static final Duration UNRESOLVED_RECHECK = Duration.ofMinutes(2);

    @Inject
    OperatorSettings settings;
    @Inject
    StatusConditions conditions;
    @Inject
    Clock clock;

    private volatile InformerEventSource<PackagingGroup, Asset> groups;
    private volatile InformerEventSource<PackagingConfiguration, Asset> configurations;

    @Override
    public List<EventSource<?, Asset>> prepareEventSources(EventSourceContext<Asset> context) {
        Refs.indexByGroup(context, (Asset a) -> a.getSpec() == null ? "" : a.getSpec().packagingGroupName);
        groups = Refs.byGroup(context, PackagingGroup.class, "packaginggroups", (PackagingGroup g) -> g.getMetadata().getName());
        configurations = Refs.byGroup(context, PackagingConfiguration.class, "packagingconfigurations",
                (PackagingConfiguration c) -> c.getSpec() == null ? "" : c.getSpec().packagingGroupName);
        return List.of(groups, configurations);
    }

    @Override
    public UpdateControl<Asset> reconcile(Asset asset, Context<Asset> context) {
        String ns = asset.getMetadata().getNamespace();
        String groupName = asset.getSpec().packagingGroupName;
        Optional<PackagingGroup> group = Refs.group(groups, ns, groupName);

        AssetStatus before = asset.getStatus() == null ? new AssetStatus() : asset.getStatus();
        AssetStatus next = new AssetStatus();
        next.conditions = new ArrayList<>(Refs.copy(before.conditions));
        Long generation = asset.getMetadata().getGeneration();
        next.observedGeneration = generation;
        if (Refs.resolve(conditions, next.conditions, group, groupName, ns, generation)) {
            List<PackagingConfiguration> ofGroup = configurations
                    .list(ns, c -> c.getSpec() != null && groupName.equals(c.getSpec().packagingGroupName))
                    .sorted(Comparator.comparing(c -> c.getMetadata().getName()))
                    .toList();
            for (PackagingConfiguration c : ofGroup) {
                AssetStatus.EgressEndpoint e = new AssetStatus.EgressEndpoint();
                e.packagingConfigurationName = c.getMetadata().getName();
                e.url = AssetUrls.url(group.get(), asset.getMetadata().getName(), c, settings.clusterDomain());
                // QUEUED until the origin's VOD indexing exists and reports progress (later issue).
                e.status = AssetStatus.EgressEndpoint.Status.QUEUED;
                next.egressEndpoints.add(e);
            }
            conditions.set(next.conditions, Condition.READY, Condition.Status.False, QUEUED,
                    ofGroup.isEmpty()
                            ? "PackagingGroup " + groupName + " has no PackagingConfiguration yet"
                            : "Queued for " + ofGroup.size() + " configuration(s); the origin has not indexed the asset (VOD indexing is not implemented yet)",
                    generation);
        }
        UpdateControl<Asset> control = Refs.patchIfChanged(context, clock, asset, before, next, asset::setStatus);
        return group.isPresent() ? control : control.rescheduleAfter(UNRESOLVED_RECHECK);
    }

    @Override
    public ErrorStatusUpdateControl<Asset> updateErrorStatus(Asset asset, Context<Asset> context, Exception e) {
        AssetStatus status = asset.getStatus() == null ? new AssetStatus() : asset.getStatus();
        Refs.setError(conditions, context, clock, asset, status, e);
        asset.setStatus(status);
        return ErrorStatusUpdateControl.patchStatus(asset);
    }
}
