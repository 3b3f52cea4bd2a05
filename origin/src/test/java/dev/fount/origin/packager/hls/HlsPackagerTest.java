package dev.fount.origin.packager.hls;

import static dev.fount.origin.timeline.Probes.SECOND;
import static dev.fount.origin.timeline.Probes.input;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.fount.api.v1alpha1.AdMarkers;
import dev.fount.api.v1alpha1.OriginEndpointSpec.Origination;
import dev.fount.api.v1alpha1.PlaylistType;
import dev.fount.api.v1alpha1.StreamSelection.StreamOrder;
import dev.fount.origin.config.EndpointConfig;
import dev.fount.origin.config.AdTriggerSettings;
import dev.fount.origin.config.HlsEncryption;
import dev.fount.origin.config.HlsSettings;
import dev.fount.origin.config.StreamSelectionSettings;
import dev.fount.origin.timeline.ChannelTimeline;
import dev.fount.origin.timeline.ChannelView;

class HlsPackagerTest {

    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    private static HlsSettings hls(int segment, int window, PlaylistType type, int pdt, boolean iframes, StreamSelectionSettings selection) {
        return new HlsSettings(segment, window, type, pdt, AdMarkers.NONE, iframes, false, selection);
    }

    private static HlsSettings audioGroup() {
        return new HlsSettings(6, 60, PlaylistType.NONE, 0, AdMarkers.NONE, true, true, StreamSelectionSettings.ALL);
    }

    private static EndpointConfig endpoint(HlsSettings hls) {
        return new EndpointConfig("live-hls", "live", "index", 0, 0, List.of(), Origination.ALLOW, Optional.of(hls));
    }

    /** Two renditions, 40 two-second segments from slot 1000, a restart (timestamp jump) before segment 30. */
    private static ChannelView channel() {
        ChannelTimeline t = new ChannelTimeline("live");
        t.declareRenditions(List.of("channel_0", "channel_1"));
        long pts = 1000 * 2 * SECOND;
        for (int i = 0; i < 40; i++) {
            if (i == 30) {
                pts = 10 * SECOND;
            }
            for (String r : List.of("channel_0", "channel_1")) {
                t.onSegment(input("1", r, i, pts, 2 * SECOND, false, T0.plusSeconds(2L * i)), 2.0);
            }
            pts += 2 * SECOND;
        }
        return t.view();
    }

    @Test
    void mediaPlaylistFollowsRfc8216() {
        HlsSettings hls = hls(6, 30, PlaylistType.NONE, 0, false, StreamSelectionSettings.ALL);
        String p = HlsPackager.mediaPlaylist(channel(), endpoint(hls), hls, 1).orElseThrow();
        List<String> lines = Arrays.asList(p.split("\n"));
        assertEquals("#EXTM3U", lines.get(0));
        assertTrue(lines.contains("#EXT-X-TARGETDURATION:6"), p);
        // 6-second segments joined from 2-second inputs; the window covers 30 s.
        long extinf = lines.stream().filter(l -> l.startsWith("#EXTINF:")).count();
        assertTrue(extinf >= 5 && extinf <= 6, p);
        String sequence = lines.stream().filter(l -> l.startsWith("#EXT-X-MEDIA-SEQUENCE:")).findFirst().orElseThrow();
        long first = Long.parseLong(sequence.substring(sequence.indexOf(':') + 1));
        List<String> uris = lines.stream().filter(l -> l.startsWith("index_1_")).toList();
        for (int i = 0; i < uris.size(); i++) {
            assertEquals("index_1_" + (first + i) + ".ts", uris.get(i), "URIs carry the media sequence number");
        }
        assertEquals(1, lines.stream().filter(l -> l.equals("#EXT-X-DISCONTINUITY")).count(), p);
        assertTrue(lines.stream().noneMatch(l -> l.startsWith("#EXT-X-PLAYLIST-TYPE")), "NONE writes no playlist type");
        // EXTINF rounded never exceeds the target duration.
        lines.stream().filter(l -> l.startsWith("#EXTINF:"))
                .forEach(l -> assertTrue(Math.round(Double.parseDouble(l.substring(8, l.indexOf(',')))) <= 6, l));
    }

    @Test
    void discontinuitySequenceCountsDiscontinuitiesThatLeftTheWindow() {
        HlsSettings hls = hls(2, 6, PlaylistType.EVENT, 0, false, StreamSelectionSettings.ALL);
        String p = HlsPackager.mediaPlaylist(channel(), endpoint(hls), hls, 2).orElseThrow();
        assertTrue(p.contains("#EXT-X-DISCONTINUITY-SEQUENCE:1\n"), p);
        assertTrue(!p.contains("#EXT-X-DISCONTINUITY\n"), p);
        assertTrue(p.contains("#EXT-X-PLAYLIST-TYPE:EVENT\n"), p);
    }

    @Test
    void programDateTimeAtTheIntervalAndAfterEachDiscontinuity() {
        HlsSettings hls = hls(2, 60, PlaylistType.NONE, 10, false, StreamSelectionSettings.ALL);
        String p = HlsPackager.mediaPlaylist(channel(), endpoint(hls), hls, 1).orElseThrow();
        long pdts = Arrays.stream(p.split("\n")).filter(l -> l.startsWith("#EXT-X-PROGRAM-DATE-TIME:")).count();
        // 30 segments of 2 s = 60 s window: one every 10 s (6) plus one after the discontinuity.
        assertTrue(pdts >= 6 && pdts <= 8, p);
        assertTrue(p.contains("#EXT-X-DISCONTINUITY\n#EXT-X-PROGRAM-DATE-TIME:"), p);
    }

    @Test
    void multivariantListsEachRenditionWithBandwidthCodecsResolutionAndIframes() {
        HlsSettings hls = hls(6, 60, PlaylistType.NONE, 0, true, StreamSelectionSettings.ALL);
        String m = HlsPackager.multivariant(channel(), endpoint(hls), hls);
        assertTrue(m.contains("#EXT-X-STREAM-INF:BANDWIDTH=752000,AVERAGE-BANDWIDTH=752000,CODECS=\"avc1.4d401f,mp4a.40.2\",RESOLUTION=640x360,FRAME-RATE=25.000\nindex_1.m3u8\n"), m);
        assertTrue(m.contains("index_2.m3u8"), m);
        assertTrue(m.contains("#EXT-X-I-FRAME-STREAM-INF:"), m);
        assertTrue(m.contains("URI=\"index_1_iframe.m3u8\""), m);
    }

    @Test
    void iframePlaylistPointsAtEachKeyFrameWithItsProgramTables() {
        HlsSettings hls = hls(6, 12, PlaylistType.NONE, 0, true, StreamSelectionSettings.ALL);
        String p = HlsPackager.iframePlaylist(channel(), endpoint(hls), hls, 1).orElseThrow();
        assertTrue(p.contains("#EXT-X-I-FRAMES-ONLY\n"), p);
        assertTrue(p.contains("#EXT-X-VERSION:5\n"), p);
        // Three 2-second inputs per output segment: key frames at offsets 376, 188376 and 376376 of the joined file.
        assertTrue(p.matches("(?s).*#EXT-X-MAP:URI=\"index_1_(\\d+)\\.ts\",BYTERANGE=\"376@188000\"\n#EXTINF:2.000,\n#EXT-X-BYTERANGE:18800@188376\nindex_1_\\1\\.ts\n.*"), p);
    }

    @Test
    void streamSelectionFiltersAndOrdersByVideoBitrate() {
        StreamSelectionSettings none = new StreamSelectionSettings(10_000_000, Integer.MAX_VALUE, StreamOrder.ORIGINAL);
        HlsSettings hls = hls(6, 60, PlaylistType.NONE, 0, false, none);
        assertTrue(HlsPackager.selected(channel(), hls).isEmpty(), "no rendition reaches 10 Mb/s of video");
        StreamSelectionSettings all = new StreamSelectionSettings(0, 1_000_000, StreamOrder.VIDEO_BITRATE_DESCENDING);
        assertEquals(2, HlsPackager.selected(channel(), hls(6, 60, PlaylistType.NONE, 0, false, all)).size());
    }

    @Test
    void aSegmentLookupNeverReturnsAnotherSegment() {
        ChannelTimeline t = new ChannelTimeline("live");
        for (int i = 0; i < 20; i++) {
            t.onSegment(input("1", "r", i, (100 + i) * 2 * SECOND, 2 * SECOND, false, T0.plusSeconds(2L * i)), 2.0);
        }
        t.trim(java.time.Duration.ofSeconds(10));   // keeps the newest 10 s: slots 115..119
        HlsSettings hls = hls(2, 60, PlaylistType.NONE, 0, false, StreamSelectionSettings.ALL);
        ChannelView view = t.view();
        assertEquals(new HlsPackager.Gone(114, 119), HlsPackager.segment(view, hls, 1, 100));
        assertEquals(116, ((HlsPackager.Found) HlsPackager.segment(view, hls, 1, 116)).segment().ordinal());
        assertTrue(HlsPackager.segment(view, hls, 1, 120) instanceof HlsPackager.Absent);
        assertTrue(HlsPackager.segment(view, hls, 2, 116) instanceof HlsPackager.Absent);
    }

    @Test
    void audioRenditionGroupMovesAudioIntoOneExtXMediaRendition() {
        HlsSettings hls = audioGroup();
        String m = HlsPackager.multivariant(channel(), endpoint(hls), hls);
        assertTrue(m.contains("#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"audio\",NAME=\"Audio\",DEFAULT=YES,AUTOSELECT=YES,CHANNELS=\"2\",URI=\"index_a1.m3u8\"\n"), m);
        assertEquals(2, Arrays.stream(m.split("\n")).filter(l -> l.startsWith("#EXT-X-STREAM-INF:") && l.endsWith(",AUDIO=\"audio\"")).count(), m);
        String video = HlsPackager.mediaPlaylist(channel(), endpoint(hls), hls, 1).orElseThrow();
        assertTrue(video.contains("\nindex_1v_") && !video.contains("\nindex_1_"), "variants list video-only segments:\n" + video);
        String audio = HlsPackager.mediaPlaylist(channel(), endpoint(hls), hls, 1, true).orElseThrow();
        assertTrue(audio.contains("\nindex_a1_"), audio);
        assertEquals(video.replace("index_1v_", "X_"), audio.replace("index_a1_", "X_"), "audio and video playlists share timing and numbering");
        assertTrue(HlsPackager.mediaPlaylist(channel(), endpoint(hls), hls, 2, true).isEmpty(), "only rendition 1 carries the group's audio");
        String iframes = HlsPackager.iframePlaylist(channel(), endpoint(hls), hls, 1).orElseThrow();
        assertTrue(iframes.contains("\nindex_1_"), "I-frame byte ranges stay on the muxed segments:\n" + iframes);
    }

    private static HlsSettings encrypted(boolean repeat) {
        HlsEncryption e = new HlsEncryption("AES_128", null, 12, repeat,
                new HlsEncryption.KeyServer("http://keys.example/speke", "live", List.of(), Map.of()));
        return new HlsSettings(6, 60, PlaylistType.NONE, 0, AdMarkers.NONE, true, false, StreamSelectionSettings.ALL, AdTriggerSettings.DEFAULT,
                Optional.of(e));
    }

    @Test
    void keyTagsAreWrittenWhereTheKeyChangesOrBeforeEverySegment() throws Exception {
        // A key per 12 s of media (two 6 s segments), as the edge's KeyTags would give them.
        KeyTags byPeriod = s -> "#EXT-X-KEY:METHOD=AES-128,URI=\"k/" + s.start() / (12 * SECOND) + "\"";
        HlsSettings hls = encrypted(false);
        String p = HlsPackager.mediaPlaylist(channel(), endpoint(hls), hls, 1, false, byPeriod).orElseThrow();
        List<String> lines = Arrays.asList(p.split("\n"));
        List<String> keys = lines.stream().filter(l -> l.startsWith("#EXT-X-KEY:")).toList();
        long segments = lines.stream().filter(l -> l.startsWith("#EXTINF:")).count();
        assertTrue(keys.size() >= segments / 2 && keys.size() < segments, "one tag per key period: " + p);
        assertTrue(lines.get(lines.indexOf(keys.get(0)) + 1).startsWith("#EXTINF:"), "the first segment is under a key: " + p);
        assertEquals(keys.size(), keys.stream().distinct().count(), "a tag is written again only when the key changes: " + p);

        HlsSettings repeat = encrypted(true);
        String r = HlsPackager.mediaPlaylist(channel(), endpoint(repeat), repeat, 1, false, byPeriod).orElseThrow();
        assertEquals(segments, r.lines().filter(l -> l.startsWith("#EXT-X-KEY:")).count(), "repeatExtXKey: " + r);

        KeyTags down = s -> {
            throw new KeyTags.KeyUnavailable("key server http://keys.example/speke: connection refused");
        };
        assertEquals("key server http://keys.example/speke: connection refused",
                org.junit.jupiter.api.Assertions.assertThrows(KeyTags.KeyUnavailable.class,
                        () -> HlsPackager.mediaPlaylist(channel(), endpoint(hls), hls, 1, false, down)).getMessage());

        // Byte ranges cannot address whole-segment encryption: no I-frame playlist.
        assertTrue(!HlsPackager.multivariant(channel(), endpoint(hls), hls).contains("EXT-X-I-FRAME-STREAM-INF"));
        assertTrue(HlsPackager.iframePlaylist(channel(), endpoint(hls), hls, 1).isEmpty());
    }
}
