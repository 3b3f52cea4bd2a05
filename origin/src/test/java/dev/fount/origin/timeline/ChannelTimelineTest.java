package dev.fount.origin.timeline;

import static dev.fount.origin.timeline.Probes.SECOND;
import static dev.fount.origin.timeline.Probes.input;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class ChannelTimelineTest {

    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    @Test
    void indicesComeFromMediaTimeSoReplicasAgree() {
        ChannelTimeline a = new ChannelTimeline("live");
        ChannelTimeline b = new ChannelTimeline("live");
        long base = 1_000 * 2 * SECOND;   // the encoder has been running for a while
        for (int i = 0; i < 10; i++) {
            a.onSegment(input("1", "channel_0", i, base + i * 2 * SECOND, 2 * SECOND, false, T0.plusSeconds(2L * i)), 2.0);
            if (i >= 4) {   // b starts later, with the same input
                b.onSegment(input("1", "channel_0", i, base + i * 2 * SECOND, 2 * SECOND, false, T0.plusSeconds(2L * i)), 2.0);
            }
        }
        ServedSegment lastA = last(a);
        ServedSegment lastB = last(b);
        assertEquals(1009, lastA.index());
        assertEquals(lastA.index(), lastB.index());
    }

    @Test
    void aTimestampJumpStartsANewRunWithTheNextIndex() {
        ChannelTimeline t = new ChannelTimeline("live");
        for (int i = 0; i < 3; i++) {
            t.onSegment(input("1", "r", i, 100 * SECOND + i * 2 * SECOND, 2 * SECOND, false, T0.plusSeconds(2L * i)), 2.0);
        }
        // Encoder restart: timestamps begin again near zero.
        t.onSegment(input("1", "r", 3, 2 * SECOND, 2 * SECOND, false, T0.plusSeconds(6)), 2.0);
        t.onSegment(input("1", "r", 4, 4 * SECOND, 2 * SECOND, false, T0.plusSeconds(8)), 2.0);
        List<ServedSegment> s = t.view().renditions().get(0).segments();
        assertEquals(List.of(50L, 51L, 52L, 53L, 54L), s.stream().map(ServedSegment::index).toList());
        assertEquals(List.of(0L, 0L, 0L, 1L, 1L), s.stream().map(ServedSegment::discontinuitySequence).toList());
        assertEquals(2, t.view().renditions().get(0).runs().size());
    }

    @Test
    void anEncoderDiscontinuityTagStartsANewRun() {
        ChannelTimeline t = new ChannelTimeline("live");
        t.onSegment(input("1", "r", 0, 0, 2 * SECOND, false, T0), 2.0);
        t.onSegment(input("1", "r", 1, 2 * SECOND, 2 * SECOND, true, T0.plusSeconds(2)), 2.0);
        assertEquals(List.of(0L, 1L), t.view().renditions().get(0).segments().stream().map(ServedSegment::discontinuitySequence).toList());
    }

    @Test
    void theStandbyTakesOverWithoutAGapWhenTheActiveInputStops() {
        ChannelTimeline t = new ChannelTimeline("live");
        // Both encoders are time-locked: same timestamps. Input 1 stops after segment 4.
        for (int i = 0; i < 10; i++) {
            Instant at = T0.plusSeconds(2L * i);
            if (i <= 4) {
                t.onSegment(input("1", "r", i, i * 2 * SECOND, 2 * SECOND, false, at), 2.0);
            }
            t.onSegment(input("2", "r", i, i * 2 * SECOND, 2 * SECOND, false, at.plusMillis(100)), 2.0);
        }
        RenditionView r = t.view().renditions().get(0);
        assertEquals("2", t.view().activeInput());
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), r.segments().stream().map(ServedSegment::index).toList());
        assertEquals(1, r.runs().size(), "no discontinuity: the standby carried the same timestamps");
        assertEquals(List.of("1", "1", "1", "1", "1", "2", "2", "2", "2", "2"), r.segments().stream().map(s -> s.source().input()).toList());
    }

    @Test
    void ptsWrapKeepsMediaTimeMonotonic() {
        ChannelTimeline t = new ChannelTimeline("live");
        long wrap = 1L << 33;
        t.onSegment(input("1", "r", 0, wrap - 2 * SECOND, 2 * SECOND, false, T0), 2.0);
        t.onSegment(input("1", "r", 1, 0, 2 * SECOND, false, T0.plusSeconds(2)), 2.0);
        List<ServedSegment> s = t.view().renditions().get(0).segments();
        assertEquals(wrap, s.get(1).start());
        assertEquals(1, t.view().renditions().get(0).runs().size(), "a wrap is not a discontinuity");
    }

    private static ServedSegment last(ChannelTimeline t) {
        List<ServedSegment> s = t.view().renditions().get(0).segments();
        return s.get(s.size() - 1);
    }
}
