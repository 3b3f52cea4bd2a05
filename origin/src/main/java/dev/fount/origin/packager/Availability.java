package dev.fount.origin.packager;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.fount.origin.timeline.ChannelView;
import dev.fount.origin.timeline.RenditionView;
import dev.fount.origin.timeline.ServedSegment;

/**
 * What a viewer of an endpoint may see of a channel, on the wall clock of the segments (their
 * program date time): with {@code timeDelaySeconds}, only media that ended that long ago; with
 * a time-shift window, only the output segments that overlap it. Both narrow the view the
 * packagers read, keeping each rendition's runs, so every output segment keeps its number and
 * its parts (a window takes whole output segments).
 */
public final class Availability {

    private Availability() {
    }

    /** The view without the media that ended after {@code cutoff} (the live edge moved back). */
    public static ChannelView delayed(ChannelView view, Instant cutoff) {
        List<RenditionView> renditions = new ArrayList<>();
        for (RenditionView r : view.renditions()) {
            List<ServedSegment> kept = r.segments().stream().filter(s -> !end(s).isAfter(cutoff)).toList();
            renditions.add(kept.size() == r.segments().size() ? r : with(r, kept));
        }
        return new ChannelView(view.channel(), renditions, view.activeInput());
    }

    /**
     * A time-shift window over the view.
     *
     * @param view     the renditions with only the output segments that overlap the window
     * @param complete the window ends before the newest media does: nothing more will join it
     *                 (an HLS VOD playlist, a static MPD)
     */
    public record Window(ChannelView view, boolean complete) {
    }

    /** Why a window cannot be served: it misses the media kept, named. */
    public static final class OutsideArchive extends IllegalArgumentException {
        OutsideArchive(String message) {
            super(message);
        }
    }

    /**
     * The output segments (of {@code segmentDurationSeconds}) that overlap {@code range}.
     *
     * @throws OutsideArchive when no rendition has media in the range; the message names the
     *                        range the archive holds
     */
    public static Window window(ChannelView view, TimeRange range, int segmentDurationSeconds) {
        List<RenditionView> renditions = new ArrayList<>();
        Instant oldest = null;
        Instant newest = null;
        boolean any = false;
        for (RenditionView r : view.renditions()) {
            List<OutputSegment> all = OutputSegmenter.segments(r, segmentDurationSeconds);
            if (all.isEmpty()) {
                renditions.add(r);
                continue;
            }
            Instant first = all.get(0).programDateTime();
            Instant last = end(all.get(all.size() - 1));
            oldest = oldest == null || first.isBefore(oldest) ? first : oldest;
            newest = newest == null || last.isAfter(newest) ? last : newest;
            Set<Long> parts = new HashSet<>();
            for (OutputSegment o : all) {
                if (range.overlaps(o.programDateTime(), end(o))) {
                    o.parts().forEach(p -> parts.add(p.index()));
                }
            }
            any |= !parts.isEmpty();
            renditions.add(with(r, r.segments().stream().filter(s -> parts.contains(s.index())).toList()));
        }
        if (!any) {
            throw new OutsideArchive(oldest == null ? "channel " + view.channel() + " has no media yet"
                    : "the requested range " + text(range.start()) + " to " + text(range.end()) + " is outside the available range "
                            + oldest + " to " + newest);
        }
        return new Window(new ChannelView(view.channel(), renditions, view.activeInput()), !range.end().isAfter(newest));
    }

    private static String text(Instant i) {
        return i.equals(Instant.MIN) ? "the start" : i.equals(Instant.MAX) ? "now" : i.toString();
    }

    private static Instant end(ServedSegment s) {
        return s.programDateTime().plus(Duration.ofNanos(s.duration() * 1_000_000_000L / ServedSegment.TICKS_PER_SECOND));
    }

    private static Instant end(OutputSegment s) {
        return s.programDateTime().plus(Duration.ofNanos(s.duration() * 1_000_000_000L / ServedSegment.TICKS_PER_SECOND));
    }

    private static RenditionView with(RenditionView r, List<ServedSegment> segments) {
        return new RenditionView(r.id(), r.position(), r.streams(), r.nominalDuration(), segments, r.runs(), r.ended());
    }
}
