package dev.fount.origin.packager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.fount.api.v1alpha1.AdMarkers;
import dev.fount.api.v1alpha1.OriginEndpointSpec.Origination;
import dev.fount.api.v1alpha1.PlaylistType;
import dev.fount.origin.config.EndpointConfig;
import dev.fount.origin.config.HlsSettings;
import dev.fount.origin.config.StreamSelectionSettings;
import dev.fount.origin.packager.cmaf.FakeChannels;
import dev.fount.origin.packager.hls.HlsPackager;
import dev.fount.origin.timeline.ChannelView;

/**
 * Time delay and time-shift windows on the test channel: 40 two-second segments per rendition,
 * segment i arriving at {@link FakeChannels#T0} + 2i s as it ends (so it covers T0 + 2i − 2 s to
 * T0 + 2i s on the wall clock), input slots numbered from 1000, a restart before segment 30.
 */
class AvailabilityTest {

    private static final Instant T0 = FakeChannels.T0;

    @Test
    void timeRangesParseIsoAndEpochSeconds() {
        TimeRange iso = TimeRange.parse("2026-11-26T10:00:10Z", "2026-11-26T12:00:10+01:00").orElseThrow();
        assertEquals(T0.plusSeconds(10), iso.start());
        assertEquals(T0.plusSeconds(3610), iso.end(), "the zone offset applies");
        TimeRange epoch = TimeRange.parse(String.valueOf(T0.getEpochSecond()), String.valueOf(T0.getEpochSecond() + 30)).orElseThrow();
        assertEquals(T0, epoch.start());
        assertEquals(T0.plusSeconds(30), epoch.end());
        assertTrue(TimeRange.parse(null, "").isEmpty());
        assertEquals(Instant.MIN, TimeRange.parse(null, String.valueOf(T0.getEpochSecond())).orElseThrow().start(), "open start");
        TimeRange.BadRange bad = assertThrows(TimeRange.BadRange.class, () -> TimeRange.parse("yesterday", null));
        assertTrue(bad.getMessage().contains("start=yesterday"), bad.getMessage());
        assertThrows(TimeRange.BadRange.class, () -> TimeRange.parse("2026-11-26T10:00:10Z", "2026-11-26T10:00:10Z"));
    }

    @Test
    void aDelayHidesWhatEndedTooRecently() {
        ChannelView view = FakeChannels.twoRenditions();
        // Segment 39 ends at T0 + 78 s: ten seconds of delay at T0 + 81 s leave segments 0–35 (ending by T0 + 71 s).
        ChannelView delayed = Availability.delayed(view, T0.plusSeconds(81 - 10));
        assertEquals(36, delayed.rendition(1).orElseThrow().segments().size());
        assertEquals(view.rendition(1).orElseThrow().runs(), delayed.rendition(1).orElseThrow().runs(), "runs kept: numbers stay");
        List<OutputSegment> all = OutputSegmenter.segments(view.rendition(1).orElseThrow(), 2);
        List<OutputSegment> seen = OutputSegmenter.segments(delayed.rendition(1).orElseThrow(), 2);
        assertEquals(all.subList(0, seen.size()), seen, "the delayed view's segments are the full view's, numbers and all");
    }

    @Test
    void aWindowTakesTheWholeOutputSegmentsItOverlaps() {
        ChannelView view = FakeChannels.twoRenditions();
        // 6 s output segments: three input slots aligned on slot numbers (999–1001, …), so segments 11–13 start a
        // group at T0 + 20 s; 21 s to 33 s overlaps that group and the next two.
        Availability.Window w = Availability.window(view, new TimeRange(T0.plusSeconds(21), T0.plusSeconds(33)), 6);
        List<OutputSegment> full = OutputSegmenter.segments(view.rendition(1).orElseThrow(), 6);
        List<OutputSegment> cut = OutputSegmenter.segments(w.view().rendition(1).orElseThrow(), 6);
        assertEquals(3, cut.size());
        assertTrue(full.containsAll(cut), "same numbers and parts as in the full view");
        assertEquals(T0.plusSeconds(20), cut.get(0).programDateTime());
        assertTrue(w.complete());
        Availability.Window open = Availability.window(view, new TimeRange(T0.plusSeconds(70), Instant.MAX), 6);
        assertFalse(open.complete(), "a window reaching past the newest media is still growing");
        Availability.OutsideArchive outside = assertThrows(Availability.OutsideArchive.class,
                () -> Availability.window(view, new TimeRange(T0.minusSeconds(3600), T0.minusSeconds(3000)), 6));
        assertTrue(outside.getMessage().contains("outside the available range " + T0.minusSeconds(2) + " to "), outside.getMessage());
    }

    /** An ended window is on-demand in DASH (a static MPD) and Smooth Streaming (no IsLive). */
    @Test
    void anEndedWindowIsStaticDashAndOnDemandSmooth() {
        ChannelView view = FakeChannels.twoRenditions();
        Availability.Window w = Availability.window(view, new TimeRange(T0.plusSeconds(21), T0.plusSeconds(33)), 6);
        dev.fount.origin.config.DashSettings dash = new dev.fount.origin.config.DashSettings(6, 15 * 24 * 3600, 30, 15, 25,
                dev.fount.api.v1alpha1.DashPackage.Profile.NONE, dev.fount.api.v1alpha1.DashPackage.ManifestLayout.FULL,
                dev.fount.api.v1alpha1.DashPackage.SegmentTemplateFormat.NUMBER_WITH_TIMELINE, List.of(),
                dev.fount.api.v1alpha1.DashPackage.UtcTiming.NONE, null, false, StreamSelectionSettings.ALL);
        EndpointConfig endpoint = new EndpointConfig("live-dash", "live", "index", 0, 0, List.of(), Origination.ALLOW, Optional.empty(),
                Optional.of(dash), Optional.empty(), Optional.empty());
        String mpd = dev.fount.origin.packager.dash.DashPackager.mpd(w.view(), endpoint, dash, T0.plusSeconds(100), null, true);
        assertTrue(mpd.contains("type=\"static\""), mpd);
        assertTrue(mpd.contains("mediaPresentationDuration=\"PT18S\""), "three 6 s segments: " + mpd);
        assertTrue(mpd.contains("<Period id=\"p0\" start=\"PT0S\" duration=\"PT18S\""), mpd);
        assertFalse(mpd.contains("availabilityStartTime") || mpd.contains("minimumUpdatePeriod") || mpd.contains("timeShiftBufferDepth"), mpd);

        dev.fount.origin.config.MssSettings mss = new dev.fount.origin.config.MssSettings(6, 15 * 24 * 3600, StreamSelectionSettings.ALL);
        EndpointConfig mssEndpoint = new EndpointConfig("live-mss", "live", "index", 0, 0, List.of(), Origination.ALLOW, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of(mss));
        String manifest = dev.fount.origin.packager.mss.MssPackager.manifest(w.view(), mssEndpoint, mss,
                dev.fount.origin.packager.mss.TrackFormats.NONE, false).orElseThrow();
        assertFalse(manifest.contains("IsLive"), manifest);
        assertTrue(manifest.contains("Duration=\"" + 18 * 90_000 + "\""), manifest);
        String video = manifest.substring(manifest.indexOf("<StreamIndex Type=\"video\""), manifest.indexOf("</StreamIndex>"));
        java.util.regex.Matcher c = java.util.regex.Pattern.compile("<c [^>]*/>").matcher(video);
        int chunks = 0;
        while (c.find()) {
            java.util.regex.Matcher r = java.util.regex.Pattern.compile(" r=\"(\\d+)\"").matcher(c.group());
            chunks += r.find() ? Integer.parseInt(r.group(1)) : 1; // [MS-SSTR] r counts the fragments that share d
        }
        assertEquals(3, chunks, "the window's three fragments: " + manifest);
    }

    @Test
    void aWindowedHlsPlaylistListsTheWindow() {
        ChannelView view = FakeChannels.twoRenditions();
        HlsSettings vod = new HlsSettings(6, 15 * 24 * 3600, PlaylistType.VOD, 0, AdMarkers.NONE, false, false, StreamSelectionSettings.ALL);
        EndpointConfig endpoint = new EndpointConfig("live-hls", "live", "index", 0, 0, List.of(), Origination.ALLOW, Optional.of(vod));
        Availability.Window w = Availability.window(view, new TimeRange(T0.plusSeconds(21), T0.plusSeconds(33)), 6);
        String p = HlsPackager.mediaPlaylist(w.view(), endpoint, vod, 1).orElseThrow();
        assertTrue(p.contains("#EXT-X-PLAYLIST-TYPE:VOD\n"), p);
        assertEquals(3, p.lines().filter(l -> l.startsWith("#EXTINF:")).count(), p);
    }
}
