package dev.fount.origin.packager;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.fount.api.v1alpha1.AdTrigger;
import dev.fount.origin.config.AdTriggerSettings;
import dev.fount.origin.media.Pts;
import dev.fount.origin.media.SpliceEvent;
import dev.fount.origin.timeline.ServedSegment;

/**
 * The ad breaks that SCTE-35 signals in a rendition's ingested segments, placed on its output
 * segments: what HLS ad markers and DASH ad Periods are made of. A break starts at the segment
 * boundary nearest its splice point (an encoder that conditions its output for ads cuts a
 * segment there, so this is usually exact) and ends at the boundary nearest its return: the
 * explicit in-signal, else the out-signal's time plus its duration.
 *
 * <p>Encoders repeat a signal ahead of its splice; repeats (same event id, direction and time)
 * count once.
 */
public final class AdBreaks {

    private AdBreaks() {
    }

    /** A splice signal at its place on the timeline (unwrapped 90 kHz). */
    public record Timed(long ticks, SpliceEvent event) {
    }

    /**
     * One break.
     *
     * @param out      the signal that starts it
     * @param in       the signal that ends it, or null when it returns by its duration or is still open
     * @param first    ordinal of its first output segment
     * @param end      ordinal of the segment it returns at (the first after it), or -1 while open
     * @param startTicks where the first segment starts
     * @param durationTicks the announced duration, or the measured one when the signal gave none and
     *                 the break has ended; -1 when neither is known
     */
    public record Break(Timed out, Timed in, long first, long end, long startTicks, long durationTicks) {

        public boolean covers(long ordinal) {
            return ordinal >= first && (end < 0 || ordinal < end);
        }
    }

    /** What a playlist writes before one segment. */
    public sealed interface Marker permits CueOut, CueOutCont, CueIn {
    }

    /** The break starts with this segment. */
    public record CueOut(Break b) implements Marker {
    }

    /** The segment is inside the break, {@code elapsedTicks} after it started. */
    public record CueOutCont(Break b, long elapsedTicks) implements Marker {
    }

    /** The break ended just before this segment. */
    public record CueIn(Break b) implements Marker {
    }

    /**
     * Whether an endpoint takes the signal as an ad: its type among the ad triggers (a
     * splice_insert is SPLICE_INSERT; a time_signal's segmentation type names the rest) and, for a
     * segmentation descriptor, its delivery restrictions as adsOnDeliveryRestrictions asks
     * (a splice_insert carries none and is an ad whenever SPLICE_INSERT is a trigger).
     */
    public static boolean accepts(AdTriggerSettings ads, SpliceEvent e) {
        AdTrigger trigger = trigger(e.segmentationTypeId());
        if (trigger == null || !ads.triggers().contains(trigger)) {
            return false;
        }
        if (trigger == AdTrigger.SPLICE_INSERT || e.deliveryRestricted() == null) {
            return true;
        }
        return switch (ads.restrictions()) {
            case NONE -> false;
            case RESTRICTED -> e.deliveryRestricted();
            case UNRESTRICTED -> !e.deliveryRestricted();
            case BOTH -> true;
        };
    }

    /** SCTE 35 Table 22: each start/end pair of segmentation types and the ad trigger naming it. */
    static AdTrigger trigger(int segmentationTypeId) {
        return switch (segmentationTypeId) {
            case -1 -> AdTrigger.SPLICE_INSERT;
            case 0x22, 0x23 -> AdTrigger.BREAK;
            case 0x30, 0x31 -> AdTrigger.PROVIDER_ADVERTISEMENT;
            case 0x32, 0x33 -> AdTrigger.DISTRIBUTOR_ADVERTISEMENT;
            case 0x34, 0x35 -> AdTrigger.PROVIDER_PLACEMENT_OPPORTUNITY;
            case 0x36, 0x37 -> AdTrigger.DISTRIBUTOR_PLACEMENT_OPPORTUNITY;
            case 0x38, 0x39 -> AdTrigger.PROVIDER_OVERLAY_PLACEMENT_OPPORTUNITY;
            case 0x3A, 0x3B -> AdTrigger.DISTRIBUTOR_OVERLAY_PLACEMENT_OPPORTUNITY;
            default -> null;
        };
    }

    /** Every signal the endpoint takes as an ad in the segments' parts, in time order, repeats dropped. */
    public static List<Timed> signals(List<OutputSegment> segments, AdTriggerSettings ads) {
        List<Timed> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (OutputSegment s : segments) {
            for (ServedSegment part : s.parts()) {
                for (SpliceEvent e : part.source().probe().splices()) {
                    if (!accepts(ads, e)) {
                        continue;
                    }
                    long ticks = part.start() + Pts.relative(e.pts(), part.source().probe().startPts());
                    if (seen.add(e.eventId() + ":" + e.out() + ":" + ticks)) {
                        out.add(new Timed(ticks, e));
                    }
                }
            }
        }
        out.sort(java.util.Comparator.comparingLong(Timed::ticks));
        return out;
    }

    /** The breaks of a rendition's output segments, oldest first. */
    public static List<Break> breaks(List<OutputSegment> segments, AdTriggerSettings ads) {
        List<Break> breaks = new ArrayList<>();
        if (segments.isEmpty()) {
            return breaks;
        }
        Timed open = null;
        for (Timed t : signals(segments, ads)) {
            if (t.event().out()) {
                if (open != null) {
                    add(breaks, segments, open, t, false);
                }
                open = t;
            } else if (open != null) {
                add(breaks, segments, open, t, true);
                open = null;
            }
        }
        if (open != null) {
            add(breaks, segments, open, null, false);
        }
        return breaks;
    }

    /** Closes {@code out}'s break at {@code next} (an in-signal, or a new out-signal that cuts it short), or by its duration. */
    private static void add(List<Break> breaks, List<OutputSegment> segments, Timed out, Timed next, boolean explicitIn) {
        OutputSegment first = boundary(segments, out.ticks());
        if (first == null) {
            return; // after the newest segment: not placed yet
        }
        long announced = out.event().durationTicks();
        long returnTicks = -1;
        if (explicitIn) {
            returnTicks = next.ticks();
        } else if (announced >= 0) {
            returnTicks = next == null ? out.ticks() + announced : Math.min(out.ticks() + announced, next.ticks());
        } else if (next != null) {
            returnTicks = next.ticks();
        }
        long end = -1;
        if (returnTicks >= 0) {
            OutputSegment back = boundary(segments, returnTicks);
            end = back == null ? -1 : back.ordinal();
            if (back != null && back.ordinal() <= first.ordinal()) {
                return; // shorter than half a segment on either side: nothing to mark
            }
        }
        long duration = announced >= 0 ? announced : end >= 0 ? startOf(segments, end) - first.start() : -1;
        breaks.add(new Break(out, explicitIn ? next : null, first.ordinal(), end, first.start(), duration));
    }

    private static long startOf(List<OutputSegment> segments, long ordinal) {
        return segments.stream().filter(s -> s.ordinal() == ordinal).findFirst().map(OutputSegment::start).orElseThrow();
    }

    /** The segment whose start is the boundary nearest {@code ticks}: the first whose midpoint is after it; null past the newest. */
    static OutputSegment boundary(List<OutputSegment> segments, long ticks) {
        for (OutputSegment s : segments) {
            if (s.start() + s.duration() / 2 > ticks) {
                return s;
            }
        }
        return null;
    }

    /** Per output segment ordinal, the marker before it. */
    public static Map<Long, Marker> markers(List<OutputSegment> segments, AdTriggerSettings ads) {
        Map<Long, Marker> markers = new HashMap<>();
        for (Break b : breaks(segments, ads)) {
            for (OutputSegment s : segments) {
                if (s.ordinal() == b.first()) {
                    markers.put(s.ordinal(), new CueOut(b));
                } else if (b.covers(s.ordinal()) && s.ordinal() > b.first()) {
                    markers.put(s.ordinal(), new CueOutCont(b, s.start() - b.startTicks()));
                } else if (s.ordinal() == b.end()) {
                    markers.putIfAbsent(s.ordinal(), new CueIn(b));
                }
            }
        }
        return markers;
    }

    /** The ordinals where a break starts or ends: where DASH's ADS period trigger starts a Period. */
    public static TreeSet<Long> boundaries(List<OutputSegment> segments, AdTriggerSettings ads) {
        TreeSet<Long> out = new TreeSet<>();
        for (Break b : breaks(segments, ads)) {
            out.add(b.first());
            if (b.end() >= 0) {
                out.add(b.end());
            }
        }
        return out;
    }
}
