package dev.fount.origin.packager;

import static dev.fount.origin.timeline.Probes.SECOND;
import static dev.fount.origin.timeline.Probes.input;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.fount.origin.timeline.ChannelTimeline;
import dev.fount.origin.timeline.RenditionView;

class OutputSegmenterTest {

    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    @Test
    void sixSecondOutputJoinsThreeTwoSecondInputsAlignedOnMediaTime() {
        RenditionView r = rendition(101, 10, -1);   // slots 101..110
        List<OutputSegment> out = OutputSegmenter.segments(r, 6);
        // slots 101 (group 33, partial: the origin joined mid-group), 102-104 (34), 105-107 (35), 108-110 (36)
        assertEquals(List.of(33L, 34L, 35L, 36L), out.stream().map(OutputSegment::ordinal).toList());
        assertEquals(List.of(1, 3, 3, 3), out.stream().map(o -> o.parts().size()).toList());
        assertEquals(6 * SECOND, out.get(1).duration());
    }

    @Test
    void theNewestGroupWaitsUntilItIsComplete() {
        RenditionView r = rendition(102, 4, -1);    // slots 102..105: group 34 complete, 35 holds only 105
        assertEquals(List.of(34L), OutputSegmenter.segments(r, 6).stream().map(OutputSegment::ordinal).toList());
    }

    @Test
    void sequenceNumbersStayConsecutiveAcrossADiscontinuity() {
        RenditionView r = rendition(102, 8, 4);     // slots 102-105, then a jump: 106-109 in a new run
        List<OutputSegment> out = OutputSegmenter.segments(r, 6);
        List<Long> ordinals = out.stream().map(OutputSegment::ordinal).toList();
        for (int i = 1; i < ordinals.size(); i++) {
            assertEquals(ordinals.get(i - 1) + 1, ordinals.get(i), "consecutive: " + ordinals);
        }
        assertEquals(List.of(34L, 35L, 36L), ordinals);
        assertEquals(List.of(0L, 0L, 1L), out.stream().map(OutputSegment::discontinuitySequence).toList());
        // The old run ends with a short segment (slot 105 alone); the new run groups from its own start,
        // and its newest group (slot 109 alone) waits for more input.
        assertEquals(List.of(3, 1, 3), out.stream().map(o -> o.parts().size()).toList());
    }

    @Test
    void equalDurationsMapOneToOne() {
        RenditionView r = rendition(500, 5, -1);
        assertEquals(List.of(500L, 501L, 502L, 503L, 504L), OutputSegmenter.segments(r, 2).stream().map(OutputSegment::ordinal).toList());
    }

    /** {@code count} 2-second segments from slot {@code firstSlot}; a timestamp jump before the {@code jumpAt}-th. */
    static RenditionView rendition(long firstSlot, int count, int jumpAt) {
        ChannelTimeline t = new ChannelTimeline("live");
        long pts = firstSlot * 2 * SECOND;
        for (int i = 0; i < count; i++) {
            if (i == jumpAt) {
                pts += 3600 * SECOND;
            }
            t.onSegment(input("1", "r", i, pts, 2 * SECOND, false, T0.plusSeconds(2L * i)), 2.0);
            pts += 2 * SECOND;
        }
        return t.view().renditions().get(0);
    }
}
