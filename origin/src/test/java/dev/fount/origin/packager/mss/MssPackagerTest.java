package dev.fount.origin.packager.mss;

import static dev.fount.origin.packager.cmaf.FakeChannels.SECOND;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mp4parser.IsoFile;
import org.mp4parser.boxes.iso14496.part15.AvcConfigurationBox;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import dev.fount.api.v1alpha1.OriginEndpointSpec.Origination;
import dev.fount.origin.config.EndpointConfig;
import dev.fount.origin.config.MssSettings;
import dev.fount.origin.config.StreamSelectionSettings;
import dev.fount.origin.media.ElementaryStream;
import dev.fount.origin.media.MediaKind;
import dev.fount.origin.media.TrackFormat;
import dev.fount.origin.packager.OutputSegment;
import dev.fount.origin.packager.OutputSegmenter;
import dev.fount.origin.packager.cmaf.FakeChannels;
import dev.fount.origin.packager.cmaf.FakeChannels.Rendition;
import dev.fount.origin.timeline.ChannelTimeline;
import dev.fount.origin.timeline.ChannelView;
import dev.fount.origin.timeline.InputSegment;
import dev.fount.origin.timeline.RenditionView;

class MssPackagerTest {

    private static final MssSettings MSS = new MssSettings(2, 30, StreamSelectionSettings.ALL);
    private static final byte[] ASC = {0x11, (byte) 0x90};   // AAC-LC, 48 kHz, stereo

    private static EndpointConfig endpoint(MssSettings mss) {
        return new EndpointConfig("live-mss", "live", "index", 0, 0, List.of(), Origination.ALLOW, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of(mss));
    }

    private static Document parse(String xml) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    }

    private static Element streamIndex(Document d, String name) {
        NodeList list = d.getElementsByTagName("StreamIndex");
        for (int i = 0; i < list.getLength(); i++) {
            Element e = (Element) list.item(i);
            if (e.getAttribute("Name").equals(name)) {
                return e;
            }
        }
        throw new AssertionError("no StreamIndex " + name);
    }

    private static List<Element> children(Element parent, String tag) {
        List<Element> out = new ArrayList<>();
        NodeList list = parent.getElementsByTagName(tag);
        for (int i = 0; i < list.getLength(); i++) {
            out.add((Element) list.item(i));
        }
        return out;
    }

    /** The c elements expanded to (t, d) per fragment, as a client reads them. */
    private static List<long[]> expand(Element streamIndex) {
        List<long[]> out = new ArrayList<>();
        long next = -1;
        for (Element c : children(streamIndex, "c")) {
            long t = c.hasAttribute("t") ? Long.parseLong(c.getAttribute("t")) : next;
            long d = Long.parseLong(c.getAttribute("d"));
            int r = c.hasAttribute("r") ? Integer.parseInt(c.getAttribute("r")) : 1;
            for (int i = 0; i < r; i++) {
                out.add(new long[] {t, d});
                t += d;
            }
            next = t;
        }
        return out;
    }

    /** A TrackFormats answering with FFmpeg's avcC of the H.264 fixture and an AAC-LC AudioSpecificConfig. */
    private static TrackFormats formats(byte[] avcC) {
        return (r, kind) -> Optional.of(kind == MediaKind.VIDEO
                ? new TrackFormat(256, kind, "avc1", "avc1.64000d", 90000, 320, 180, 0, 0, "und", avcC)
                : new TrackFormat(257, kind, "mp4a", "mp4a.40.2", 90000, 0, 0, 48000, 2, "eng", ASC));
    }

    @Test
    void manifestFollowsMsSstr(@TempDir Path dir) throws Exception {
        byte[] avcC;
        String expectedPrivateData;
        try (IsoFile file = new IsoFile(Mp4Fixtures.remux("h264_aac.ts", dir).toFile())) {
            AvcConfigurationBox box = Mp4Fixtures.box(file, List.of("moov/trak/mdia/minf/stbl/stsd/avc1/avcC"));
            avcC = Mp4Fixtures.payload(box);
            expectedPrivateData = "00000001" + ParameterSets.hex(Mp4Fixtures.bytes(box.getSequenceParameterSets().get(0)))
                    + "00000001" + ParameterSets.hex(Mp4Fixtures.bytes(box.getPictureParameterSets().get(0)));
        }
        ChannelView view = FakeChannels.twoRenditions();
        Document d = parse(MssPackager.manifest(view, endpoint(MSS), MSS, formats(avcC)).orElseThrow());
        Element root = d.getDocumentElement();
        assertEquals("SmoothStreamingMedia", root.getTagName());
        assertEquals("2", root.getAttribute("MajorVersion"));
        assertEquals("2", root.getAttribute("MinorVersion"));
        assertEquals("90000", root.getAttribute("TimeScale"));
        assertEquals("0", root.getAttribute("Duration"));
        assertEquals("TRUE", root.getAttribute("IsLive"));
        assertEquals("2", root.getAttribute("LookAheadFragmentCount"));
        assertEquals(String.valueOf(30 * 90000), root.getAttribute("DVRWindowLength"));

        Element video = streamIndex(d, "video");
        assertEquals("video", video.getAttribute("Type"));
        assertEquals("QualityLevels({bitrate})/Fragments(video={start time})", video.getAttribute("Url"));
        assertEquals("2", video.getAttribute("QualityLevels"));
        assertEquals("640", video.getAttribute("MaxWidth"));
        assertEquals("360", video.getAttribute("DisplayHeight"));
        List<Element> levels = children(video, "QualityLevel");
        assertEquals(2, levels.size());
        for (int i = 0; i < levels.size(); i++) {
            Element q = levels.get(i);
            assertEquals(String.valueOf(i), q.getAttribute("Index"));
            assertEquals("H264", q.getAttribute("FourCC"));
            assertEquals("640", q.getAttribute("MaxWidth"));
            assertEquals("360", q.getAttribute("MaxHeight"));
            assertEquals(expectedPrivateData, q.getAttribute("CodecPrivateData"));
        }
        long low = Long.parseLong(levels.get(0).getAttribute("Bitrate"));
        long high = Long.parseLong(levels.get(1).getAttribute("Bitrate"));
        assertTrue(low > 550_000 && low < 650_000, "about 600 kb/s of video: " + low);
        assertTrue(high > 1_150_000 && high < 1_250_000, "about 1.2 Mb/s of video: " + high);

        Element audio = streamIndex(d, "audio");
        assertEquals("audio", audio.getAttribute("Type"));
        assertEquals("eng", audio.getAttribute("Language"));
        assertEquals("QualityLevels({bitrate})/Fragments(audio={start time})", audio.getAttribute("Url"));
        Element a = children(audio, "QualityLevel").get(0);
        assertEquals("AACL", a.getAttribute("FourCC"));
        assertEquals("48000", a.getAttribute("SamplingRate"));
        assertEquals("2", a.getAttribute("Channels"));
        assertEquals("16", a.getAttribute("BitsPerSample"));
        assertEquals("4", a.getAttribute("PacketSize"));
        assertEquals("255", a.getAttribute("AudioTag"));
        assertEquals("1190", a.getAttribute("CodecPrivateData"));
        assertEquals(1, children(audio, "QualityLevel").size(), "both renditions carry the same English audio: one quality level");
    }

    @Test
    void chunksCoverTheWindowCompactRepeatsAndRestartWithAnExplicitTime() throws Exception {
        ChannelView view = FakeChannels.twoRenditions();
        Document d = parse(MssPackager.manifest(view, endpoint(MSS), MSS, TrackFormats.NONE).orElseThrow());
        RenditionView r = view.rendition(1).orElseThrow();
        List<OutputSegment> segments = OutputSegmenter.segments(r, MSS.segmentDurationSeconds());
        for (MediaKind kind : List.of(MediaKind.VIDEO, MediaKind.AUDIO)) {
            Element index = streamIndex(d, kind == MediaKind.VIDEO ? "video" : "audio");
            List<long[]> fragments = expand(index);
            assertEquals(fragments.size(), Integer.parseInt(index.getAttribute("Chunks")));
            long covered = fragments.stream().mapToLong(f -> f[1]).sum();
            assertTrue(covered >= 30 * SECOND && covered - fragments.get(0)[1] < 30 * SECOND, "the window is 30 s: " + covered);
            List<OutputSegment> tail = segments.subList(segments.size() - fragments.size(), segments.size());
            for (int i = 0; i < fragments.size(); i++) {
                long expected = kind == MediaKind.VIDEO ? tail.get(i).start() : tail.get(i).trackStart(MediaKind.AUDIO).getAsLong();
                assertEquals(expected, fragments.get(i)[0], kind + " fragment " + i + " starts where its segment's track does");
            }
            List<Element> cs = children(index, "c");
            assertTrue(cs.size() < fragments.size() && cs.stream().anyMatch(c -> Integer.parseInt(c.getAttribute("r").isEmpty() ? "1" : c.getAttribute("r")) > 1),
                    "repeated durations are compacted");
            List<Element> timed = cs.stream().filter(c -> c.hasAttribute("t")).toList();
            assertEquals(2, timed.size(), "the first chunk and the first after the restart carry t");
            long restart = kind == MediaKind.VIDEO ? 10 * SECOND : 10 * SECOND + FakeChannels.AUDIO_DELAY;
            assertEquals(restart, Long.parseLong(timed.get(1).getAttribute("t")));
        }
        // Within a run, audio fragments last until the next one starts, so t + d is the next request;
        // the last one of the ended run lasts its audio span; the newest, a segment.
        List<long[]> audio = expand(streamIndex(d, "audio"));
        assertEquals(2 * SECOND, audio.get(1)[1]);
        OutputSegment lastOfOldRun = segments.stream().filter(s -> s.discontinuitySequence() == 0).reduce((a, b) -> b).orElseThrow();
        long[] before = audio.stream().filter(f -> f[0] == lastOfOldRun.trackStart(MediaKind.AUDIO).getAsLong()).findFirst().orElseThrow();
        assertEquals(lastOfOldRun.trackEnd(MediaKind.AUDIO).getAsLong() - lastOfOldRun.trackStart(MediaKind.AUDIO).getAsLong(), before[1]);
        assertEquals(segments.get(segments.size() - 1).duration(), audio.get(audio.size() - 1)[1]);
    }

    @Test
    void encryptedManifestCarriesTheProtectionHeaderBeforeTheStreams() throws Exception {
        ChannelView view = FakeChannels.twoRenditions();
        java.util.UUID kid = java.util.UUID.fromString("0a0b0c0d-0102-0304-0506-0708090a0b0c");
        String header = dev.fount.origin.crypto.PlayReady.header(kid, null);
        String xml = MssPackager.manifest(view, endpoint(MSS), MSS, TrackFormats.NONE, true, dev.fount.origin.crypto.PlayReady.SYSTEM_ID, header)
                .orElseThrow();
        Document d = parse(xml);
        Element root = d.getDocumentElement();
        Element protection = children(root, "Protection").get(0);
        Element ph = children(protection, "ProtectionHeader").get(0);
        assertEquals("9A04F079-9840-4286-AB92-E65BE0885F95", ph.getAttribute("SystemID"));
        assertEquals(header, ph.getTextContent());
        // [MS-SSTR] §2.2.2.1: the Protection element comes before the StreamIndex elements.
        assertEquals("Protection", ((Element) root.getElementsByTagName("*").item(0)).getTagName());
        // The PlayReady Object holds a WRM header naming the key id in Microsoft's GUID byte order.
        String wrm = dev.fount.origin.crypto.PlayReady.headerXml(header);
        assertTrue(wrm.contains("<KID>DQwLCgIBBAMFBgcICQoLDA==</KID>") && wrm.contains("<ALGID>AESCTR</ALGID>"), wrm);
        // A clear endpoint has none.
        assertTrue(children(parse(MssPackager.manifest(view, endpoint(MSS), MSS, TrackFormats.NONE).orElseThrow()).getDocumentElement(),
                "Protection").isEmpty());
    }

    @Test
    void identicalRenditionsGetDistinctBitratesThatFindTheirOwnRendition() throws Exception {
        ChannelView view = FakeChannels.channel(List.of(new Rendition("a", true, "eng", 150_000), new Rendition("b", true, "eng", 150_000)), 10, -1);
        Document d = parse(MssPackager.manifest(view, endpoint(MSS), MSS, TrackFormats.NONE).orElseThrow());
        Element video = streamIndex(d, "video");
        List<Element> levels = children(video, "QualityLevel");
        long first = Long.parseLong(levels.get(0).getAttribute("Bitrate"));
        long second = Long.parseLong(levels.get(1).getAttribute("Bitrate"));
        assertNotEquals(first, second);
        assertEquals("", levels.get(0).getAttribute("CodecPrivateData"), "no format known: empty");
        long time = expand(video).get(0)[0];
        assertEquals("a", ((MssPackager.Found) MssPackager.fragment(view, MSS, first, MediaKind.VIDEO, time)).rendition().id());
        assertEquals("b", ((MssPackager.Found) MssPackager.fragment(view, MSS, second, MediaKind.VIDEO, time)).rendition().id());
        // A URL built from an older manifest, when the measured rate differed, still finds its rendition.
        assertEquals("b", ((MssPackager.Found) MssPackager.fragment(view, MSS, second + 7000, MediaKind.VIDEO, time)).rendition().id());
    }

    @Test
    void fragmentLookupsCarryTheNextFragmentsForTfrf() throws Exception {
        ChannelView view = FakeChannels.channel(List.of(new Rendition("a", true, "eng", 150_000)), 12, -1);
        Document d = parse(MssPackager.manifest(view, endpoint(MSS), MSS, TrackFormats.NONE).orElseThrow());
        for (String name : List.of("video", "audio")) {
            Element index = streamIndex(d, name);
            long bitrate = Long.parseLong(children(index, "QualityLevel").get(0).getAttribute("Bitrate"));
            List<long[]> fragments = expand(index);
            int n = fragments.size();
            MediaKind kind = name.equals("video") ? MediaKind.VIDEO : MediaKind.AUDIO;
            MssPackager.Found f = (MssPackager.Found) MssPackager.fragment(view, MSS, bitrate, kind, fragments.get(n - 4)[0]);
            assertEquals(fragments.get(n - 4)[0], f.time());
            assertEquals(fragments.get(n - 4)[1], f.duration());
            assertEquals(2, f.lookahead().size());
            assertArrayEquals(fragments.get(n - 3), f.lookahead().get(0));
            assertArrayEquals(fragments.get(n - 2), f.lookahead().get(1));
            long segmentTime = kind == MediaKind.VIDEO ? f.segment().start() : f.segment().trackStart(MediaKind.AUDIO).getAsLong();
            assertEquals(f.time(), segmentTime);
            assertEquals(1, ((MssPackager.Found) MssPackager.fragment(view, MSS, bitrate, kind, fragments.get(n - 2)[0])).lookahead().size());
            assertTrue(((MssPackager.Found) MssPackager.fragment(view, MSS, bitrate, kind, fragments.get(n - 1)[0])).lookahead().isEmpty());
            assertInstanceOf(MssPackager.Absent.class, MssPackager.fragment(view, MSS, bitrate, kind, fragments.get(n - 1)[0] + SECOND), "between fragments");
            // A time off by part of an audio frame (a client's t + d prediction) still names the fragment, with its true time.
            MssPackager.Found near = (MssPackager.Found) MssPackager.fragment(view, MSS, bitrate, kind, fragments.get(n - 1)[0] + 1500);
            assertEquals(fragments.get(n - 1)[0], near.time());
            assertInstanceOf(MssPackager.Absent.class, MssPackager.fragment(view, MSS, bitrate, kind, fragments.get(n - 1)[0] + 10 * SECOND), "not made yet");
            assertInstanceOf(MssPackager.Absent.class, MssPackager.fragment(view, MSS, 5, kind, fragments.get(0)[0]), "no such quality level");
        }
        assertInstanceOf(MssPackager.Absent.class, MssPackager.fragment(view, MSS, "audio_fra", 96_001, 0));
    }

    @Test
    void fragmentsThatLeftTheTimelineAreGone() {
        ChannelTimeline t = new ChannelTimeline("live");
        Rendition r = new Rendition("r", true, "eng", 150_000);
        for (int i = 0; i < 20; i++) {
            t.onSegment(new InputSegment("1", "r", "r_" + i + ".ts", Path.of("/x"), FakeChannels.probe(r, (100 + i) * 2 * SECOND, 2 * SECOND), 2.0, false,
                    null, FakeChannels.T0.plusSeconds(2L * i)), 2.0);
        }
        t.trim(java.time.Duration.ofSeconds(10));
        ChannelView view = t.view();
        long bitrate = MssPackager.streams(view, MSS).get(0).tracks().get(0).bitrate();
        assertEquals(new MssPackager.Gone(114 * 2 * SECOND), MssPackager.fragment(view, MSS, bitrate, MediaKind.VIDEO, 100 * 2 * SECOND));
        assertInstanceOf(MssPackager.Found.class, MssPackager.fragment(view, MSS, bitrate, MediaKind.VIDEO, 116 * 2 * SECOND));
        assertTrue(MssPackager.manifest(ChannelView.empty("live"), endpoint(MSS), MSS, TrackFormats.NONE).isEmpty());
    }

    @Test
    void audioFourCcsAndTags() {
        assertEquals("AACL", MssPackager.audioFourCc(audio("mp4a", "mp4a.40.2")));
        assertEquals("AACH", MssPackager.audioFourCc(audio("mp4a", "mp4a.40.5")));
        assertEquals("AACH", MssPackager.audioFourCc(audio("mp4a", "mp4a.40.29")));
        assertEquals("AC-3", MssPackager.audioFourCc(audio("ac-3", "ac-3")));
        assertEquals(0x2000, MssPackager.audioTag(audio("ac-3", "ac-3")));
        assertEquals("EC-3", MssPackager.audioFourCc(audio("ec-3", "ec-3")));
        assertNull(MssPackager.audioFourCc(audio("mp3", "mp4a.40.34")), "MP3 is not offered");
        assertEquals(255, MssPackager.audioTag(audio("mp4a", "mp4a.40.2")));
    }

    private static ElementaryStream audio(String codec, String codecString) {
        return new ElementaryStream(257, 0x0F, MediaKind.AUDIO, codec, codecString, null, null, null, 48000, 2, null, 0, 0, 0, 1);
    }
}
