package dev.fount.operator.vod;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Inject;

import dev.fount.api.v1alpha1.Condition;
import dev.fount.api.v1alpha1.PackagingConfiguration;
import dev.fount.api.v1alpha1.PackagingConfigurationStatus;
import dev.fount.api.v1alpha1.PackagingGroup;
import dev.fount.operator.common.KeyServerReports;
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
 * PackagingConfiguration → status only: ResolvedRefs on its PackagingGroup (watched, so a
 * configuration created before its group recovers), Ready following it. The configuration's
 * packaging settings are read by the group's VOD origin itself.
 *
 * <p>An encrypted configuration also carries KeyServer: what the group's VOD origin says about the
 * key server ({@link KeyServerReports}), asked again every {@link OperatorSettings#keyServerRecheck()}.
 * It stays apart from Ready, as on OriginEndpoints.
 */
@ControllerConfiguration(name = "packagingconfiguration")
public class PackagingConfigurationReconciler implements Reconciler<PackagingConfiguration> {

    static final String CONFIGURED = "Configured";
    static final Duration UNRESOLVED_RECHECK = Duration.ofMinutes(2);

    @Inject
    StatusConditions conditions;
    @Inject
    Clock clock;
    @Inject
    OperatorSettings settings;
    @Inject
    KeyServerReports keyServers;

    private volatile InformerEventSource<PackagingGroup, PackagingConfiguration> groups;

    @Override
    public List<EventSource<?, PackagingConfiguration>> prepareEventSources(EventSourceContext<PackagingConfiguration> context) {
        Refs.indexByGroup(context, (PackagingConfiguration c) -> c.getSpec() == null ? "" : c.getSpec().packagingGroupName);
        groups = Refs.byGroup(context, PackagingGroup.class, "packaginggroups", (PackagingGroup g) -> g.getMetadata().getName());
        return List.of(groups);
    }

    @Override
    public UpdateControl<PackagingConfiguration> reconcile(PackagingConfiguration configuration, Context<PackagingConfiguration> context) {
        String ns = configuration.getMetadata().getNamespace();
        String groupName = configuration.getSpec().packagingGroupName;
        Optional<PackagingGroup> group = Refs.group(groups, ns, groupName);

        PackagingConfigurationStatus before = configuration.getStatus() == null ? new PackagingConfigurationStatus() : configuration.getStatus();
        PackagingConfigurationStatus next = new PackagingConfigurationStatus();
        next.conditions = new ArrayList<>(Refs.copy(before.conditions));
        Long generation = configuration.getMetadata().getGeneration();
        next.observedGeneration = generation;
        if (Refs.resolve(conditions, next.conditions, group, groupName, ns, generation)) {
            conditions.set(next.conditions, Condition.READY, Condition.Status.True, CONFIGURED,
                    "Assets of PackagingGroup " + groupName + " are packaged with this configuration", generation);
        }
        boolean encrypted = KeyServerReports.encrypted(configuration.getSpec());
        if (!encrypted) {
            StatusConditions.remove(next.conditions, Condition.KEY_SERVER);
        } else if (group.isPresent()) {
            KeyServerReports.apply(conditions, next.conditions,
                    keyServers.vod(ns, groupName, configuration.getMetadata().getName()), generation);
        } else {
            conditions.set(next.conditions, Condition.KEY_SERVER, Condition.Status.Unknown, KeyServerReports.ORIGIN_UNREACHABLE,
                    "no origin to ask: PackagingGroup " + groupName + " not found in namespace " + ns, generation);
        }
        UpdateControl<PackagingConfiguration> control = Refs.patchIfChanged(context, clock, configuration, before, next, configuration::setStatus);
        if (group.isEmpty()) {
            return control.rescheduleAfter(UNRESOLVED_RECHECK);
        }
        return encrypted ? control.rescheduleAfter(settings.keyServerRecheck()) : control;
    }

    @Override
    public ErrorStatusUpdateControl<PackagingConfiguration> updateErrorStatus(PackagingConfiguration configuration,
            Context<PackagingConfiguration> context, Exception e) {
        PackagingConfigurationStatus status = configuration.getStatus() == null ? new PackagingConfigurationStatus() : configuration.getStatus();
        Refs.setError(conditions, context, clock, configuration, status, e);
        configuration.setStatus(status);
        return ErrorStatusUpdateControl.patchStatus(configuration);
    }
}
