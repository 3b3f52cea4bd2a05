package dev.fount.origin.packager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.fount.api.v1alpha1.AdMarkers;
import dev.fount.api.v1alpha1.OriginEndpointSpec.Origination;
import dev.fount.api.v1alpha1.PlaylistType;
import dev.fount.api.v1alpha1.AdTrigger;
import dev.fount.api.v1alpha1.AdsOnDeliveryRestrictions;
import dev.fount.origin.config.AdTriggerSettings;
import dev.fount.origin.config.CmafSettings;
import dev.fount.origin.config.EndpointConfig;
import dev.fount.origin.config.HlsSettings;
import dev.fount.origin.config.StreamSelectionSettings;
import dev.fount.origin.media.MediaKind;
import dev.fount.origin.media.SpliceEvent;
import dev.fount.origin.packager.cmaf.CmafPackager;
import dev.fount.origin.packager.cmaf.FakeChannels;
import dev.fount.origin.packager.hls.HlsPackager;
import dev.fount.origin.timeline.ChannelView;

/**
 * Ad breaks from SCTE-35 on 2-second output segments, and the HLS ad markers written from them.
 * The test channel: one rendition, 30 segments of 2 s from PTS (1000 + i) × 2 s.
 */
class AdBreaksTest {

    private static final long SECOND = FakeChannels.SECOND;
    private static final AdTriggerSettings DEFAULT = AdTriggerSettings.DEFAULT;
    private static final List<FakeChannels.Rendition> ONE = List.of(new FakeChannels.Rendition("channel_0", true, "eng", 150_000));

    private static SpliceEvent out(long id, long pts, long duration) {
        return new SpliceEvent(pts, true, duration, id, -1, "T1VU" + id, "0xFC" + id);
    }

    private static SpliceEvent in(long id, long pts) {
        return new SpliceEvent(pts, false, -1, id, -1, "SU4=" + id, "0xFD" + id);
    }

    private static List<OutputSegment> segments(ChannelView view) {
        return OutputSegmenter.segments(view.rendition(1).orElseThrow(), 2);
    }

    @Test
    void aBreakAnnouncedAheadStartsAndReturnsOnSegmentBoundaries() {
        // Announced three times ahead (segments 8–10) for segment 12, 6 s long: segments 12–14 are the break.
        SpliceEvent signal = out(7, FakeChannels.pts(12), 6 * SECOND);
        ChannelView view = FakeChannels.channel(ONE, 30, -1, Map.of(8, List.of(signal), 9, List.of(signal), 10, List.of(signal)));
        List<OutputSegment> all = segments(view);
        long first = all.get(12).ordinal();
        List<AdBreaks.Break> breaks = AdBreaks.breaks(all, DEFAULT);
        assertEquals(1, breaks.size(), "repeats count once");
        AdBreaks.Break b = breaks.get(0);
        assertEquals(first, b.first());
        assertEquals(first + 3, b.end());
        assertEquals(6 * SECOND, b.durationTicks());
        Map<Long, AdBreaks.Marker> markers = AdBreaks.markers(all, DEFAULT);
        assertInstanceOf(AdBreaks.CueOut.class, markers.get(first));
        assertEquals(2 * SECOND, ((AdBreaks.CueOutCont) markers.get(first + 1)).elapsedTicks());
        assertEquals(4 * SECOND, ((AdBreaks.CueOutCont) markers.get(first + 2)).elapsedTicks());
        assertInstanceOf(AdBreaks.CueIn.class, markers.get(first + 3));
        assertEquals(4, markers.size());
        assertEquals(List.of(first, first + 3), List.copyOf(AdBreaks.boundaries(all, DEFAULT)));
    }

    @Test
    void anInSignalEndsABreakAndSplicesSnapToTheNearestBoundary() {
        // Out 0.6 s into segment 5 (nearer its start), in 1.4 s into segment 9 (nearer segment 10's start).
        ChannelView view = FakeChannels.channel(ONE, 30, -1, Map.of(
                5, List.of(out(1, FakeChannels.pts(5) + 54_000, -1)),
                9, List.of(in(1, FakeChannels.pts(9) + 126_000))));
        List<OutputSegment> all = segments(view);
        AdBreaks.Break b = AdBreaks.breaks(all, DEFAULT).get(0);
        assertEquals(all.get(5).ordinal(), b.first());
        assertEquals(all.get(10).ordinal(), b.end());
        assertEquals(10 * SECOND, b.durationTicks(), "no announced duration: measured once it ended");
        assertEquals("SU4=1", b.in().event().binary());
    }

    @Test
    void aBreakStillOpenHasNoEnd() {
        ChannelView view = FakeChannels.channel(ONE, 30, -1, Map.of(25, List.of(out(3, FakeChannels.pts(25), -1))));
        List<OutputSegment> all = segments(view);
        AdBreaks.Break b = AdBreaks.breaks(all, DEFAULT).get(0);
        assertEquals(-1, b.end());
        assertTrue(b.covers(all.get(29).ordinal()));
        assertFalse(AdBreaks.markers(all, DEFAULT).values().stream().anyMatch(m -> m instanceof AdBreaks.CueIn));
        // A signal for a time after the newest segment is not placed yet.
        ChannelView ahead = FakeChannels.channel(ONE, 30, -1, Map.of(29, List.of(out(4, FakeChannels.pts(35), 10 * SECOND))));
        assertTrue(AdBreaks.breaks(segments(ahead), DEFAULT).isEmpty());
    }

    /** MediaPackage's adTriggers and adsOnDeliveryRestrictions decide which signals are ads. */
    @Test
    void adTriggersAndDeliveryRestrictionsFilterSignals() {
        SpliceEvent insert = out(1, 0, -1);
        SpliceEvent restrictedPo = new SpliceEvent(0, true, -1, 2, 0x34, "", "", true);
        SpliceEvent unrestrictedPo = new SpliceEvent(0, true, -1, 3, 0x34, "", "", false);
        SpliceEvent breakStart = new SpliceEvent(0, true, -1, 4, 0x22, "", "", true);
        SpliceEvent chapter = new SpliceEvent(0, true, -1, 5, 0x20, "", "", true);
        assertTrue(AdBreaks.accepts(DEFAULT, insert));
        assertTrue(AdBreaks.accepts(DEFAULT, restrictedPo));
        assertFalse(AdBreaks.accepts(DEFAULT, unrestrictedPo), "RESTRICTED by default");
        assertFalse(AdBreaks.accepts(DEFAULT, breakStart), "BREAK is not a default trigger");
        assertFalse(AdBreaks.accepts(DEFAULT, chapter));
        AdTriggerSettings both = AdTriggerSettings.of(List.of(AdTrigger.BREAK, AdTrigger.PROVIDER_PLACEMENT_OPPORTUNITY), AdsOnDeliveryRestrictions.BOTH);
        assertTrue(AdBreaks.accepts(both, unrestrictedPo) && AdBreaks.accepts(both, breakStart));
        assertFalse(AdBreaks.accepts(both, insert), "SPLICE_INSERT not listed");
        AdTriggerSettings none = AdTriggerSettings.of(null, AdsOnDeliveryRestrictions.NONE);
        assertTrue(AdBreaks.accepts(none, insert), "splice_insert has no restrictions to judge");
        assertFalse(AdBreaks.accepts(none, restrictedPo));
        assertTrue(AdBreaks.accepts(AdTriggerSettings.of(null, AdsOnDeliveryRestrictions.UNRESTRICTED), unrestrictedPo));
        // A channel whose only signal is an unrestricted placement opportunity has no break by default.
        ChannelView view = FakeChannels.channel(ONE, 30, -1, Map.of(5, List.of(new SpliceEvent(FakeChannels.pts(6), true, 4 * SECOND, 3, 0x34,
                "", "", false))));
        assertTrue(AdBreaks.breaks(segments(view), DEFAULT).isEmpty());
        assertEquals(1, AdBreaks.breaks(segments(view), both).size());
    }

    @Test
    void hlsEnhancedMarkersFollowTheBreak() {
        ChannelView view = FakeChannels.channel(ONE, 30, -1, Map.of(20, List.of(out(9, FakeChannels.pts(22), 4 * SECOND))));
        HlsSettings hls = new HlsSettings(2, 60, PlaylistType.NONE, 0, AdMarkers.SCTE35_ENHANCED, false, false, StreamSelectionSettings.ALL);
        EndpointConfig endpoint = new EndpointConfig("live-hls", "live", "index", 0, 0, List.of(), Origination.ALLOW, Optional.of(hls));
        List<String> lines = HlsPackager.mediaPlaylist(view, endpoint, hls, 1).orElseThrow().lines().toList();
        String first = "index_1_" + segments(view).get(22).ordinal() + ".ts";
        int at = lines.indexOf(first);
        assertEquals(List.of("#EXT-OATCLS-SCTE35:T1VU9", "#EXT-X-CUE-OUT:4.000", "#EXTINF:2.000,", first), lines.subList(at - 3, at + 1), lines.toString());
        assertEquals("#EXT-X-CUE-OUT-CONT:ElapsedTime=2.000,Duration=4.000,SCTE35=T1VU9", lines.get(at + 1));
        assertEquals("#EXT-X-CUE-IN", lines.get(at + 4));
        // NONE writes nothing.
        HlsSettings none = new HlsSettings(2, 60, PlaylistType.NONE, 0, AdMarkers.NONE, false, false, StreamSelectionSettings.ALL);
        String plain = HlsPackager.mediaPlaylist(view, endpoint, none, 1).orElseThrow();
        assertFalse(plain.contains("CUE") || plain.contains("SCTE35"), plain);
    }

    @Test
    void cmafDateRangeMarkersCarryProgramDateTime() {
        ChannelView view = FakeChannels.channel(ONE, 30, -1, Map.of(20, List.of(out(9, FakeChannels.pts(22), -1)), 24,
                List.of(in(9, FakeChannels.pts(24)))));
        CmafSettings.Manifest dateranges = new CmafSettings.Manifest("dr", "index", 60, PlaylistType.NONE, 0, AdMarkers.DATERANGE, false);
        CmafSettings cmaf = new CmafSettings(2, "seg", List.of(dateranges), StreamSelectionSettings.ALL);
        EndpointConfig endpoint = new EndpointConfig("live-cmaf", "live", "index", 0, 0, List.of(), Origination.ALLOW, Optional.empty(),
                Optional.empty(), Optional.of(cmaf), Optional.empty());
        String p = CmafPackager.mediaPlaylist(view, endpoint, cmaf, "dr", 1, MediaKind.VIDEO).orElseThrow();
        List<String> ranges = p.lines().filter(l -> l.startsWith("#EXT-X-DATERANGE:")).toList();
        assertEquals(2, ranges.size(), p);
        long first = segments(view).get(22).ordinal();
        assertTrue(ranges.get(0).matches("#EXT-X-DATERANGE:ID=\"splice-9-" + first + "\",START-DATE=\"[^\"]+\",SCTE35-OUT=0xFC9"), ranges.get(0));
        assertTrue(ranges.get(1).matches("#EXT-X-DATERANGE:ID=\"splice-9-" + first + "\",START-DATE=\"[^\"]+\",END-DATE=\"[^\"]+\",DURATION=4.000,SCTE35-IN=0xFD9"),
                ranges.get(1));
        String start = ranges.get(0).replaceAll(".*START-DATE=\"([^\"]+)\".*", "$1");
        assertEquals(start, ranges.get(1).replaceAll(".*START-DATE=\"([^\"]+)\".*", "$1"), "both tags of a date range agree on its start");
        assertTrue(p.contains("#EXT-X-PROGRAM-DATE-TIME:"), "RFC 8216 §4.3.2.7: a playlist with EXT-X-DATERANGE has a program date time\n" + p);
    }
}
