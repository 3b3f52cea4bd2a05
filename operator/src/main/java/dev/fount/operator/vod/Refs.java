package dev.fount.operator.vod;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.fount.api.v1alpha1.Condition;
import dev.fount.api.v1alpha1.FountStatus;
import dev.fount.api.v1alpha1.PackagingGroup;
import dev.fount.operator.common.EventRecorder;
import dev.fount.operator.common.StatusConditions;
import dev.fount.operator.endpoint.OriginEndpointReconciler;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

/**
 * What the reference-only VOD kinds (PackagingConfiguration, Asset) share: the watch on the
 * PackagingGroup they name, through an index on spec.packagingGroupName, so a resource created
 * before its group recovers when the group appears; status patching only on change.
 */
final class Refs {

    static final String GROUP_INDEX = "packagingGroup";
    static final String GROUP_NOT_FOUND = "PackagingGroupNotFound";
    static final String RESOLVED = "Resolved";
    static final String RECONCILE_ERROR = "ReconcileError";

    private Refs() {
    }

    static String key(String namespace, String group) {
        return namespace + "/" + group;
    }

    /** Indexes the primaries by the group they name; call once per controller, before {@link #byGroup}. */
    static <P extends HasMetadata> void indexByGroup(EventSourceContext<P> context, Function<P, String> primaryGroup) {
        context.getPrimaryCache().addIndexers(Map.of(GROUP_INDEX, p -> List.of(key(p.getMetadata().getNamespace(), primaryGroup.apply(p)))));
    }

    /**
     * An event source on {@code type} that maps each of its resources to the primaries of the
     * group it is, or names ({@code secondaryGroup}); needs {@link #indexByGroup}.
     */
    static <R extends HasMetadata, P extends HasMetadata> InformerEventSource<R, P> byGroup(
            EventSourceContext<P> context, Class<R> type, String name, Function<R, String> secondaryGroup) {
        var config = InformerEventSourceConfiguration.from(type, context.getPrimaryResourceClass())
                .withName(name)
                .withNamespacesInheritedFromController()
                .withSecondaryToPrimaryMapper((R r) -> context.getPrimaryCache()
                        .byIndex(GROUP_INDEX, key(r.getMetadata().getNamespace(), secondaryGroup.apply(r)))
                        .stream().map(ResourceID::fromResource).collect(Collectors.toSet()))
                .build();
        return new InformerEventSource<>(config, context);
    }

    static Optional<PackagingGroup> group(InformerEventSource<PackagingGroup, ?> groups, String namespace, String name) {
        return groups.get(new ResourceID(name, namespace));
    }

    /** Sets ResolvedRefs (and, when unresolved, Ready False) for the group reference; true when resolved. */
    static boolean resolve(StatusConditions conditions, List<Condition> into, Optional<PackagingGroup> group, String groupName, String namespace, Long generation) {
        if (group.isPresent()) {
            conditions.set(into, Condition.RESOLVED_REFS, Condition.Status.True, RESOLVED, "PackagingGroup " + groupName + " exists", generation);
            return true;
        }
        String message = "PackagingGroup " + groupName + " not found in namespace " + namespace;
        conditions.set(into, Condition.RESOLVED_REFS, Condition.Status.False, GROUP_NOT_FOUND, message, generation);
        conditions.set(into, Condition.READY, Condition.Status.False, GROUP_NOT_FOUND, message, generation);
        return false;
    }

    static List<Condition> copy(List<Condition> conditions) {
        List<Condition> out = new ArrayList<>();
        if (conditions != null) {
            for (Condition c : conditions) {
                out.add(new Condition(c.type, c.status, c.observedGeneration, c.lastTransitionTime, c.reason, c.message));
            }
        }
        return out;
    }

    /** Records an Event on a Ready (or KeyServer) transition and patches status only when it changed. */
    static <P extends HasMetadata, S extends FountStatus> UpdateControl<P> patchIfChanged(Context<P> context, Clock clock, P resource,
            S before, S next, Consumer<S> setStatus) {
        List<Condition> was = before.conditions == null ? List.of() : before.conditions;
        EventRecorder events = new EventRecorder(context.getClient(), clock);
        events.onReadyTransition(resource, was, next.conditions);
        events.onTransition(resource, Condition.KEY_SERVER, was, next.conditions);
        if (OriginEndpointReconciler.sameJson(before, next)) {
            return UpdateControl.noUpdate();
        }
        setStatus.accept(next);
        return UpdateControl.patchStatus(resource);
    }

    /** updateErrorStatus: Ready False ReconcileError with the exception's message, in place. */
    static <P extends HasMetadata> void setError(StatusConditions conditions, Context<P> context, Clock clock, P resource, FountStatus status, Exception e) {
        if (status.conditions == null) {
            status.conditions = new ArrayList<>();
        }
        List<Condition> before = copy(status.conditions);
        conditions.set(status.conditions, Condition.READY, Condition.Status.False, RECONCILE_ERROR,
                e.getClass().getSimpleName() + ": " + e.getMessage(), resource.getMetadata().getGeneration());
        new dev.fount.operator.common.EventRecorder(context.getClient(), clock).onReadyTransition(resource, before, status.conditions);
    }
}
