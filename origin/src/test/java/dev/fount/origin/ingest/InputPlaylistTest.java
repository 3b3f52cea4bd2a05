package dev.fount.origin.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class InputPlaylistTest {

    @Test
    void mediaPlaylistAsFfmpegWritesIt() throws Exception {
        InputPlaylist p = InputPlaylist.parse("""
                #EXTM3U
                #EXT-X-VERSION:6
                #EXT-X-TARGETDURATION:2
                #EXT-X-MEDIA-SEQUENCE:41
                #EXT-X-INDEPENDENT-SEGMENTS
                #EXT-X-PROGRAM-DATE-TIME:2026-11-26T10:00:00.000+0000
                #EXTINF:2.000000,
                channel_0_00041.ts
                #EXT-X-DISCONTINUITY
                #EXTINF:1.960000,
                channel_0_00042.ts?m=1
                """);
        InputPlaylist.Media media = (InputPlaylist.Media) p;
        assertEquals(2, media.entries().size());
        assertEquals(new InputPlaylist.Entry("channel_0_00041.ts", 2.0, false, Instant.parse("2026-11-26T10:00:00Z")), media.entries().get(0));
        assertTrue(media.entries().get(1).discontinuity());
        assertEquals(2.0, media.nominalSeconds());
        assertEquals("channel_0_00042.ts", IngestService.resolve("channel_0.m3u8", media.entries().get(1).uri()));
    }

    @Test
    void multivariantListsVariantsAndRenditions() throws Exception {
        InputPlaylist p = InputPlaylist.parse("""
                #EXTM3U
                #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",NAME="en",URI="audio/en.m3u8"
                #EXT-X-STREAM-INF:BANDWIDTH=2800000,RESOLUTION=1280x720,AUDIO="aud"
                hd/index.m3u8
                #EXT-X-STREAM-INF:BANDWIDTH=800000
                sd/index.m3u8
                """);
        assertEquals(List.of("audio/en.m3u8", "hd/index.m3u8", "sd/index.m3u8"), ((InputPlaylist.Multivariant) p).playlists());
        assertEquals("hd/seg_1.ts", IngestService.resolve("hd/index.m3u8", "seg_1.ts"));
        assertEquals("audio/a.ts", IngestService.resolve("hd/index.m3u8", "../audio/a.ts"));
    }

    @Test
    void malformedPlaylistsAreRefusedSayingWhy() {
        assertEquals("not an HLS playlist: the first line must be #EXTM3U",
                assertThrows(MalformedPlaylistException.class, () -> InputPlaylist.parse("hello\n")).getMessage());
        assertEquals("the playlist references nothing: no EXT-X-STREAM-INF variants and no EXTINF segments",
                assertThrows(MalformedPlaylistException.class, () -> InputPlaylist.parse("#EXTM3U\n#EXT-X-TARGETDURATION:2\n")).getMessage());
        assertEquals("line 2: EXTINF duration is not a number: #EXTINF:two,",
                assertThrows(MalformedPlaylistException.class, () -> InputPlaylist.parse("#EXTM3U\n#EXTINF:two,\na.ts\n")).getMessage());
        assertEquals("line 2: URI a.ts follows neither EXTINF nor EXT-X-STREAM-INF",
                assertThrows(MalformedPlaylistException.class, () -> InputPlaylist.parse("#EXTM3U\na.ts\n")).getMessage());
    }

    /** fMP4: each segment carries the EXT-X-MAP in effect; a map without URI, or a byte-range map, is refused by name. */
    @Test
    void mapsApplyToTheSegmentsAfterThem() throws Exception {
        InputPlaylist.Media m = (InputPlaylist.Media) InputPlaylist.parse(
                "#EXTM3U\n#EXT-X-MAP:URI=\"a_init.mp4\"\n#EXTINF:2,\na1.m4s\n#EXT-X-DISCONTINUITY\n#EXT-X-MAP:URI=\"b_init.mp4\"\n#EXTINF:2,\nb1.m4s\n");
        assertEquals("a_init.mp4", m.entries().get(0).map());
        assertEquals("b_init.mp4", m.entries().get(1).map());
        assertEquals(null, ((InputPlaylist.Media) InputPlaylist.parse("#EXTM3U\n#EXTINF:2,\na.ts\n")).entries().get(0).map());
        assertTrue(assertThrows(MalformedPlaylistException.class, () -> InputPlaylist.parse("#EXTM3U\n#EXT-X-MAP:BYTERANGE=\"10@0\"\n#EXTINF:2,\na.m4s\n"))
                .getMessage().contains("line 2: EXT-X-MAP has no URI"));
        assertTrue(assertThrows(MalformedPlaylistException.class,
                () -> InputPlaylist.parse("#EXTM3U\n#EXT-X-MAP:URI=\"all.mp4\",BYTERANGE=\"720@0\"\n#EXTINF:2,\na.m4s\n"))
                .getMessage().contains("BYTERANGE is not supported"));
    }
}
