package dev.fount.origin.harvest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Playlists read and rewritten for a clip: URIs become plain names, everything else is kept. */
class HlsPlaylistTest {

    private static final String Q = "start=2026-11-26T10%3A00%3A00Z&end=2026-11-26T10%3A00%3A12Z";

    @Test
    void rewritesAMultivariantPlaylistAndDropsIFrameVariants() throws HarvestException {
        HlsPlaylist playlist = HlsPlaylist.parse("index.m3u8", String.join("\n",
                "#EXTM3U",
                "#EXT-X-VERSION:3",
                "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"aud\",NAME=\"en\",DEFAULT=YES,URI=\"index_3.m3u8?" + Q + "\"",
                "#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360,CODECS=\"avc1.4d401e,mp4a.40.2\",AUDIO=\"aud\"",
                "index_1.m3u8?" + Q,
                "#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=90000,URI=\"index_1_iframe.m3u8?" + Q + "\"",
                "#EXT-X-STREAM-INF:BANDWIDTH=400000,RESOLUTION=320x180,CODECS=\"avc1.4d400d,mp4a.40.2\",AUDIO=\"aud\"",
                "index_2.m3u8?" + Q,
                ""));

        assertTrue(playlist.isMultivariant());
        HlsPlaylist clip = playlist.withoutIFrameStreams();
        assertEquals(List.of("index_3.m3u8?" + Q, "index_1.m3u8?" + Q, "index_2.m3u8?" + Q), clip.uris());
        assertEquals(String.join("\n",
                "#EXTM3U",
                "#EXT-X-VERSION:3",
                "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"aud\",NAME=\"en\",DEFAULT=YES,URI=\"index_3.m3u8\"",
                "#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360,CODECS=\"avc1.4d401e,mp4a.40.2\",AUDIO=\"aud\"",
                "index_1.m3u8",
                "#EXT-X-STREAM-INF:BANDWIDTH=400000,RESOLUTION=320x180,CODECS=\"avc1.4d400d,mp4a.40.2\",AUDIO=\"aud\"",
                "index_2.m3u8",
                ""), clip.render(uri -> uri.substring(0, uri.indexOf('?'))));
    }

    @Test
    void rewritesAMediaPlaylistWithAMapAndByteRangesKeepingEveryTag() throws HarvestException {
        HlsPlaylist playlist = HlsPlaylist.parse("index_1.m3u8", String.join("\r\n",
                "#EXTM3U",
                "#EXT-X-VERSION:7",
                "#EXT-X-TARGETDURATION:2",
                "#EXT-X-PLAYLIST-TYPE:VOD",
                "#EXT-X-MAP:URI=\"init_1.mp4?" + Q + "\",BYTERANGE=\"720@0\"",
                "#EXT-X-PROGRAM-DATE-TIME:2026-11-26T10:00:00.000Z",
                "#EXT-X-DATERANGE:ID=\"ad1\",START-DATE=\"2026-11-26T10:00:02Z\",X-ASSET-URI=\"http://ads/x\"",
                "#EXTINF:2.000,",
                "#EXT-X-BYTERANGE:1000@720",
                "all_1.mp4?" + Q,
                "#EXTINF:2.000,",
                "#EXT-X-BYTERANGE:1000",
                "all_1.mp4?" + Q,
                "#EXT-X-ENDLIST"));

        assertFalse(playlist.isMultivariant());
        assertTrue(playlist.hasEndList());
        assertEquals(2, playlist.uriLineCount());
        assertEquals(List.of("init_1.mp4?" + Q, "all_1.mp4?" + Q), playlist.uris());
        assertEquals(String.join("\n",
                "#EXTM3U",
                "#EXT-X-VERSION:7",
                "#EXT-X-TARGETDURATION:2",
                "#EXT-X-PLAYLIST-TYPE:VOD",
                "#EXT-X-MAP:URI=\"init.mp4\",BYTERANGE=\"720@0\"",
                "#EXT-X-PROGRAM-DATE-TIME:2026-11-26T10:00:00.000Z",
                "#EXT-X-DATERANGE:ID=\"ad1\",START-DATE=\"2026-11-26T10:00:02Z\",X-ASSET-URI=\"http://ads/x\"",
                "#EXTINF:2.000,",
                "#EXT-X-BYTERANGE:1000@720",
                "all.mp4",
                "#EXTINF:2.000,",
                "#EXT-X-BYTERANGE:1000",
                "all.mp4",
                "#EXT-X-ENDLIST",
                ""), playlist.render(uri -> uri.startsWith("init") ? "init.mp4" : "all.mp4"));
    }

    @Test
    void aPlaylistWithoutEndListIsNotComplete() throws HarvestException {
        HlsPlaylist playlist = HlsPlaylist.parse("index_1.m3u8", "#EXTM3U\n#EXT-X-PLAYLIST-TYPE:EVENT\n#EXTINF:2,\na.ts\n");
        assertFalse(playlist.hasEndList());
    }

    @Test
    void refusesWhatACopyCannotHonour() {
        assertEquals("index_1.m3u8 is not an HLS playlist: it does not start with #EXTM3U",
                assertThrows(HarvestException.class, () -> HlsPlaylist.parse("index_1.m3u8", "<html>oops</html>")).getMessage());
        assertEquals("index_1.m3u8 line 2: #EXT-X-KEY names a URI a harvest cannot copy"
                + " (only clear HLS with EXT-X-MEDIA and EXT-X-MAP URIs is harvested)",
                assertThrows(HarvestException.class, () -> HlsPlaylist.parse("index_1.m3u8",
                        "#EXTM3U\n#EXT-X-KEY:METHOD=AES-128,URI=\"https://keys/k1\"\n#EXTINF:2,\na.ts\n")).getMessage());
    }

    @Test
    void clipNamesArePlainUniqueAndStable() {
        ClipNames names = new ClipNames("index.m3u8");
        URI base = URI.create("http://o/harvest/v1/c/e/index.m3u8?" + Q);

        assertEquals("index-2.m3u8", names.nameFor(base.resolve("video/index.m3u8?" + Q)));
        assertEquals("seg.ts", names.nameFor(base.resolve("video/seg.ts?" + Q)));
        assertEquals("seg-2.ts", names.nameFor(base.resolve("audio/seg.ts?" + Q)));
        assertEquals("SEG-3.ts", names.nameFor(base.resolve("other/SEG.ts")));
        // The same source keeps its name; a different query is a different source.
        assertEquals("seg.ts", names.nameFor(base.resolve("video/seg.ts?" + Q)));
        assertEquals("seg-4.ts", names.nameFor(base.resolve("video/seg.ts?start=x")));
        assertEquals("a_b_c.ts", names.nameFor(URI.create("http://cdn/x/a%20b%3Fc.ts")));
        assertEquals("file", names.nameFor(URI.create("http://cdn/")));
        assertTrue(names.contains(base.resolve("audio/seg.ts?" + Q)));
        assertFalse(names.contains(base.resolve("audio/seg2.ts?" + Q)));
    }
}
