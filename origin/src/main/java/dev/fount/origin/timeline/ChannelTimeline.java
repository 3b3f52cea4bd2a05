package dev.fount.origin.timeline;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

/**
 * A channel's timeline: what each ingest endpoint delivered, which one is served, and the
 * served segments per rendition. Input switching: the endpoint that delivers first is served;
 * when it delivers nothing for 1.5 nominal segment durations while the other keeps delivering,
 * the other takes over, starting right after the last served segment (no gap when the
 * encoders are time-locked; a discontinuity when their timestamps differ).
 */
public final class ChannelTimeline {

    private static final Logger LOG = Logger.getLogger(ChannelTimeline.class);
    private static final int RECEIVED_PER_RENDITION = 64;

    private final String channel;
    private final Map<String, RenditionTimeline> renditions = new LinkedHashMap<>();
    private final Map<String, Integer> positions = new HashMap<>();
    private final Map<String, Map<String, Deque<InputSegment>>> received = new HashMap<>();
    private final Map<String, Instant> lastArrival = new HashMap<>();
    private final PtsUnwrapper unwrapper = new PtsUnwrapper();
    private String activeInput;
    private long nominalTicks;
    /** The last picture handed out; rebuilt only after a change, so requests between segments copy nothing. */
    private ChannelView view;

    public ChannelTimeline(String channel) {
        this.channel = channel;
    }

    /** The encoder's multivariant playlist names its renditions; their order fixes their positions. */
    public synchronized void declareRenditions(List<String> renditionIds) {
        view = null;
        for (String id : renditionIds) {
            positions.computeIfAbsent(id, k -> positions.size() + 1);
        }
    }

    /**
     * A segment an ingest endpoint received and the encoder's playlist now lists.
     *
     * @param nominalSeconds the input's nominal segment duration (the median EXTINF of its playlist)
     */
    public synchronized void onSegment(InputSegment segment, double nominalSeconds) {
        view = null;
        Instant now = segment.arrival();
        lastArrival.put(segment.input(), now);
        received.computeIfAbsent(segment.input(), k -> new HashMap<>())
                .computeIfAbsent(segment.rendition(), k -> new ArrayDeque<>()).addLast(segment);
        Deque<InputSegment> recent = received.get(segment.input()).get(segment.rendition());
        while (recent.size() > RECEIVED_PER_RENDITION) {
            recent.removeFirst();
        }
        long nominal = Math.max(1, Math.round(nominalSeconds * ServedSegment.TICKS_PER_SECOND));
        if (nominalTicks == 0) {
            nominalTicks = nominal;
        }
        if (activeInput == null) {
            activeInput = segment.input();
        }
        if (!segment.input().equals(activeInput)) {
            Instant activeLast = lastArrival.get(activeInput);
            long stallMillis = Math.max(1000, nominalTicks * 1500 / ServedSegment.TICKS_PER_SECOND);
            if (activeLast != null && Duration.between(activeLast, now).toMillis() <= stallMillis) {
                return; // the active input is healthy: this one is the standby
            }
            LOG.infof("channel %s: ingest endpoint %s stopped delivering; switching to %s", channel, activeInput, segment.input());
            activeInput = segment.input();
            received.getOrDefault(activeInput, Map.of()).forEach((rendition, segments) -> {
                for (InputSegment s : segments) {
                    append(s, nominal);
                }
            });
            return;
        }
        append(segment, nominal);
    }

    private void append(InputSegment s, long nominal) {
        RenditionTimeline timeline = renditions.computeIfAbsent(s.rendition(),
                id -> new RenditionTimeline(id, positions.computeIfAbsent(id, k -> positions.size() + 1)));
        timeline.append(s, unwrapper.unwrap(s.probe().startPts()), nominal);
    }

    /** Keeps the newest {@code keep} of media per rendition (the longest window any endpoint serves). */
    public synchronized void trim(Duration keep) {
        view = null;
        long ticks = keep.toMillis() * ServedSegment.TICKS_PER_SECOND / 1000;
        renditions.values().forEach(r -> r.trim(ticks));
    }

    public synchronized ChannelView view() {
        if (view != null) {
            return view;
        }
        List<RenditionView> views = new ArrayList<>();
        renditions.values().forEach(r -> views.add(r.view()));
        views.sort(java.util.Comparator.comparingInt(RenditionView::position));
        view = new ChannelView(channel, List.copyOf(views), activeInput);
        return view;
    }
}
