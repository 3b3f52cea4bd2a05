package dev.fount.origin.packager;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.fount.origin.timeline.RenditionView;
import dev.fount.origin.timeline.Run;
import dev.fount.origin.timeline.ServedSegment;

/**
 * Groups a rendition's served segments into output segments of an endpoint's duration.
 * MediaPackage rounds the requested duration to a multiple of the input's; so does this: a
 * group is {@code ratio} consecutive input slots, aligned on absolute slot numbers in the
 * channel's first run (so replicas agree) and restarting at each later run. Media sequence
 * numbers stay consecutive across runs: each run continues where the previous one ended.
 */
public final class OutputSegmenter {

    private OutputSegmenter() {
    }

    /** How many input segments make one output segment. */
    public static int ratio(RenditionView rendition, int segmentDurationSeconds) {
        if (rendition.nominalDuration() <= 0) {
            return 1;
        }
        return (int) Math.max(1, Math.round(segmentDurationSeconds * (double) ServedSegment.TICKS_PER_SECOND / rendition.nominalDuration()));
    }

    /**
     * The complete output segments, oldest first. The newest group is left out until no more input
     * can join it, unless the rendition has {@link RenditionView#ended ended}.
     */
    public static List<OutputSegment> segments(RenditionView rendition, int segmentDurationSeconds) {
        if (rendition.segments().isEmpty()) {
            return List.of();
        }
        int ratio = ratio(rendition, segmentDurationSeconds);
        Map<Integer, Long> offsetByRun = offsets(rendition.runs(), ratio);
        Map<Integer, Run> runByNumber = new HashMap<>();
        rendition.runs().forEach(r -> runByNumber.put(r.number(), r));
        int firstRun = rendition.runs().get(0).number();
        List<OutputSegment> out = new ArrayList<>();
        List<ServedSegment> group = new ArrayList<>();
        long groupKey = Long.MIN_VALUE;
        int groupRun = -1;
        for (ServedSegment s : rendition.segments()) {
            long key = groupOf(s, runByNumber.get(s.run()), firstRun, offsetByRun, ratio);
            if (!group.isEmpty() && (key != groupKey || s.run() != groupRun)) {
                out.add(new OutputSegment(groupKey, List.copyOf(group), group.get(0).discontinuitySequence()));
                group.clear();
            }
            group.add(s);
            groupKey = key;
            groupRun = s.run();
        }
        if (!group.isEmpty() && (group.size() >= ratio || rendition.ended())) {
            out.add(new OutputSegment(groupKey, List.copyOf(group), group.get(0).discontinuitySequence()));
        }
        return out;
    }

    /** The first run aligns on absolute slots (replicas agree); later runs group from their own start. */
    private static long groupOf(ServedSegment s, Run run, int firstRun, Map<Integer, Long> offsetByRun, int ratio) {
        long slot = run.number() == firstRun ? s.index() : s.index() - run.firstIndex();
        return Math.floorDiv(slot, ratio) + offsetByRun.get(s.run());
    }

    /** Per run, what to add to its group number to get the media sequence number. */
    private static Map<Integer, Long> offsets(List<Run> runs, int ratio) {
        Map<Integer, Long> offsets = new HashMap<>();
        long next = 0;
        for (int i = 0; i < runs.size(); i++) {
            Run run = runs.get(i);
            if (i == 0) {
                offsets.put(run.number(), 0L);
                next = Math.floorDiv(run.lastIndex(), ratio) + 1;
            } else {
                offsets.put(run.number(), next);
                next = next + Math.floorDiv(run.lastIndex() - run.firstIndex(), ratio) + 1;
            }
        }
        return offsets;
    }
}
