package dev.fount.origin.vod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.fount.origin.media.ByteRange;

class HlsSourceTest {

    static final URI BASE = URI.create("s3://media/show/index.m3u8");

    @Test
    void variantsThenAudioRenditionsEachOnceResolvedAgainstThePlaylist() throws Exception {
        List<HlsSource.Variant> v = HlsSource.variants(BASE, """
                #EXTM3U
                #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aac",NAME="en",URI="audio/en.m3u8"
                #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aac2",NAME="en",URI="audio/en.m3u8"
                #EXT-X-STREAM-INF:BANDWIDTH=2000000,AUDIO="aac"
                hi/index.m3u8
                #EXT-X-STREAM-INF:BANDWIDTH=2000000,AUDIO="aac2"
                hi/index.m3u8
                #EXT-X-STREAM-INF:BANDWIDTH=800000,AUDIO="aac"
                https://cdn.example/lo.m3u8
                """);
        assertEquals(List.of(new HlsSource.Variant(URI.create("s3://media/show/hi/index.m3u8"), 2_000_000),
                new HlsSource.Variant(URI.create("https://cdn.example/lo.m3u8"), 800_000),
                new HlsSource.Variant(URI.create("s3://media/show/audio/en.m3u8"), 0)), v);
    }

    @Test
    void segmentsWithByteRangesAndInitSections() throws Exception {
        List<HlsSource.Entry> e = HlsSource.segments(BASE, """
                #EXTM3U
                #EXT-X-TARGETDURATION:4
                #EXT-X-MAP:URI="v.mp4",BYTERANGE="720@0"
                #EXTINF:4.0,
                #EXT-X-BYTERANGE:1000@720
                v.mp4
                #EXTINF:3.5,
                #EXT-X-BYTERANGE:900
                v.mp4
                #EXT-X-ENDLIST
                """);
        assertEquals(2, e.size());
        assertEquals(new ByteRange(720, 1000), e.get(0).range());
        assertEquals(new ByteRange(1720, 900), e.get(1).range(), "a range without offset follows the previous one");
        assertEquals(new ByteRange(0, 720), e.get(1).initRange());
        assertEquals(URI.create("s3://media/show/v.mp4"), e.get(1).init());
        assertEquals(3.5, e.get(1).seconds());
        List<HlsSource.Entry> ts = HlsSource.segments(BASE, "#EXTM3U\n#EXTINF:2,\nseg 1.ts\n");
        assertNull(ts.get(0).range());
        assertEquals(URI.create("s3://media/show/seg%201.ts"), ts.get(0).uri());
    }

    @Test
    void whatCannotBePackagedIsRefusedByName() {
        String encrypted = assertThrows(HlsSource.BadPlaylist.class, () -> HlsSource.segments(BASE,
                "#EXTM3U\n#EXT-X-KEY:METHOD=AES-128,URI=\"k\"\n#EXTINF:2,\na.ts\n")).getMessage();
        assertTrue(encrypted.contains("line 2") && encrypted.contains("AES-128"), encrypted);
        String gap = assertThrows(HlsSource.BadPlaylist.class, () -> HlsSource.segments(BASE,
                "#EXTM3U\n#EXTINF:2,\na.ts\n#EXT-X-DISCONTINUITY\n#EXTINF:2,\nb.ts\n")).getMessage();
        assertTrue(gap.contains("EXT-X-DISCONTINUITY"), gap);
        assertTrue(assertThrows(HlsSource.BadPlaylist.class, () -> HlsSource.segments(BASE, "#EXTM3U\na.ts\n")).getMessage()
                .contains("has no EXTINF"));
        assertTrue(assertThrows(HlsSource.BadPlaylist.class, () -> HlsSource.segments(BASE, "<html>")).getMessage().contains("#EXTM3U"));
        assertTrue(assertThrows(HlsSource.BadPlaylist.class, () -> HlsSource.variants(BASE, "#EXTM3U\n")).getMessage()
                .contains("no variant stream"));
    }
}
