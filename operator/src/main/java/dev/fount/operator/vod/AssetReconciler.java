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
 * re-reconciles the group's Assets), each with the state the group's VOD origin reports
 * ({@link AssetReports}): QUEUED → PROCESSING → PLAYABLE, or FAILED with the origin's reason.
 * Until the asset is PLAYABLE or FAILED the reconciler asks again every few seconds; while the
 * origin cannot be reached the endpoints stay QUEUED and Ready says why.
 */
@ControllerConfiguration(name = "asset")
public class AssetReconciler implements Reconciler<Asset> {

    static final String QUEUED = "Queued";
    static final String PROCESSING = "Processing";
    static final String PLAYABLE = "Playable";
    static final String FAILED = "Failed";
    static final Duration UNRESOLVED_RECHECK = Duration.ofMinutes(2);
    /** How often the origin is asked again while the asset is being indexed. */
    static final Duration INDEXING_RECHECK = Duration.ofSeconds(5);

    @Inject
    OperatorSettings settings;
    @Inject
    StatusConditions conditions;
    @Inject
    Clock clock;
    @Inject
    AssetReports reports;

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
        boolean settled = false;
        if (Refs.resolve(conditions, next.conditions, group, groupName, ns, generation)) {
            List<PackagingConfiguration> ofGroup = configurations
                    .list(ns, c -> c.getSpec() != null && groupName.equals(c.getSpec().packagingGroupName))
                    .sorted(Comparator.comparing(c -> c.getMetadata().getName()))
                    .toList();
            AssetReports.Report report = null;
            String unreachable = null;
            if (!ofGroup.isEmpty()) {
                try {
                    report = reports.fetch(group.get(), asset.getMetadata().getName());
                } catch (java.io.IOException e) {
                    unreachable = e.getMessage();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    unreachable = "interrupted";
                }
            }
            for (PackagingConfiguration c : ofGroup) {
                AssetStatus.EgressEndpoint e = new AssetStatus.EgressEndpoint();
                e.packagingConfigurationName = c.getMetadata().getName();
                e.url = AssetUrls.url(group.get(), asset.getMetadata().getName(), c, settings.clusterDomain());
                e.status = report == null ? AssetStatus.EgressEndpoint.Status.QUEUED
                        : report.configurations().getOrDefault(e.packagingConfigurationName, AssetStatus.EgressEndpoint.Status.QUEUED);
                e.message = e.status == AssetStatus.EgressEndpoint.Status.FAILED ? report.message() : null;
                next.egressEndpoints.add(e);
            }
            ready(next, ofGroup.size(), groupName, report, unreachable, generation);
            settled = report != null && (report.status() == AssetStatus.EgressEndpoint.Status.PLAYABLE
                    || report.status() == AssetStatus.EgressEndpoint.Status.FAILED);
        }
        UpdateControl<Asset> control = Refs.patchIfChanged(context, clock, asset, before, next, asset::setStatus);
        if (group.isEmpty()) {
            return control.rescheduleAfter(UNRESOLVED_RECHECK);
        }
        return settled ? control : control.rescheduleAfter(INDEXING_RECHECK);
    }

    /** Ready from the origin's report: True once PLAYABLE; False with the stage or the failure otherwise. */
    private void ready(AssetStatus next, int configurations, String groupName, AssetReports.Report report, String unreachable, Long generation) {
        if (configurations == 0) {
            conditions.set(next.conditions, Condition.READY, Condition.Status.False, QUEUED,
                    "PackagingGroup " + groupName + " has no PackagingConfiguration yet", generation);
        } else if (report == null) {
            conditions.set(next.conditions, Condition.READY, Condition.Status.False, QUEUED,
                    "waiting for the VOD origin of PackagingGroup " + groupName + ": " + unreachable, generation);
        } else {
            switch (report.status()) {
                case PLAYABLE -> conditions.set(next.conditions, Condition.READY, Condition.Status.True, PLAYABLE,
                        "playable through " + configurations + " configuration(s)", generation);
                case FAILED -> conditions.set(next.conditions, Condition.READY, Condition.Status.False, FAILED, report.message(), generation);
                case PROCESSING -> conditions.set(next.conditions, Condition.READY, Condition.Status.False, PROCESSING, report.message(), generation);
                default -> conditions.set(next.conditions, Condition.READY, Condition.Status.False, QUEUED, report.message(), generation);
            }
        }
    }

    @Override
    public ErrorStatusUpdateControl<Asset> updateErrorStatus(Asset asset, Context<Asset> context, Exception e) {
        AssetStatus status = asset.getStatus() == null ? new AssetStatus() : asset.getStatus();
        Refs.setError(conditions, context, clock, asset, status, e);
        asset.setStatus(status);
        return ErrorStatusUpdateControl.patchStatus(asset);
    }
}
