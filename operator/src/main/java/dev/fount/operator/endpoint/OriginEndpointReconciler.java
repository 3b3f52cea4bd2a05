package dev.fount.operator.endpoint;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.fount.api.v1alpha1.Channel;
import dev.fount.api.v1alpha1.Condition;
import dev.fount.api.v1alpha1.OriginEndpoint;
import dev.fount.api.v1alpha1.OriginEndpointStatus;
import dev.fount.operator.common.EventRecorder;
import dev.fount.operator.common.KeyServerReports;
import dev.fount.operator.common.OperatorSettings;
import dev.fount.operator.common.StatusConditions;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

/**
 * OriginEndpoint → status only: ResolvedRefs on its Channel, the playback URL(s), Ready and, when
 * encrypted, KeyServer.
 *
 * <p>The endpoint needs no Ingress of its own: when the Channel asks for one
 * (spec.origin.ingress), the Channel's Ingress routes all of {@code /out/v1/<channel>/} to the
 * channel's egress Service, which covers every endpoint of the channel.
 *
 * <p>Channels are watched (not owned): creating, changing or deleting a Channel re-reconciles the
 * endpoints that name it, found through an index on spec.channelName, so an endpoint created
 * before its Channel recovers by itself.
 *
 * <p>An encrypted endpoint also carries KeyServer: what the channel's origin says about the key
 * server ({@link KeyServerReports}), asked again every {@link OperatorSettings#keyServerRecheck()}
 * since nothing announces a key server's failure or recovery. It stays apart from Ready: while
 * the key server fails, clear media and media already keyed still play.
 */
@ControllerConfiguration(name = "originendpoint")
public class OriginEndpointReconciler implements Reconciler<OriginEndpoint> {

    static final String CHANNEL_INDEX = "channel";
    static final String CHANNEL_NOT_FOUND = "ChannelNotFound";
    static final String RESOLVED = "Resolved";
    static final String PUBLISHED = "Published";
    static final String RECONCILE_ERROR = "ReconcileError";
    /** Belt and braces next to the Channel watch: look again now and then while unresolved. */
    static final Duration UNRESOLVED_RECHECK = Duration.ofMinutes(2);

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    OperatorSettings settings;
    @Inject
    StatusConditions conditions;
    @Inject
    Clock clock;
    @Inject
    KeyServerReports keyServers;

    private volatile InformerEventSource<Channel, OriginEndpoint> channels;

    @Override
    public List<EventSource<?, OriginEndpoint>> prepareEventSources(EventSourceContext<OriginEndpoint> context) {
        context.getPrimaryCache().addIndexers(java.util.Map.of(CHANNEL_INDEX, e -> List.of(channelKey(e))));
        var config = InformerEventSourceConfiguration.from(Channel.class, OriginEndpoint.class)
                .withName("channels")
                .withNamespacesInheritedFromController()
                .withSecondaryToPrimaryMapper((Channel channel) -> context.getPrimaryCache()
                        .byIndex(CHANNEL_INDEX, channel.getMetadata().getNamespace() + "/" + channel.getMetadata().getName())
                        .stream().map(ResourceID::fromResource).collect(Collectors.toSet()))
                .withPrimaryToSecondaryMapper((OriginEndpoint e) -> Set.of(
                        new ResourceID(e.getSpec().channelName, e.getMetadata().getNamespace())))
                .build();
        channels = new InformerEventSource<>(config, context);
        return List.of(channels);
    }

    static String channelKey(OriginEndpoint endpoint) {
        return endpoint.getMetadata().getNamespace() + "/" + (endpoint.getSpec() == null ? "" : endpoint.getSpec().channelName);
    }

    @Override
    public UpdateControl<OriginEndpoint> reconcile(OriginEndpoint endpoint, Context<OriginEndpoint> context) {
        String ns = endpoint.getMetadata().getNamespace();
        String channelName = endpoint.getSpec().channelName;
        Optional<Channel> channel = channels.get(new ResourceID(channelName, ns));

        OriginEndpointStatus before = endpoint.getStatus() == null ? new OriginEndpointStatus() : endpoint.getStatus();
        OriginEndpointStatus next = new OriginEndpointStatus();
        next.conditions = new ArrayList<>(before.conditions == null ? List.of() : copy(before.conditions));
        Long generation = endpoint.getMetadata().getGeneration();
        next.observedGeneration = generation;

        if (channel.isPresent()) {
            EndpointUrls.Playback playback = EndpointUrls.of(endpoint, channel.get(), settings.clusterDomain());
            next.url = playback.url();
            next.hlsManifests = new ArrayList<>(playback.hlsManifests());
            conditions.set(next.conditions, Condition.RESOLVED_REFS, Condition.Status.True, RESOLVED,
                    "Channel " + channelName + " exists", generation);
            conditions.set(next.conditions, Condition.READY, Condition.Status.True, PUBLISHED,
                    "Playback at " + next.url, generation);
        } else {
            // No URL while the channel is missing: an old URL would point at nothing.
            String message = "Channel " + channelName + " not found in namespace " + ns;
            conditions.set(next.conditions, Condition.RESOLVED_REFS, Condition.Status.False, CHANNEL_NOT_FOUND, message, generation);
            conditions.set(next.conditions, Condition.READY, Condition.Status.False, CHANNEL_NOT_FOUND, message, generation);
        }
        boolean encrypted = KeyServerReports.encrypted(endpoint.getSpec());
        if (!encrypted) {
            StatusConditions.remove(next.conditions, Condition.KEY_SERVER);
        } else if (channel.isPresent()) {
            KeyServerReports.apply(conditions, next.conditions, keyServers.live(ns, channelName, endpoint.getMetadata().getName()), generation);
        } else {
            conditions.set(next.conditions, Condition.KEY_SERVER, Condition.Status.Unknown, KeyServerReports.ORIGIN_UNREACHABLE,
                    "no origin to ask: Channel " + channelName + " not found in namespace " + ns, generation);
        }

        List<Condition> was = before.conditions == null ? List.of() : before.conditions;
        EventRecorder events = new EventRecorder(context.getClient(), clock);
        events.onReadyTransition(endpoint, was, next.conditions);
        events.onTransition(endpoint, Condition.KEY_SERVER, was, next.conditions);
        UpdateControl<OriginEndpoint> control;
        if (sameJson(before, next)) {
            control = UpdateControl.noUpdate();
        } else {
            endpoint.setStatus(next);
            control = UpdateControl.patchStatus(endpoint);
        }
        if (channel.isEmpty()) {
            return control.rescheduleAfter(UNRESOLVED_RECHECK);
        }
        return encrypted ? control.rescheduleAfter(settings.keyServerRecheck()) : control;
    }

    @Override
    public ErrorStatusUpdateControl<OriginEndpoint> updateErrorStatus(OriginEndpoint endpoint, Context<OriginEndpoint> context, Exception e) {
        OriginEndpointStatus status = endpoint.getStatus() == null ? new OriginEndpointStatus() : endpoint.getStatus();
        List<Condition> before = copy(status.conditions == null ? List.of() : status.conditions);
        if (status.conditions == null) {
            status.conditions = new ArrayList<>();
        }
        conditions.set(status.conditions, Condition.READY, Condition.Status.False, RECONCILE_ERROR,
                String.valueOf(e.getMessage()), endpoint.getMetadata().getGeneration());
        new EventRecorder(context.getClient(), clock).onReadyTransition(endpoint, before, status.conditions);
        endpoint.setStatus(status);
        return ErrorStatusUpdateControl.patchStatus(endpoint);
    }

    static List<Condition> copy(List<Condition> conditions) {
        List<Condition> out = new ArrayList<>();
        for (Condition c : conditions) {
            out.add(new Condition(c.type, c.status, c.observedGeneration, c.lastTransitionTime, c.reason, c.message));
        }
        return out;
    }

    /** Status equality by content (the API types have no equals). */
    public static boolean sameJson(Object a, Object b) {
        return Objects.equals(JSON.valueToTree(a), JSON.valueToTree(b));
    }
}
