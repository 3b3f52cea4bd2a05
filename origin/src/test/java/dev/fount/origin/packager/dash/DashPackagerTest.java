package dev.fount.origin.packager.dash;

import static dev.fount.origin.timeline.Probes.SECOND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import dev.fount.api.v1alpha1.DashPackage.ManifestLayout;
import dev.fount.api.v1alpha1.DashPackage.PeriodTrigger;
import dev.fount.api.v1alpha1.DashPackage.Profile;
import dev.fount.api.v1alpha1.DashPackage.SegmentTemplateFormat;
import dev.fount.api.v1alpha1.DashPackage.UtcTiming;
import dev.fount.api.v1alpha1.OriginEndpointSpec.Origination;
import dev.fount.api.v1alpha1.StreamSelection.StreamOrder;
import dev.fount.origin.config.DashSettings;
import dev.fount.origin.config.EndpointConfig;
import dev.fount.origin.config.StreamSelectionSettings;
import dev.fount.origin.media.ByteRange;
import dev.fount.origin.media.ElementaryStream;
import dev.fount.origin.media.KeyFrame;
import dev.fount.origin.media.MediaKind;
import dev.fount.origin.media.SegmentProbe;
import dev.fount.origin.packager.OutputSegment;
import dev.fount.origin.packager.OutputSegmenter;
import dev.fount.origin.packager.dash.DashNames.Track;
import dev.fount.origin.timeline.ChannelTimeline;
import dev.fount.origin.timeline.ChannelView;
import dev.fount.origin.timeline.InputSegment;
import dev.fount.origin.timeline.Probes;
import dev.fount.origin.timeline.Run;

class DashPackagerTest {

    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00.250Z");
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00.123Z");
    private static final String TIMING = "https://origin.example/time";
    private static final long MASK = (1L << 33) - 1;

    // ------------------------------------------------------------------ fixtures

    private static DashSettings dash(int segment, int window, SegmentTemplateFormat format, ManifestLayout layout) {
        return new DashSettings(segment, window, 30, 15, 25, Profile.NONE, layout, format, List.of(), UtcTiming.NONE, null, false,
                StreamSelectionSettings.ALL);
    }

    private static DashSettings dash(int segment, int window) {
        return dash(segment, window, SegmentTemplateFormat.NUMBER_WITH_TIMELINE, ManifestLayout.FULL);
    }

    private static DashSettings with(DashSettings d, Profile profile, UtcTiming timing, String uri, boolean iframes,
            StreamSelectionSettings selection) {
        return new DashSettings(d.segmentDurationSeconds(), d.manifestWindowSeconds(), d.minBufferTimeSeconds(), d.minUpdatePeriodSeconds(),
                d.suggestedPresentationDelaySeconds(), profile, d.manifestLayout(), d.segmentTemplateFormat(), d.periodTriggers(), timing, uri,
                iframes, selection);
    }

    private static EndpointConfig endpoint(DashSettings dash) {
        return new EndpointConfig("live-dash", "live", "index", 0, 0, List.of(), Origination.ALLOW, Optional.empty(), Optional.of(dash),
                Optional.empty(), Optional.empty());
    }

    /** A rendition of the test ladder. */
    private record Spec(String id, long videoBytes, int width, int height, String language, boolean video) {
    }

    private static final Spec HD = new Spec("channel_0", 300_000, 1280, 720, "eng", true);
    private static final Spec SD = new Spec("channel_1", 150_000, 640, 360, "eng", true);

    /** A probe of one segment: H.264 (one key frame) + AAC whose first frame is {@code audioOffset} from the video's. */
    private static SegmentProbe probe(Spec spec, long pts, long duration, long audioOffset) {
        List<ElementaryStream> streams = new ArrayList<>();
        if (spec.video()) {
            streams.add(new ElementaryStream(256, 0x1B, MediaKind.VIDEO, "avc1", "avc1.4d401f", spec.width(), spec.height(), 25.0, null, null,
                    null, pts & MASK, (pts + duration - 3600) & MASK, spec.videoBytes(), (int) (duration / 3600)));
        }
        long audio = pts + audioOffset;
        streams.add(new ElementaryStream(257, 0x0F, MediaKind.AUDIO, "mp4a", "mp4a.40.2", null, null, null, 48000, 2, spec.language(),
                audio & MASK, (audio + duration - 1920) & MASK, 24_000, (int) (duration / 1920)));
        long start = spec.video() ? pts : audio;
        List<KeyFrame> keys = spec.video() ? List.of(new KeyFrame(pts & MASK, new ByteRange(376, 18_800))) : List.of();
        return new SegmentProbe(streams, start & MASK, duration, keys, new ByteRange(0, 376), spec.videoBytes() + 30_000);
    }

    /** Builds a channel: {@code durations[i]} ticks per input segment, arriving when it ends; a restart at {@code restartAt}. */
    private static final class Channel {
        final ChannelTimeline timeline = new ChannelTimeline("live");
        final List<Spec> specs;
        long pts;
        int n;
        Instant wall = T0;
        long audioOffset;
        List<dev.fount.origin.media.SpliceEvent> signals = List.of();

        Channel(long startPts, Spec... specs) {
            this.specs = List.of(specs);
            this.pts = startPts;
            timeline.declareRenditions(this.specs.stream().map(Spec::id).toList());
        }

        Channel add(int count, long duration) {
            for (int i = 0; i < count; i++) {
                wall = wall.plusNanos(duration * 100_000 / 9);
                for (Spec s : specs) {
                    SegmentProbe p = probe(s, pts, duration, audioOffset);
                    p = new SegmentProbe(p.streams(), p.startPts(), p.durationTicks(), p.keyFrames(), p.programTables(), p.bytes(), signals);
                    timeline.onSegment(new InputSegment("1", s.id(), s.id() + "_" + n + ".ts", Path.of("/nonexistent"),
                            p, duration / (double) SECOND, false, null, wall), 2.0);
                }
                signals = List.of();
                pts += duration;
                n++;
            }
            return this;
        }

        /** The next segment carries these SCTE-35 signals. */
        Channel signal(dev.fount.origin.media.SpliceEvent... events) {
            signals = List.of(events);
            return this;
        }

        /** The encoder restarts: timestamps jump to {@code newPts}. */
        Channel restart(long newPts) {
            pts = newPts;
            return this;
        }

        ChannelView view() {
            return timeline.view();
        }
    }

    // ------------------------------------------------------------------ MPD reading

    private static Element parse(String xml) {
        try {
            Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
            return d.getDocumentElement();
        } catch (Exception e) {
            throw new AssertionError("not XML: " + xml, e);
        }
    }

    private static List<Element> children(Element e, String name) {
        List<Element> out = new ArrayList<>();
        for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element x && x.getTagName().equals(name)) {
                out.add(x);
            }
        }
        return out;
    }

    private static Element child(Element e, String name) {
        List<Element> c = children(e, name);
        assertTrue(c.size() <= 1, "more than one " + name);
        return c.isEmpty() ? null : c.get(0);
    }

    private static List<Element> all(Element e, String name) {
        List<Element> out = new ArrayList<>();
        var list = e.getElementsByTagName(name);
        for (int i = 0; i < list.getLength(); i++) {
            out.add((Element) list.item(i));
        }
        return out;
    }

    private static Element representation(Element period, String id) {
        return all(period, "Representation").stream().filter(r -> r.getAttribute("id").equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no Representation " + id));
    }

    /** The SegmentTemplate that applies to a Representation: its own or its AdaptationSet's. */
    private static Element template(Element representation) {
        Element own = child(representation, "SegmentTemplate");
        return own != null ? own : child((Element) representation.getParentNode(), "SegmentTemplate");
    }

    private record S(long number, long t, long d) {
    }

    /** A SegmentTimeline expanded as a player does: numbers from startNumber, t carried over, r repeats. */
    private static List<S> timeline(Element template) {
        long number = template.hasAttribute("startNumber") ? Long.parseLong(template.getAttribute("startNumber")) : 1;
        List<S> out = new ArrayList<>();
        long t = 0;
        for (Element s : children(child(template, "SegmentTimeline"), "S")) {
            if (s.hasAttribute("t")) {
                t = Long.parseLong(s.getAttribute("t"));
            }
            long d = Long.parseLong(s.getAttribute("d"));
            int r = s.hasAttribute("r") ? Integer.parseInt(s.getAttribute("r")) : 0;
            for (int i = 0; i <= r; i++) {
                out.add(new S(number++, t, d));
                t += d;
            }
        }
        return out;
    }

    private static Duration xsDuration(Element e, String attribute) {
        return Duration.parse(e.getAttribute(attribute));
    }

    /** When a segment of a Period ends on the wall clock, as a player computes it: AST + Period@start + (t + d − PTO) / timescale. */
    private static Instant availableAt(Element period, Element template, S s) {
        long pto = Long.parseLong(template.getAttribute("presentationTimeOffset"));
        long timescale = Long.parseLong(template.getAttribute("timescale"));
        return Instant.EPOCH.plus(xsDuration(period, "start")).plusNanos((s.t() + s.d() - pto) * 1_000_000_000L / timescale);
    }

    private static List<OutputSegment> segments(ChannelView view, int position, int seconds) {
        return OutputSegmenter.segments(view.rendition(position).orElseThrow(), seconds);
    }

    private static Run run(ChannelView view, int position, int number) {
        return view.rendition(position).orElseThrow().runs().stream().filter(r -> r.number() == number).findFirst().orElseThrow();
    }

    // ------------------------------------------------------------------ tests

    @Test
    void aDynamicMpdWithTheEndpointsTiming() {
        ChannelView view = new Channel(1000 * 2 * SECOND, HD, SD).add(30, 2 * SECOND).view();
        DashSettings dash = dash(6, 60);
        String xml = DashPackager.mpd(view, endpoint(dash), dash, NOW, TIMING);
        assertTrue(xml.startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<MPD "), xml);
        Element mpd = parse(xml);
        assertEquals("urn:mpeg:dash:schema:mpd:2011", mpd.getAttribute("xmlns"));
        assertEquals("dynamic", mpd.getAttribute("type"));
        assertEquals("urn:mpeg:dash:profile:isoff-live:2011", mpd.getAttribute("profiles"));
        assertEquals("1970-01-01T00:00:00Z", mpd.getAttribute("availabilityStartTime"));
        assertEquals(NOW, Instant.parse(mpd.getAttribute("publishTime")));
        assertEquals(Duration.ofSeconds(15), xsDuration(mpd, "minimumUpdatePeriod"));
        assertEquals(Duration.ofSeconds(60), xsDuration(mpd, "timeShiftBufferDepth"));
        assertEquals(Duration.ofSeconds(30), xsDuration(mpd, "minBufferTime"));
        assertEquals(Duration.ofSeconds(25), xsDuration(mpd, "suggestedPresentationDelay"));
        // The fixture's AAC ends a few ticks after the video (93 frames of 1936 ticks): rounded up to the ms.
        Duration max = xsDuration(mpd, "maxSegmentDuration");
        assertTrue(max.compareTo(Duration.ofSeconds(6)) >= 0 && max.compareTo(Duration.ofMillis(6001)) <= 0, max.toString());
        assertTrue(children(mpd, "UTCTiming").isEmpty(), "utcTiming NONE writes none");

        Element period = child(mpd, "Period");
        assertEquals("p0", period.getAttribute("id"));
        assertFalse(period.hasAttribute("duration"), "the live Period is open");
        List<Element> sets = children(period, "AdaptationSet");
        assertEquals(2, sets.size(), "a video set and one audio set (one language)");
        Element video = sets.get(0);
        assertEquals("video/mp4", video.getAttribute("mimeType"));
        assertEquals("true", video.getAttribute("segmentAlignment"));
        assertEquals("1", video.getAttribute("startWithSAP"));
        assertEquals("1280", video.getAttribute("maxWidth"));
        assertEquals("720", video.getAttribute("maxHeight"));
        assertEquals("16:9", video.getAttribute("par"));
        List<Element> videoReps = children(video, "Representation");
        assertEquals(List.of("1v", "2v"), videoReps.stream().map(r -> r.getAttribute("id")).toList());
        Element hd = videoReps.get(0);
        assertEquals("avc1.4d401f", hd.getAttribute("codecs"));
        assertEquals("25", hd.getAttribute("frameRate"));
        assertEquals("1280", hd.getAttribute("width"));
        long hdBandwidth = Long.parseLong(hd.getAttribute("bandwidth"));
        long sdBandwidth = Long.parseLong(videoReps.get(1).getAttribute("bandwidth"));
        // 300 000 video bytes per 2 s is 1.2 Mb/s; framing adds a little.
        assertTrue(hdBandwidth >= 1_200_000 && hdBandwidth < 1_260_000, "bandwidth " + hdBandwidth);
        assertTrue(sdBandwidth < hdBandwidth);

        Element audio = sets.get(1);
        assertEquals("audio/mp4", audio.getAttribute("mimeType"));
        assertEquals("en", audio.getAttribute("lang"), "ISO 639-2 eng as BCP 47");
        List<Element> audioReps = children(audio, "Representation");
        assertEquals(List.of("1a"), audioReps.stream().map(r -> r.getAttribute("id")).toList(), "the first rendition's audio only");
        assertEquals("mp4a.40.2", audioReps.get(0).getAttribute("codecs"));
        assertEquals("48000", audioReps.get(0).getAttribute("audioSamplingRate"));
        Element channels = child(audioReps.get(0), "AudioChannelConfiguration");
        assertEquals("urn:mpeg:dash:23003:3:audio_channel_configuration:2011", channels.getAttribute("schemeIdUri"));
        assertEquals("2", channels.getAttribute("value"));
        long audioBandwidth = Long.parseLong(audioReps.get(0).getAttribute("bandwidth"));
        assertTrue(audioBandwidth >= 96_000 && audioBandwidth < 110_000, "24 000 bytes per 2 s: " + audioBandwidth);
        for (Element set : sets) {
            assertEquals("main", child(set, "Role").getAttribute("value"));
            assertEquals("urn:mpeg:dash:role:2011", child(set, "Role").getAttribute("schemeIdUri"));
        }
    }

    /**
     * Encrypted with a key per resolution class: the video splits into one AdaptationSet per key
     * (each with its ContentProtection), ids stay unique, and the video sets name each other as
     * switchable so a player still adapts across them; in the clear there is one video set.
     */
    @Test
    void tracksUnderDifferentKeysGetAdaptationSetsOfTheirOwn() {
        ChannelView view = new Channel(1000 * 2 * SECOND, HD, SD).add(10, 2 * SECOND).view();
        DashSettings dash = dash(2, 20);
        java.util.function.Function<ElementaryStream, String> keys = s -> s.kind() == MediaKind.AUDIO
                ? "<ContentProtection schemeIdUri=\"urn:test\" value=\"audio\"/>"
                : "<ContentProtection schemeIdUri=\"urn:test\" value=\"" + ((long) s.width() * s.height() > 1024 * 576 ? "hd" : "sd") + "\"/>";
        Element period = child(parse(DashPackager.mpd(view, endpoint(dash), dash, NOW, TIMING, false, keys)), "Period");
        List<Element> sets = children(period, "AdaptationSet");
        assertEquals(3, sets.size());
        java.util.Map<String, Element> byKey = new java.util.HashMap<>();
        for (Element set : sets) {
            byKey.put(child(set, "ContentProtection").getAttribute("value"), set);
        }
        assertEquals(List.of("1v"), children(byKey.get("hd"), "Representation").stream().map(r -> r.getAttribute("id")).toList());
        assertEquals(List.of("2v"), children(byKey.get("sd"), "Representation").stream().map(r -> r.getAttribute("id")).toList());
        assertEquals(List.of("1a"), children(byKey.get("audio"), "Representation").stream().map(r -> r.getAttribute("id")).toList());
        assertEquals(3, sets.stream().map(e -> e.getAttribute("id")).distinct().count(), "AdaptationSet ids stay unique");
        String hd = byKey.get("hd").getAttribute("id");
        String sd = byKey.get("sd").getAttribute("id");
        assertEquals(sd, child(byKey.get("hd"), "SupplementalProperty").getAttribute("value"));
        assertEquals(hd, child(byKey.get("sd"), "SupplementalProperty").getAttribute("value"));
        assertEquals("urn:mpeg:dash:adaptation-set-switching:2016", child(byKey.get("sd"), "SupplementalProperty").getAttribute("schemeIdUri"));
        assertTrue(children(byKey.get("audio"), "SupplementalProperty").isEmpty());

        java.util.function.Function<ElementaryStream, String> oneKey = s -> "<ContentProtection schemeIdUri=\"urn:test\" value=\"one\"/>";
        List<Element> shared = children(child(parse(DashPackager.mpd(view, endpoint(dash), dash, NOW, TIMING, false, oneKey)), "Period"),
                "AdaptationSet");
        assertEquals(2, shared.size(), "one key: one video set, one audio set");
        assertEquals(2, children(shared.get(0), "Representation").size());
        assertTrue(children(shared.get(0), "SupplementalProperty").isEmpty());
    }

    @Test
    void theLiveEdgeIsTheNewestSegmentOnItsRunsWallClock() {
        Channel channel = new Channel(1000 * 2 * SECOND, HD).add(30, 2 * SECOND);
        ChannelView view = channel.view();
        DashSettings dash = dash(2, 30);
        Element period = child(parse(DashPackager.mpd(view, endpoint(dash), dash, NOW, TIMING)), "Period");
        Run run = run(view, 1, 0);
        assertEquals(Duration.ofMillis(run.startWallClock().toEpochMilli()), xsDuration(period, "start"), "Period@start is the run's start");
        for (String id : List.of("1v", "1a")) {
            Element template = template(representation(period, id));
            assertEquals(run.startTicks(), Long.parseLong(template.getAttribute("presentationTimeOffset")));
            assertEquals("90000", template.getAttribute("timescale"));
            List<S> listed = timeline(template);
            S newest = listed.get(listed.size() - 1);
            Instant onRunClock = run.wallClockAt(newest.t() + newest.d());
            assertTrue(Math.abs(Duration.between(availableAt(period, template, newest), onRunClock).toMillis()) <= 1,
                    id + ": " + availableAt(period, template, newest) + " vs " + onRunClock);
            // The encoder sends no program date time: a segment is available when it arrived, i.e. "now".
            assertTrue(Math.abs(Duration.between(availableAt(period, template, newest), channel.wall).toMillis()) <= 1, id);
        }
        // Every segment's presentation start is its HLS program date time.
        Element template = template(representation(period, "1v"));
        for (S s : timeline(template)) {
            OutputSegment o = segments(view, 1, 2).stream().filter(x -> x.ordinal() == s.number()).findFirst().orElseThrow();
            Instant start = availableAt(period, template, new S(s.number(), s.t(), 0));
            assertTrue(Math.abs(Duration.between(start, o.programDateTime()).toMillis()) <= 1, s + " " + start + " " + o.programDateTime());
            assertTrue(Math.abs(Duration.between(o.programDateTime(), run.wallClockAt(o.start())).toMillis()) <= 1);
        }
    }

    @Test
    void theTimelineIsTheOutputSegmentsWithRepeatsCompacted() {
        // 2 s segments, one short and one long (still contiguous), then 2 s again.
        ChannelView view = new Channel(5000 * 2 * SECOND, HD).add(4, 2 * SECOND).add(1, 3 * SECOND / 2).add(1, 5 * SECOND / 2)
                .add(5, 2 * SECOND).view();
        DashSettings dash = dash(2, 600);
        Element period = child(parse(DashPackager.mpd(view, endpoint(dash), dash, NOW, TIMING)), "Period");
        Element template = template(representation(period, "1v"));
        List<Element> s = children(child(template, "SegmentTimeline"), "S");
        assertEquals(4, s.size(), "2 s ×4, 1.5 s, 2.5 s, 2 s ×4 (the newest input waits for no one at ratio 1)");
        assertEquals("3", s.get(0).getAttribute("r"));
        assertTrue(s.get(0).hasAttribute("t"));
        assertTrue(s.stream().skip(1).noneMatch(e -> e.hasAttribute("t")), "contiguous: t only on the first");
        assertFalse(s.get(1).hasAttribute("r"));
        assertEquals(String.valueOf(3 * SECOND / 2), s.get(1).getAttribute("d"));
        List<OutputSegment> expected = segments(view, 1, 2);
        List<S> listed = timeline(template);
        assertEquals(expected.size(), listed.size());
        for (int i = 0; i < listed.size(); i++) {
            assertEquals(new S(expected.get(i).ordinal(), expected.get(i).start(), expected.get(i).duration()), listed.get(i));
        }
        assertEquals("index_1v_$Number$.mp4", template.getAttribute("media"));
        assertEquals("index_1v_init.mp4", template.getAttribute("initialization"));
    }

    @Test
    void audioHasItsOwnTimesContiguousWithinTheRun() {
        Channel channel = new Channel(3000 * 2 * SECOND, HD);
        channel.audioOffset = -1234;   // audio starts 13.7 ms before the video
        ChannelView view = channel.add(10, 2 * SECOND).view();
        DashSettings dash = dash(4, 600);
        Element period = child(parse(DashPackager.mpd(view, endpoint(dash), dash, NOW, TIMING)), "Period");
        List<S> audio = timeline(template(representation(period, "1a")));
        List<S> video = timeline(template(representation(period, "1v")));
        assertEquals(video.size(), audio.size());
        for (int i = 0; i < audio.size(); i++) {
            assertEquals(video.get(i).number(), audio.get(i).number());
            assertEquals(video.get(i).t() - 1234, audio.get(i).t());
            if (i + 1 < audio.size()) {
                assertEquals(audio.get(i + 1).t(), audio.get(i).t() + audio.get(i).d(), "no gap, no overlap");
            }
        }
        // The last one ends after its last frame: two inputs of 2 s, AAC frames of 1920 ticks.
        OutputSegment last = segments(view, 1, 4).get(segments(view, 1, 4).size() - 1);
        assertEquals(last.trackEnd(MediaKind.AUDIO).getAsLong() - last.trackStart(MediaKind.AUDIO).getAsLong(), audio.get(audio.size() - 1).d());
    }

    @Test
    void aDiscontinuityStartsAPeriodAnchoredOnItsRun() {
        Channel channel = new Channel(1000 * 2 * SECOND, HD).add(30, 2 * SECOND).restart(10 * SECOND).add(10, 2 * SECOND);
        ChannelView view = channel.view();
        DashSettings dash = dash(6, 120);
        String first = DashPackager.mpd(view, endpoint(dash), dash, NOW, TIMING);
        List<Element> periods = children(parse(first), "Period");
        assertEquals(List.of("p0", "p1"), periods.stream().map(p -> p.getAttribute("id")).toList());
        Run run0 = run(view, 1, 0);
        Run run1 = run(view, 1, 1);
        assertEquals(Duration.ofMillis(run1.startWallClock().toEpochMilli()), xsDuration(periods.get(1), "start"));
        assertFalse(periods.get(1).hasAttribute("duration"));
        // Run 0 has 60 s of media from its start.
        assertEquals(Duration.ofSeconds(60), xsDuration(periods.get(0), "duration"));
        Duration end0 = xsDuration(periods.get(0), "start").plus(xsDuration(periods.get(0), "duration"));
        assertTrue(end0.compareTo(xsDuration(periods.get(1), "start")) <= 0,
                "Periods do not overlap");

        List<OutputSegment> all = segments(view, 1, 6);
        for (int p = 0; p < 2; p++) {
            Run run = p == 0 ? run0 : run1;
            Element template = template(representation(periods.get(p), "1v"));
            assertEquals(run.startTicks(), Long.parseLong(template.getAttribute("presentationTimeOffset")));
            List<S> listed = timeline(template);
            int number = p;
            List<OutputSegment> ofRun = all.stream().filter(o -> o.parts().get(0).run() == run.number()).toList();
            assertEquals(ofRun.get(0).ordinal(), Long.parseLong(template.getAttribute("startNumber")), "period " + number);
            assertEquals(ofRun.stream().map(o -> new S(o.ordinal(), o.start(), o.duration())).toList(), listed, "period " + number);
        }
        assertEquals(representation(periods.get(0), "1v").getAttribute("bandwidth"), representation(periods.get(1), "1v").getAttribute("bandwidth"),
                "bandwidth is measured over the window, the same in every Period");
        // After the restart media time went back to 10 s, but numbers keep counting up.
        assertTrue(timeline(template(representation(periods.get(1), "1v"))).get(0).number()
                > timeline(template(representation(periods.get(0), "1v"))).get(0).number());

        // A refresh with more media keeps the Periods' ids and starts; run 0 leaves once its media does.
        channel.add(60, 2 * SECOND);
        List<Element> later = children(parse(DashPackager.mpd(channel.view(), endpoint(dash), dash, NOW.plusSeconds(60), TIMING)), "Period");
        assertEquals(List.of("p1"), later.stream().map(p -> p.getAttribute("id")).toList());
        assertEquals(periods.get(1).getAttribute("start"), later.get(0).getAttribute("start"));
    }

    @Test
    void theWindowEndsWhereASegmentEndsExactlyAtItsEdge() {
        ChannelView view = new Channel(1000 * 2 * SECOND, HD).add(30, 2 * SECOND).view();
        DashSettings dash = dash(2, 10);
        List<S> listed = timeline(template(representation(child(parse(DashPackager.mpd(view, endpoint(dash), dash, NOW, TIMING)), "Period"), "1v")));
        List<OutputSegment> all = segments(view, 1, 2);
        OutputSegment newest = all.get(all.size() - 1);
        assertEquals(6, listed.size(), "ends at E, E-2, E-4, E-6, E-8 and E-10 (the edge)");
        assertEquals(newest.start() + newest.duration() - 10 * SECOND, listed.get(0).t() + listed.get(0).d());
        assertEquals(newest.ordinal(), listed.get(listed.size() - 1).number());
        // The segment before the edge is no longer listed but can still be fetched.
        OutputSegment before = all.get(all.size() - 7);
        assertInstanceOf(DashPackager.Found.class, DashPackager.segment(view, dash, new DashNames.Media(1, Track.VIDEO, false, before.ordinal())));
    }

    @Test
    void timesPassingThe33BitWrapStayMonotonic() {
        long start = (1L << 33) - 9 * SECOND;
        ChannelView view = new Channel(start, HD).add(12, 2 * SECOND).view();
        DashSettings dash = dash(2, 600, SegmentTemplateFormat.TIME_WITH_TIMELINE, ManifestLayout.FULL);
        List<Element> periods = children(parse(DashPackager.mpd(view, endpoint(dash), dash, NOW, TIMING)), "Period");
        assertEquals(1, periods.size(), "the wrap is no discontinuity");
        Element template = template(representation(periods.get(0), "1v"));
        assertEquals(start, Long.parseLong(template.getAttribute("presentationTimeOffset")));
        List<S> listed = timeline(template);
        assertEquals(12, listed.size());
        assertEquals(1, children(child(template, "SegmentTimeline"), "S").size(), "one S with r: the wrap changes nothing");
        for (int i = 0; i < listed.size(); i++) {
            assertEquals(start + i * 2 * SECOND, listed.get(i).t());
        }
        assertTrue(listed.get(listed.size() - 1).t() > 1L << 33);
        List<OutputSegment> all = segments(view, 1, 2);
        for (int i = 1; i < all.size(); i++) {
            assertEquals(all.get(i - 1).ordinal() + 1, all.get(i).ordinal(), "numbers stay consecutive over the wrap");
        }
        // The segment after the wrap, by its time as the template names it.
        S after = listed.get(listed.size() - 1);
        String name = template.getAttribute("media").replace("$Time$", Long.toString(after.t()));
        DashPackager.Lookup found = DashPackager.segment(view, dash, DashNames.parse("index", name).orElseThrow());
        assertEquals(after.t(), ((DashPackager.Found) found).segment().start());
        String audio = template(representation(periods.get(0), "1a")).getAttribute("media");
        long audioTime = timeline(template(representation(periods.get(0), "1a"))).get(11).t();
        DashPackager.Found a = (DashPackager.Found) DashPackager.segment(view, dash,
                DashNames.parse("index", audio.replace("$Time$", Long.toString(audioTime))).orElseThrow());
        assertEquals(MediaKind.AUDIO, a.kind());
        assertEquals(audioTime, a.segment().trackStart(MediaKind.AUDIO).getAsLong());
    }

    @Test
    void timeAddressingWritesTimesAndNoStartNumber() {
        ChannelView view = new Channel(1000 * 2 * SECOND, HD).add(12, 2 * SECOND).view();
        DashSettings dash = dash(2, 60, SegmentTemplateFormat.TIME_WITH_TIMELINE, ManifestLayout.FULL);
        Element template = template(representation(child(parse(DashPackager.mpd(view, endpoint(dash), dash, NOW, TIMING)), "Period"), "1v"));
        assertEquals("index_1v_t$Time$.mp4", template.getAttribute("media"));
        assertFalse(template.hasAttribute("startNumber"));
        assertNotNull(child(template, "SegmentTimeline"));
    }

    @Test
    void numberWithDurationPutsEachNumberWithinHalfADurationOfItsSegment() {
        // Slot 1001 with 3 inputs per output segment: the run starts mid-group.
        Channel channel = new Channel(1001 * 2 * SECOND, HD, SD).add(20, 2 * SECOND).restart(50 * SECOND).add(8, 2 * SECOND);
        ChannelView view = channel.view();
        DashSettings dash = dash(6, 600, SegmentTemplateFormat.NUMBER_WITH_DURATION, ManifestLayout.FULL);
        Element mpd = parse(DashPackager.mpd(view, endpoint(dash), dash, NOW, TIMING));
        List<Element> periods = children(mpd, "Period");
        assertEquals(2, periods.size());
        for (Element period : periods) {
            for (Element rep : all(period, "Representation")) {
                Element template = template(rep);
                assertNull(child(template, "SegmentTimeline"));
                assertEquals(String.valueOf(6 * SECOND), template.getAttribute("duration"));
                assertEquals("index_" + rep.getAttribute("id") + "_$Number$.mp4", template.getAttribute("media"));
                long pto = Long.parseLong(template.getAttribute("presentationTimeOffset"));
                long startNumber = Long.parseLong(template.getAttribute("startNumber"));
                int position = Integer.parseInt(rep.getAttribute("id").substring(0, 1));
                int runNumber = Integer.parseInt(period.getAttribute("id").substring(1));
                List<OutputSegment> ofRun = segments(view, position, 6).stream().filter(o -> o.parts().get(0).run() == runNumber).toList();
                assertFalse(ofRun.isEmpty());
                if (runNumber == 0) {
                    // Slots 1001 | 1002-1004 | …: the lone first slot is before the start number.
                    assertEquals(1, ofRun.get(0).parts().size());
                    assertEquals(ofRun.get(1).ordinal(), startNumber);
                    assertEquals(ofRun.get(0).start(), pto);
                    ofRun = ofRun.subList(1, ofRun.size());
                } else {
                    assertEquals(ofRun.get(0).ordinal(), startNumber, "a later run groups from its own start");
                    assertEquals(ofRun.get(0).start(), pto);
                }
                for (OutputSegment o : ofRun) {
                    long templateTime = pto + (o.ordinal() - startNumber) * 6 * SECOND;
                    assertTrue(Math.abs(templateTime - o.start()) <= 3 * SECOND,
                            "segment " + o.ordinal() + " at " + o.start() + ", template says " + templateTime);
                }
            }
        }
        Duration max = xsDuration(mpd, "maxSegmentDuration");
        assertTrue(max.compareTo(Duration.ofSeconds(6)) >= 0 && max.compareTo(Duration.ofMillis(6001)) <= 0,
                "the nominal, or an audio segment's real one");
    }

    @Test
    void fullRepeatsTheTemplatePerRepresentationCompactSharesIt() {
        ChannelView view = new Channel(1000 * 2 * SECOND, HD, SD).add(12, 2 * SECOND).view();
        DashSettings full = dash(2, 60, SegmentTemplateFormat.NUMBER_WITH_TIMELINE, ManifestLayout.FULL);
        Element fullPeriod = child(parse(DashPackager.mpd(view, endpoint(full), full, NOW, TIMING)), "Period");
        for (Element set : children(fullPeriod, "AdaptationSet")) {
            assertNull(child(set, "SegmentTemplate"));
            for (Element rep : children(set, "Representation")) {
                assertEquals("index_" + rep.getAttribute("id") + "_$Number$.mp4", child(rep, "SegmentTemplate").getAttribute("media"));
            }
        }
        for (ManifestLayout layout : List.of(ManifestLayout.COMPACT, ManifestLayout.DRM_TOP_LEVEL_COMPACT)) {
            DashSettings compact = dash(2, 60, SegmentTemplateFormat.NUMBER_WITH_TIMELINE, layout);
            Element period = child(parse(DashPackager.mpd(view, endpoint(compact), compact, NOW, TIMING)), "Period");
            for (Element set : children(period, "AdaptationSet")) {
                Element template = child(set, "SegmentTemplate");
                assertEquals("index_$RepresentationID$_$Number$.mp4", template.getAttribute("media"));
                assertEquals("index_$RepresentationID$_init.mp4", template.getAttribute("initialization"));
                for (Element rep : children(set, "Representation")) {
                    assertNull(child(rep, "SegmentTemplate"));
                    // The shared template describes the same segments FULL gives this Representation.
                    assertEquals(timeline(template(representation(fullPeriod, rep.getAttribute("id")))), timeline(template));
                }
            }
        }
    }

    @Test
    void profiles() {
        ChannelView view = new Channel(1000 * 2 * SECOND, HD).add(6, 2 * SECOND).view();
        DashSettings base = dash(2, 60);
        record Case(Profile profile, List<String> profiles, boolean utcTiming) {
        }
        for (Case c : List.of(
                new Case(Profile.NONE, List.of("urn:mpeg:dash:profile:isoff-live:2011"), false),
                new Case(Profile.HYBRIDCAST, List.of("urn:mpeg:dash:profile:isoff-live:2011"), false),
                new Case(Profile.HBBTV_1_5, List.of("urn:hbbtv:dash:profile:isoff-live:2012", "urn:mpeg:dash:profile:isoff-live:2011"), true),
                new Case(Profile.DVB_DASH_2014,
                        List.of("urn:dvb:dash:profile:dvb-dash:2014", "urn:dvb:dash:profile:dvb-dash:isoff-ext-live:2014"), true))) {
            DashSettings dash = with(base, c.profile(), UtcTiming.NONE, null, true, StreamSelectionSettings.ALL);
            Element mpd = parse(DashPackager.mpd(view, endpoint(dash), dash, NOW, TIMING));
            assertEquals(c.profiles(), List.of(mpd.getAttribute("profiles").split(",")), c.profile().name());
            List<Element> timing = children(mpd, "UTCTiming");
            assertEquals(c.utcTiming() ? 1 : 0, timing.size(), c.profile().name());
            if (c.utcTiming()) {
                assertEquals("urn:mpeg:dash:utc:http-xsdate:2014", timing.get(0).getAttribute("schemeIdUri"));
                assertEquals(TIMING, timing.get(0).getAttribute("value"));
            }
            for (Element set : all(mpd, "AdaptationSet")) {
                assertNotNull(child(set, "Role"), "every AdaptationSet has a Role");
                assertFalse(set.getAttribute("id").isEmpty(), "every AdaptationSet has an id");
            }
        }
    }

    @Test
    void utcTimingSchemesAndValues() {
        ChannelView view = new Channel(1000 * 2 * SECOND, HD).add(6, 2 * SECOND).view();
        DashSettings base = dash(2, 60);
        record Case(UtcTiming timing, String uri, String scheme, String value) {
        }
        for (Case c : List.of(
                new Case(UtcTiming.HTTP_HEAD, null, "urn:mpeg:dash:utc:http-head:2014", TIMING),
                new Case(UtcTiming.HTTP_ISO, "https://time.example/iso?a=1&b=2", "urn:mpeg:dash:utc:http-iso:2014",
                        "https://time.example/iso?a=1&b=2"),
                new Case(UtcTiming.HTTP_XSDATE, null, "urn:mpeg:dash:utc:http-xsdate:2014", TIMING))) {
            DashSettings dash = with(base, Profile.NONE, c.timing(), c.uri(), false, StreamSelectionSettings.ALL);
            String xml = DashPackager.mpd(view, endpoint(dash), dash, NOW, TIMING);
            Element timing = child(parse(xml), "UTCTiming");
            assertEquals(c.scheme(), timing.getAttribute("schemeIdUri"));
            assertEquals(c.value(), timing.getAttribute("value"), "escaped in the XML, the same value parsed");
            if (c.uri() != null) {
                assertTrue(xml.contains("a=1&amp;b=2"), xml);
            }
        }
    }

    @Test
    void streamSelectionFiltersAndOrdersRepresentations() {
        Spec low = new Spec("channel_2", 50_000, 416, 234, "eng", true);
        ChannelView view = new Channel(1000 * 2 * SECOND, SD, HD, low).add(6, 2 * SECOND).view();
        DashSettings base = dash(2, 60);
        DashSettings descending = with(base, Profile.NONE, UtcTiming.NONE, null, false,
                new StreamSelectionSettings(0, Integer.MAX_VALUE, StreamOrder.VIDEO_BITRATE_DESCENDING));
        Element video = all(parse(DashPackager.mpd(view, endpoint(descending), descending, NOW, TIMING)), "AdaptationSet").get(0);
        assertEquals(List.of("2v", "1v", "3v"), children(video, "Representation").stream().map(r -> r.getAttribute("id")).toList());
        DashSettings band = with(base, Profile.NONE, UtcTiming.NONE, null, false,
                new StreamSelectionSettings(500_000, 1_000_000, StreamOrder.ORIGINAL));
        Element mpd = parse(DashPackager.mpd(view, endpoint(band), band, NOW, TIMING));
        assertEquals(List.of("1v", "1a"), all(mpd, "Representation").stream().map(r -> r.getAttribute("id")).toList(),
                "only the 600 kb/s rendition; its audio is the set's");
        assertEquals(List.of(view.rendition(1).orElseThrow()), DashPackager.selected(view, band));
    }

    @Test
    void oneAudioSetPerLanguageWithAudioOnlyRenditions() {
        Spec french = new Spec("channel_2", 0, 0, 0, "fre", false);
        Spec englishOnly = new Spec("channel_3", 0, 0, 0, "eng", false);
        Spec mute = new Spec("channel_4", 0, 0, 0, null, false);
        ChannelView view = new Channel(1000 * 2 * SECOND, HD, SD, french, englishOnly, mute).add(6, 2 * SECOND).view();
        DashSettings dash = dash(2, 60);
        List<Element> sets = all(parse(DashPackager.mpd(view, endpoint(dash), dash, NOW, TIMING)), "AdaptationSet");
        assertEquals(4, sets.size());
        assertEquals(List.of("1v", "2v"), children(sets.get(0), "Representation").stream().map(r -> r.getAttribute("id")).toList());
        assertEquals("en", sets.get(1).getAttribute("lang"));
        assertEquals(List.of("1a", "4a"), children(sets.get(1), "Representation").stream().map(r -> r.getAttribute("id")).toList());
        assertEquals("fr", sets.get(2).getAttribute("lang"), "ISO 639-2/B fre is fr");
        assertEquals(List.of("3a"), children(sets.get(2), "Representation").stream().map(r -> r.getAttribute("id")).toList());
        assertFalse(sets.get(3).hasAttribute("lang"));
        assertEquals(List.of("5a"), children(sets.get(3), "Representation").stream().map(r -> r.getAttribute("id")).toList());
        assertEquals(4, sets.stream().map(s -> s.getAttribute("id")).distinct().count(), "AdaptationSet ids are unique");
    }

    @Test
    void anIframeOnlyAdaptationSetForTrickPlay() {
        ChannelView view = new Channel(1000 * 2 * SECOND, HD, SD).add(12, 2 * SECOND).view();
        DashSettings dash = with(dash(4, 60), Profile.NONE, UtcTiming.NONE, null, true, StreamSelectionSettings.ALL);
        Element period = child(parse(DashPackager.mpd(view, endpoint(dash), dash, NOW, TIMING)), "Period");
        List<Element> sets = children(period, "AdaptationSet");
        Element trick = sets.stream().filter(s -> child(s, "EssentialProperty") != null).findFirst().orElseThrow();
        Element property = child(trick, "EssentialProperty");
        assertEquals("http://dashif.org/guidelines/trickmode", property.getAttribute("schemeIdUri"));
        assertEquals(sets.get(0).getAttribute("id"), property.getAttribute("value"), "points at the main video set");
        assertEquals("video/mp4", trick.getAttribute("mimeType"));
        Element rep = child(trick, "Representation");
        assertEquals("1i", rep.getAttribute("id"));
        assertEquals("avc1.4d401f", rep.getAttribute("codecs"));
        assertEquals("false", rep.getAttribute("codingDependency"));
        assertEquals("50", rep.getAttribute("maxPlayoutRate"), "25 fps, a key frame every 2 s (each input's first frame)");
        long bandwidth = Long.parseLong(rep.getAttribute("bandwidth"));
        // Two key frames of 18 800 bytes per 4 s.
        assertTrue(bandwidth >= 75_200 && bandwidth < 80_000, "bandwidth " + bandwidth);
        assertEquals("index_1i_$Number$.mp4", template(rep).getAttribute("media"));
        assertEquals(timeline(template(representation(period, "1v"))), timeline(template(rep)), "the video's segments");
        DashPackager.Found found = (DashPackager.Found) DashPackager.segment(view, dash,
                DashNames.parse("index", "index_1i_" + timeline(template(rep)).get(0).number() + ".mp4").orElseThrow());
        assertTrue(found.iframeOnly());
        assertEquals(MediaKind.VIDEO, found.kind());
    }

    @Test
    void lookupsNeverReturnAnotherSegment() {
        ChannelTimeline t = new ChannelTimeline("live");
        for (int i = 0; i < 20; i++) {
            t.onSegment(Probes.input("1", "r", i, (100 + i) * 2 * SECOND, 2 * SECOND, false, T0.plusSeconds(2L * i)), 2.0);
        }
        t.trim(Duration.ofSeconds(10));   // keeps slots 115..119
        ChannelView view = t.view();
        DashSettings dash = dash(2, 60);
        assertEquals(new DashPackager.Gone(114, 119), DashPackager.segment(view, dash, new DashNames.Media(1, Track.VIDEO, false, 100)));
        DashPackager.Found found = (DashPackager.Found) DashPackager.segment(view, dash, new DashNames.Media(1, Track.AUDIO, false, 116));
        assertEquals(116, found.segment().ordinal());
        assertEquals(MediaKind.AUDIO, found.kind());
        assertFalse(found.iframeOnly());
        assertEquals(view.rendition(1).orElseThrow(), found.rendition());
        assertInstanceOf(DashPackager.Absent.class, DashPackager.segment(view, dash, new DashNames.Media(1, Track.VIDEO, false, 120)));
        assertInstanceOf(DashPackager.Absent.class, DashPackager.segment(view, dash, new DashNames.Media(2, Track.VIDEO, false, 116)));
        assertInstanceOf(DashPackager.Absent.class, DashPackager.segment(view, dash, new DashNames.Media(1, Track.IFRAME, false, 116)),
                "no I-frame stream unless the endpoint includes it");
        assertInstanceOf(DashPackager.Absent.class, DashPackager.segment(view, dash, new DashNames.Manifest()));
        // By time: exact starts only.
        long start = 116 * 2 * SECOND;
        DashPackager.Found byTime = (DashPackager.Found) DashPackager.segment(view, dash, new DashNames.Media(1, Track.VIDEO, true, start));
        assertEquals(116, byTime.segment().ordinal());
        assertInstanceOf(DashPackager.Absent.class, DashPackager.segment(view, dash, new DashNames.Media(1, Track.VIDEO, true, start + 1)));
        assertInstanceOf(DashPackager.Gone.class, DashPackager.segment(view, dash, new DashNames.Media(1, Track.VIDEO, true, 100 * 2 * SECOND)));
        // Init: the newest segment of the rendition describes the track.
        DashPackager.Found init = (DashPackager.Found) DashPackager.segment(view, dash, new DashNames.Init(1, Track.VIDEO));
        List<OutputSegment> all = segments(view, 1, 2);
        assertEquals(all.get(all.size() - 1), init.segment());
        // A rendition without video has no video track.
        ChannelView audioOnly = new Channel(1000 * 2 * SECOND, new Spec("radio", 0, 0, 0, "eng", false)).add(4, 2 * SECOND).view();
        assertInstanceOf(DashPackager.Absent.class, DashPackager.segment(audioOnly, dash, new DashNames.Init(1, Track.VIDEO)));
        assertInstanceOf(DashPackager.Found.class, DashPackager.segment(audioOnly, dash, new DashNames.Init(1, Track.AUDIO)));
    }

    @Test
    void adsStartsAPeriodWhereABreakStartsAndWhereItReturns() {
        long start = 1000 * 2 * SECOND;
        // A splice_insert announced 4 s ahead: out at segment 14 for 6 s, so back at segment 17.
        dev.fount.origin.media.SpliceEvent out = new dev.fount.origin.media.SpliceEvent((start + 14 * 2 * SECOND) & MASK, true,
                6 * SECOND, 77, -1, "L0RBdkFBQUFB", "0xFC");
        ChannelView view = new Channel(start, HD, SD).add(12, 2 * SECOND).signal(out).add(12, 2 * SECOND).view();
        DashSettings ads = new DashSettings(2, 120, 30, 15, 25, Profile.NONE, ManifestLayout.FULL, SegmentTemplateFormat.NUMBER_WITH_TIMELINE,
                List.of(PeriodTrigger.ADS), UtcTiming.NONE, null, false, StreamSelectionSettings.ALL);
        Element mpd = parse(DashPackager.mpd(view, endpoint(ads), ads, NOW, TIMING));
        List<Element> periods = all(mpd, "Period");
        assertEquals(3, periods.size());
        Element videoTemplate0 = all(periods.get(0), "SegmentTemplate").get(0);
        long first = Long.parseLong(videoTemplate0.getAttribute("startNumber"));
        assertEquals(List.of("p0", "p0-" + (first + 14), "p0-" + (first + 17)), periods.stream().map(p -> p.getAttribute("id")).toList());
        // One presentation timeline: every Period's first segment presents where the first Period's clock puts it.
        double start0 = seconds(periods.get(0).getAttribute("start"));
        long pto0 = Long.parseLong(videoTemplate0.getAttribute("presentationTimeOffset"));
        for (int i = 1; i < 3; i++) {
            Element template = all(periods.get(i), "SegmentTemplate").get(0);
            long pto = Long.parseLong(template.getAttribute("presentationTimeOffset"));
            long t = Long.parseLong(all(template, "S").get(0).getAttribute("t"));
            assertEquals(pto, t, "the Period starts with its first segment");
            assertEquals(start0 + (t - pto0) / 90000.0, seconds(periods.get(i).getAttribute("start")), 0.001);
            double previous = seconds(periods.get(i - 1).getAttribute("start")) + seconds(periods.get(i - 1).getAttribute("duration"));
            assertEquals(seconds(periods.get(i).getAttribute("start")), previous, 0.001, "Periods abut");
        }
        assertEquals(3, all(all(periods.get(1), "Representation").get(0), "S").stream()
                .mapToInt(x -> 1 + (x.hasAttribute("r") ? Integer.parseInt(x.getAttribute("r")) : 0)).sum(), "the break's three segments");
        // The ad Period carries the signal for downstream ad insertion.
        Element event = all(periods.get(1), "Event").get(0);
        assertEquals("urn:scte:scte35:2014:xml+bin", ((Element) event.getParentNode()).getAttribute("schemeIdUri"));
        assertEquals(String.valueOf(6 * SECOND), event.getAttribute("duration"));
        assertEquals("77", event.getAttribute("id"));
        assertEquals("L0RBdkFBQUFB", all(event, "Binary").get(0).getTextContent());
        assertTrue(all(periods.get(0), "EventStream").isEmpty());

        // Without ADS the signal changes nothing: one Period.
        DashSettings plain = dash(2, 120);
        assertEquals(1, all(parse(DashPackager.mpd(view, endpoint(plain), plain, NOW, TIMING)), "Period").size());
        // NUMBER_WITH_DURATION: the ad Period's numbers start at its first segment.
        DashSettings duration = new DashSettings(2, 120, 30, 15, 25, Profile.NONE, ManifestLayout.FULL, SegmentTemplateFormat.NUMBER_WITH_DURATION,
                List.of(PeriodTrigger.ADS), UtcTiming.NONE, null, false, StreamSelectionSettings.ALL);
        List<Element> byDuration = all(parse(DashPackager.mpd(view, endpoint(duration), duration, NOW, TIMING)), "Period");
        assertEquals(String.valueOf(first + 14), all(byDuration.get(1), "SegmentTemplate").get(0).getAttribute("startNumber"));
    }

    private static double seconds(String isoDuration) {
        return java.time.Duration.parse(isoDuration).toNanos() / 1e9;
    }

    @Test
    void periodTriggersWithoutSignalsChangeNothing() {
        ChannelView view = new Channel(1000 * 2 * SECOND, HD).add(12, 2 * SECOND).view();
        DashSettings d = dash(2, 60);
        DashSettings ads = new DashSettings(2, 60, 30, 15, 25, Profile.NONE, ManifestLayout.FULL, SegmentTemplateFormat.NUMBER_WITH_TIMELINE,
                List.of(PeriodTrigger.ADS), UtcTiming.NONE, null, false, StreamSelectionSettings.ALL);
        assertEquals(DashPackager.mpd(view, endpoint(d), d, NOW, TIMING), DashPackager.mpd(view, endpoint(ads), ads, NOW, TIMING));
    }

    @Test
    void anAudioOnlyChannelIsAnAudioOnlyMpd() {
        ChannelView view = new Channel(1000 * 2 * SECOND, new Spec("radio", 0, 0, 0, "deu", false)).add(8, 2 * SECOND).view();
        DashSettings dash = with(dash(2, 60), Profile.NONE, UtcTiming.NONE, null, true, StreamSelectionSettings.ALL);
        Element mpd = parse(DashPackager.mpd(view, endpoint(dash), dash, NOW, TIMING));
        List<Element> sets = all(mpd, "AdaptationSet");
        assertEquals(1, sets.size(), "no video, so no trick play either");
        assertEquals("de", sets.get(0).getAttribute("lang"));
        Element period = child(mpd, "Period");
        Run run = run(view, 1, 0);
        assertEquals(run.startTicks(), Long.parseLong(template(representation(period, "1a")).getAttribute("presentationTimeOffset")));
    }

    @Test
    void anEmptyChannelHasNoPeriod() {
        DashSettings dash = dash(2, 60);
        Element mpd = parse(DashPackager.mpd(ChannelView.empty("live"), endpoint(dash), dash, NOW, null));
        assertTrue(children(mpd, "Period").isEmpty());
        assertTrue(DashPackager.selected(ChannelView.empty("live"), dash).isEmpty());
    }

    @Test
    void formats() {
        assertEquals("PT0S", DashPackager.duration(0));
        assertEquals("PT1795600000.123S", DashPackager.duration(1_795_600_000_123L));
        assertEquals("PT2.002S", DashPackager.duration(2002));
        assertEquals("30000/1001", DashPackager.frameRate(29.97002997));
        assertEquals("50", DashPackager.frameRate(50.0));
        assertEquals("12500/1000", DashPackager.frameRate(12.5));
        assertNull(DashPackager.frameRate(null));
        assertEquals("en", DashPackager.bcp47("eng"));
        assertEquals("de", DashPackager.bcp47("ger"));
        assertEquals("de", DashPackager.bcp47("deu"));
        assertEquals("und", DashPackager.bcp47("und"));
        assertEquals("&lt;a b=&quot;1&quot; &amp; c=&apos;2&apos;&gt;", MpdWriter.escape("<a b=\"1\" & c='2'>"));
    }
}
