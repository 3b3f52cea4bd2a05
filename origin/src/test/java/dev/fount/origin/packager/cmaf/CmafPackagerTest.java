package dev.fount.origin.packager.cmaf;

import static dev.fount.origin.packager.cmaf.FakeChannels.SECOND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.fount.api.v1alpha1.AdMarkers;
import dev.fount.api.v1alpha1.OriginEndpointSpec.Origination;
import dev.fount.api.v1alpha1.PlaylistType;
import dev.fount.origin.config.CmafSettings;
import dev.fount.origin.config.EndpointConfig;
import dev.fount.origin.config.StreamSelectionSettings;
import dev.fount.origin.media.MediaKind;
import dev.fount.origin.packager.OutputSegment;
import dev.fount.origin.packager.OutputSegmenter;
import dev.fount.origin.packager.cmaf.FakeChannels.Rendition;
import dev.fount.origin.timeline.ChannelTimeline;
import dev.fount.origin.timeline.ChannelView;
import dev.fount.origin.timeline.RenditionView;

class CmafPackagerTest {

    private static final CmafSettings.Manifest SHORT = new CmafSettings.Manifest("short", "index", 12, PlaylistType.NONE, 0, AdMarkers.NONE, false);
    private static final CmafSettings.Manifest LONG = new CmafSettings.Manifest("long", "main", 60, PlaylistType.EVENT, 10, AdMarkers.NONE, true);

    private static CmafSettings cmaf(int segment) {
        return new CmafSettings(segment, "live", List.of(SHORT, LONG), StreamSelectionSettings.ALL);
    }

    private static EndpointConfig endpoint(CmafSettings cmaf) {
        return new EndpointConfig("live-cmaf", "live", "index", 0, 0, List.of(), Origination.ALLOW, Optional.empty(), Optional.empty(),
                Optional.of(cmaf), Optional.empty());
    }

    private static List<String> lines(String text) {
        return Arrays.asList(text.split("\n"));
    }

    private static long tag(List<String> lines, String tag) {
        String line = lines.stream().filter(l -> l.startsWith(tag + ":")).findFirst().orElseThrow(() -> new AssertionError("no " + tag));
        return Long.parseLong(line.substring(tag.length() + 1));
    }

    private static double extinf(String line) {
        return Double.parseDouble(line.substring("#EXTINF:".length(), line.indexOf(',')));
    }

    @Test
    void videoPlaylistIsFmp4HlsWithMapAndRelativeSegmentUris() {
        CmafSettings cmaf = cmaf(6);
        String p = CmafPackager.mediaPlaylist(FakeChannels.twoRenditions(), endpoint(cmaf), cmaf, "long", 1, MediaKind.VIDEO).orElseThrow();
        List<String> lines = lines(p);
        assertEquals("#EXTM3U", lines.get(0));
        assertTrue(tag(lines, "#EXT-X-VERSION") >= 6, p);
        assertEquals(6, tag(lines, "#EXT-X-TARGETDURATION"), p);
        assertTrue(lines.contains("#EXT-X-PLAYLIST-TYPE:EVENT"), p);
        String map = "#EXT-X-MAP:URI=\"../live_1v_init.mp4\"";
        assertTrue(lines.indexOf(map) >= 0 && lines.indexOf(map) < lines.indexOf(lines.stream().filter(l -> l.startsWith("#EXTINF")).findFirst().orElseThrow()),
                "EXT-X-MAP comes before the first segment:\n" + p);
        long first = tag(lines, "#EXT-X-MEDIA-SEQUENCE");
        List<String> uris = lines.stream().filter(l -> !l.startsWith("#")).toList();
        for (int i = 0; i < uris.size(); i++) {
            assertEquals("../live_1v_" + (first + i) + ".mp4", uris.get(i), "URIs carry the media sequence number");
        }
        int discontinuity = lines.indexOf("#EXT-X-DISCONTINUITY");
        assertTrue(discontinuity > 0, p);
        assertEquals(1, lines.stream().filter(l -> l.equals("#EXT-X-DISCONTINUITY")).count(), p);
        assertEquals(map, lines.get(discontinuity + 1), "the MAP is repeated after a discontinuity");
        assertEquals(2, lines.stream().filter(map::equals).count(), p);
        assertEquals("#EXT-X-PROGRAM-DATE-TIME", lines.get(discontinuity + 2).substring(0, 24), "PDT after the discontinuity");
    }

    @Test
    void eachManifestHasItsOwnWindowProgramDateTimeAndType() {
        CmafSettings cmaf = cmaf(2);
        ChannelView view = FakeChannels.twoRenditions();
        List<String> shortP = lines(CmafPackager.mediaPlaylist(view, endpoint(cmaf), cmaf, "short", 2, MediaKind.VIDEO).orElseThrow());
        List<String> longP = lines(CmafPackager.mediaPlaylist(view, endpoint(cmaf), cmaf, "long", 2, MediaKind.VIDEO).orElseThrow());
        long shortCount = shortP.stream().filter(l -> l.startsWith("#EXTINF")).count();
        long longCount = longP.stream().filter(l -> l.startsWith("#EXTINF")).count();
        assertEquals(6, shortCount, "12 s of 2 s segments");
        assertEquals(30, longCount, "60 s of 2 s segments");
        assertTrue(shortP.stream().noneMatch(l -> l.startsWith("#EXT-X-PROGRAM-DATE-TIME")), "no PDT when its interval is 0");
        long pdts = longP.stream().filter(l -> l.startsWith("#EXT-X-PROGRAM-DATE-TIME")).count();
        assertTrue(pdts >= 6 && pdts <= 8, "one PDT every 10 s and after the discontinuity: " + pdts);
        assertTrue(shortP.stream().noneMatch(l -> l.startsWith("#EXT-X-PLAYLIST-TYPE")));
        // Both list the same segment files: the newest one is shared.
        assertEquals(shortP.get(shortP.size() - 1), longP.get(longP.size() - 1));
        // The short window lies after the restart: its discontinuity left it, counted in DISCONTINUITY-SEQUENCE.
        assertEquals(1, tag(shortP, "#EXT-X-DISCONTINUITY-SEQUENCE"));
        assertFalse(shortP.contains("#EXT-X-DISCONTINUITY"));
    }

    @Test
    void audioPlaylistListsAudioSegmentsWithTheirAudioSpans() {
        CmafSettings cmaf = cmaf(2);
        ChannelView view = FakeChannels.twoRenditions();
        String audio = CmafPackager.mediaPlaylist(view, endpoint(cmaf), cmaf, "short", 1, MediaKind.AUDIO).orElseThrow();
        String video = CmafPackager.mediaPlaylist(view, endpoint(cmaf), cmaf, "short", 1, MediaKind.VIDEO).orElseThrow();
        assertTrue(audio.contains("#EXT-X-MAP:URI=\"../live_1a_init.mp4\"\n"), audio);
        RenditionView r = view.rendition(1).orElseThrow();
        List<OutputSegment> segments = OutputSegmenter.segments(r, 2);
        List<String> lines = lines(audio);
        List<String> uris = new ArrayList<>();
        List<Double> durations = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("#EXTINF:")) {
                durations.add(extinf(lines.get(i)));
                uris.add(lines.get(i + 1));
            }
        }
        assertFalse(uris.isEmpty());
        for (int i = 0; i < uris.size(); i++) {
            long ordinal = Long.parseLong(uris.get(i).replaceAll("\\.\\./live_1a_(\\d+)\\.mp4", "$1"));
            OutputSegment s = segments.stream().filter(o -> o.ordinal() == ordinal).findFirst().orElseThrow();
            long span = s.trackEnd(MediaKind.AUDIO).getAsLong() - s.trackStart(MediaKind.AUDIO).getAsLong();
            assertEquals(span / (double) SECOND, durations.get(i), 0.0005, uris.get(i));
            assertNotEquals(s.durationSeconds(), durations.get(i), 0.01, "the audio span is shorter than the segment");
        }
        assertEquals(video.replaceAll("(?m)^#EXTINF:.*$", "").replace("_1v_", "_1a_"), audio.replaceAll("(?m)^#EXTINF:.*$", ""),
                "audio and video playlists share numbering, windows and discontinuities");
        assertTrue(CmafPackager.mediaPlaylist(view, endpoint(cmaf), cmaf, "short", 2, MediaKind.AUDIO).isEmpty(),
                "the same-language audio of rendition 2 is not in the group");
        assertTrue(CmafPackager.mediaPlaylist(view, endpoint(cmaf), cmaf, "nope", 1, MediaKind.VIDEO).isEmpty());
    }

    @Test
    void audioProgramDateTimeIsWhereTheAudioStarts() {
        CmafSettings cmaf = cmaf(2);
        ChannelView view = FakeChannels.twoRenditions();
        String audio = CmafPackager.mediaPlaylist(view, endpoint(cmaf), cmaf, "long", 1, MediaKind.AUDIO).orElseThrow();
        String video = CmafPackager.mediaPlaylist(view, endpoint(cmaf), cmaf, "long", 1, MediaKind.VIDEO).orElseThrow();
        String firstAudio = audio.lines().filter(l -> l.startsWith("#EXT-X-PROGRAM-DATE-TIME:")).findFirst().orElseThrow();
        String firstVideo = video.lines().filter(l -> l.startsWith("#EXT-X-PROGRAM-DATE-TIME:")).findFirst().orElseThrow();
        long delta = java.time.Duration.between(java.time.OffsetDateTime.parse(firstVideo.substring(25)),
                java.time.OffsetDateTime.parse(firstAudio.substring(25))).toMillis();
        assertEquals(FakeChannels.AUDIO_DELAY * 1000 / SECOND, delta);
    }

    @Test
    void multivariantHasAnAudioGroupAndVariantsWithCodecsResolutionAndBandwidth() {
        CmafSettings cmaf = cmaf(6);
        ChannelView view = FakeChannels.twoRenditions();
        String m = CmafPackager.multivariant(view, endpoint(cmaf), cmaf, "long").orElseThrow();
        List<String> lines = lines(m);
        assertTrue(tag(lines, "#EXT-X-VERSION") >= 6, m);
        assertTrue(lines.contains("#EXT-X-INDEPENDENT-SEGMENTS"), m);
        List<String> media = lines.stream().filter(l -> l.startsWith("#EXT-X-MEDIA:")).toList();
        assertEquals(List.of("#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"audio\",NAME=\"eng\",LANGUAGE=\"eng\",DEFAULT=YES,AUTOSELECT=YES,CHANNELS=\"2\",URI=\"main_1a.m3u8\""),
                media);
        Pattern inf = Pattern.compile("#EXT-X-STREAM-INF:BANDWIDTH=(\\d+),AVERAGE-BANDWIDTH=(\\d+),CODECS=\"avc1\\.4d401f,mp4a\\.40\\.2\","
                + "RESOLUTION=640x360,FRAME-RATE=25\\.000,AUDIO=\"audio\"");
        List<Long> bandwidths = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("#EXT-X-STREAM-INF:")) {
                Matcher x = inf.matcher(lines.get(i));
                assertTrue(x.matches(), lines.get(i));
                assertTrue(Long.parseLong(x.group(1)) >= Long.parseLong(x.group(2)));
                bandwidths.add(Long.parseLong(x.group(1)));
                assertEquals("main_" + (bandwidths.size()) + "v.m3u8", lines.get(i + 1));
            }
        }
        assertEquals(2, bandwidths.size(), m);
        // 150 000 video bytes per 2 s = 600 kb/s of video, plus 96 kb/s of audio, plus boxes.
        assertTrue(bandwidths.get(0) > 696_000 && bandwidths.get(0) < 760_000, m);
        assertTrue(bandwidths.get(1) > bandwidths.get(0) + 500_000, m);
        assertEquals(2, lines.stream().filter(l -> l.startsWith("#EXT-X-I-FRAME-STREAM-INF:")).count(), m);
        assertTrue(m.contains(",URI=\"main_1v_iframe.m3u8\"\n"), m);
        String noIframes = CmafPackager.multivariant(view, endpoint(cmaf), cmaf, "short").orElseThrow();
        assertFalse(noIframes.contains("I-FRAME"), noIframes);
        assertTrue(noIframes.contains("\nindex_2v.m3u8\n"), noIframes);
        assertTrue(CmafPackager.multivariant(view, endpoint(cmaf), cmaf, "other").isEmpty());
    }

    @Test
    void oneAudioGroupEntryPerLanguageAndAudioOnlyLaddersListAudioVariants() {
        CmafSettings cmaf = cmaf(2);
        ChannelView languages = FakeChannels.channel(List.of(new Rendition("v", true, "eng", 150_000), new Rendition("fr", false, "fra", 0),
                new Rendition("en2", false, "eng", 0)), 10, -1);
        String m = CmafPackager.multivariant(languages, endpoint(cmaf), cmaf, "short").orElseThrow();
        List<String> media = lines(m).stream().filter(l -> l.startsWith("#EXT-X-MEDIA:")).toList();
        assertEquals(2, media.size(), m);
        assertTrue(media.get(0).contains("LANGUAGE=\"eng\",DEFAULT=YES") && media.get(0).endsWith("URI=\"index_1a.m3u8\""), m);
        assertTrue(media.get(1).contains("LANGUAGE=\"fra\",DEFAULT=NO") && media.get(1).endsWith("URI=\"index_2a.m3u8\""), m);
        assertEquals(1, lines(m).stream().filter(l -> l.startsWith("#EXT-X-STREAM-INF:")).count(), "audio-only renditions are not variants: " + m);

        ChannelView audioOnly = FakeChannels.channel(List.of(new Rendition("a1", false, "", 0), new Rendition("a2", false, "", 0)), 10, -1);
        String a = CmafPackager.multivariant(audioOnly, endpoint(cmaf), cmaf, "short").orElseThrow();
        assertFalse(a.contains("#EXT-X-MEDIA:"), a);
        assertTrue(a.contains("CODECS=\"mp4a.40.2\"\nindex_1a.m3u8\n") && a.contains("\nindex_2a.m3u8\n"), a);
        String p = CmafPackager.mediaPlaylist(audioOnly, endpoint(cmaf), cmaf, "short", 2, MediaKind.AUDIO).orElseThrow();
        assertTrue(p.contains("\n../live_2a_"), p);
        assertTrue(CmafPackager.mediaPlaylist(audioOnly, endpoint(cmaf), cmaf, "short", 2, MediaKind.VIDEO).isEmpty());
    }

    @Test
    void iframePlaylistListsIframeOnlySegmentsWithTheVideoInit() {
        CmafSettings cmaf = cmaf(6);
        ChannelView view = FakeChannels.twoRenditions();
        String p = CmafPackager.iframePlaylist(view, endpoint(cmaf), cmaf, "long", 2).orElseThrow();
        List<String> lines = lines(p);
        assertTrue(tag(lines, "#EXT-X-VERSION") >= 6, p);
        assertTrue(lines.contains("#EXT-X-I-FRAMES-ONLY"), p);
        assertTrue(lines.contains("#EXT-X-MAP:URI=\"../live_2v_init.mp4\""), p);
        long first = tag(lines, "#EXT-X-MEDIA-SEQUENCE");
        List<String> uris = lines.stream().filter(l -> !l.startsWith("#")).toList();
        for (int i = 0; i < uris.size(); i++) {
            assertEquals("../live_2i_" + (first + i) + ".mp4", uris.get(i));
        }
        String video = CmafPackager.mediaPlaylist(view, endpoint(cmaf), cmaf, "long", 2, MediaKind.VIDEO).orElseThrow();
        assertEquals(video.lines().filter(l -> l.startsWith("#EXTINF")).toList(), p.lines().filter(l -> l.startsWith("#EXTINF")).toList(),
                "one entry per segment, lasting as long");
        assertTrue(CmafPackager.iframePlaylist(view, endpoint(cmaf), cmaf, "short", 2).isEmpty(), "that manifest has no I-frame stream");
    }

    @Test
    void everyUriOfEveryPlaylistParsesAndResolves() {
        CmafSettings cmaf = cmaf(6);
        ChannelView view = FakeChannels.twoRenditions();
        EndpointConfig endpoint = endpoint(cmaf);
        int found = 0;
        for (CmafSettings.Manifest manifest : cmaf.hlsManifests()) {
            String folder = manifest.id() + "/";
            assertEquals(Optional.of(new CmafNames.Multivariant(manifest.id())), CmafNames.parse(cmaf, CmafNames.manifestPath(manifest)));
            String m = CmafPackager.multivariant(view, endpoint, cmaf, manifest.id()).orElseThrow();
            List<String> playlists = new ArrayList<>(m.lines().filter(l -> !l.startsWith("#")).toList());
            Matcher uri = Pattern.compile("URI=\"([^\"]+)\"").matcher(m);
            while (uri.find()) {
                playlists.add(uri.group(1));
            }
            for (String playlist : playlists) {
                CmafNames.Request request = CmafNames.parse(cmaf, folder + playlist).orElseThrow(() -> new AssertionError(playlist));
                String text;
                if (request instanceof CmafNames.MediaPlaylist mp) {
                    text = CmafPackager.mediaPlaylist(view, endpoint, cmaf, mp.manifestId(), mp.position(), mp.kind()).orElseThrow();
                } else if (request instanceof CmafNames.IframePlaylist ip) {
                    text = CmafPackager.iframePlaylist(view, endpoint, cmaf, ip.manifestId(), ip.position()).orElseThrow();
                } else {
                    throw new AssertionError(playlist + " is " + request);
                }
                List<String> refs = new ArrayList<>(text.lines().filter(l -> !l.startsWith("#")).toList());
                Matcher map = Pattern.compile("#EXT-X-MAP:URI=\"([^\"]+)\"").matcher(text);
                while (map.find()) {
                    refs.add(map.group(1));
                }
                for (String ref : refs) {
                    assertTrue(ref.startsWith("../"), ref);
                    CmafNames.Request r = CmafNames.parse(cmaf, ref.substring(3)).orElseThrow(() -> new AssertionError(ref));
                    if (r instanceof CmafNames.Segment s) {
                        assertInstanceOf(CmafPackager.Found.class, CmafPackager.segment(view, cmaf, s.position(), s.kind(), s.ordinal()), ref);
                        found++;
                    } else {
                        CmafNames.Init init = (CmafNames.Init) r;
                        assertTrue(CmafPackager.initSource(view, init.position(), init.kind()).isPresent(), ref);
                    }
                }
            }
        }
        assertTrue(found > 50, "segments resolved: " + found);
    }

    @Test
    void lookupsFindOnlyTheSegmentAskedFor() {
        ChannelTimeline t = new ChannelTimeline("live");
        Rendition r = new Rendition("r", true, "eng", 150_000);
        for (int i = 0; i < 20; i++) {
            t.onSegment(new dev.fount.origin.timeline.InputSegment("1", "r", "r_" + i + ".ts", java.nio.file.Path.of("/x"),
                    FakeChannels.probe(r, (100 + i) * 2 * SECOND, 2 * SECOND), 2.0, false, null, FakeChannels.T0.plusSeconds(2L * i)), 2.0);
        }
        t.trim(java.time.Duration.ofSeconds(10));
        ChannelView view = t.view();
        CmafSettings cmaf = cmaf(2);
        assertEquals(new CmafPackager.Gone(114, 119), CmafPackager.segment(view, cmaf, 1, MediaKind.VIDEO, 100));
        CmafPackager.Found f = (CmafPackager.Found) CmafPackager.segment(view, cmaf, 1, MediaKind.AUDIO, 116);
        assertEquals(116, f.segment().ordinal());
        assertEquals("r", f.rendition().id());
        assertInstanceOf(CmafPackager.Absent.class, CmafPackager.segment(view, cmaf, 1, MediaKind.VIDEO, 120));
        assertInstanceOf(CmafPackager.Absent.class, CmafPackager.segment(view, cmaf, 2, MediaKind.VIDEO, 116));
        ChannelView audioOnly = FakeChannels.channel(List.of(new Rendition("a", false, "", 0)), 5, -1);
        assertInstanceOf(CmafPackager.Absent.class, CmafPackager.segment(audioOnly, cmaf, 1, MediaKind.VIDEO, 1001),
                "no video track, no video segment");
        assertTrue(CmafPackager.initSource(audioOnly, 1, MediaKind.VIDEO).isEmpty());
    }
}
