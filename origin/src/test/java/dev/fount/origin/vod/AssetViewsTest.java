package dev.fount.origin.vod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.fount.origin.packager.OutputSegment;
import dev.fount.origin.packager.OutputSegmenter;
import dev.fount.origin.timeline.ChannelView;
import dev.fount.origin.timeline.Probes;
import dev.fount.origin.timeline.RenditionView;

class AssetViewsTest {

    /** A 41 s rendition in 2 s input segments (the last 1 s), starting at the lead. */
    static AssetIndex.Rendition rendition(String id) {
        List<AssetIndex.Segment> segments = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            long start = AssetViews.LEAD + i * 180_000L;
            long duration = i == 20 ? 90_000 : 180_000;
            segments.add(new AssetIndex.Segment(start, duration, Probes.segment(start, duration), "s3://b/" + id + i + ".ts", null, null, null, null));
        }
        return new AssetIndex.Rendition(id, 180_000, 0, null, segments);
    }

    @Test
    void outputSegmentsAreWholeFromTheFirstAndTheShortLastIsKept() {
        AssetIndex index = new AssetIndex("s3://b/index.m3u8", 41 * 90_000L, List.of(rendition("hi"), rendition("lo")));
        ChannelView view = AssetViews.view("asset-1", index, (n, r, s) -> null);
        assertEquals(2, view.renditions().size());
        for (RenditionView r : view.renditions()) {
            assertTrue(r.ended());
            List<OutputSegment> six = OutputSegmenter.segments(r, 6);
            assertEquals(7, six.size(), "6 whole 6 s segments and the 5 s rest");
            assertEquals(List.of(3, 3, 3, 3, 3, 3, 3), six.stream().map(o -> o.parts().size()).toList());
            assertEquals(540_000, six.get(0).duration());
            assertEquals(450_000, six.get(6).duration());
            assertEquals(AssetViews.LEAD, six.get(0).start());
        }
        assertEquals(List.of(1, 2), view.renditions().stream().map(RenditionView::position).toList());
    }
}
