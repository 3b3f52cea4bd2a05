package dev.fount.origin.packager.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.fount.origin.packager.hls.HlsNames.Part;

class HlsNamesTest {

    @Test
    void everyNameParsesBackToWhatMadeIt() {
        assertEquals(Optional.of(new HlsNames.Multivariant()), HlsNames.parse("index", HlsNames.multivariant("index")));
        assertEquals(Optional.of(new HlsNames.MediaPlaylist(3, false)), HlsNames.parse("index", HlsNames.mediaPlaylist("index", 3)));
        assertEquals(Optional.of(new HlsNames.MediaPlaylist(1, true)), HlsNames.parse("index", HlsNames.audioPlaylist("index", 1)));
        assertEquals(Optional.of(new HlsNames.IframePlaylist(2)), HlsNames.parse("index", HlsNames.iframePlaylist("index", 2)));
        for (Part part : Part.values()) {
            assertEquals(Optional.of(new HlsNames.Segment(2, 123456789L, part)), HlsNames.parse("index", HlsNames.segment("index", 2, 123456789L, part)));
        }
        assertEquals("my_show_1v_42.ts", HlsNames.segment("my_show", 1, 42, Part.VIDEO));
        assertEquals(Optional.of(new HlsNames.Segment(1, 42, Part.VIDEO)), HlsNames.parse("my_show", "my_show_1v_42.ts"));
    }

    @Test
    void foreignNamesAreNotOurs() {
        for (String name : new String[] {"other.m3u8", "index_0.m3u8", "index_1.mpd", "index_a1v_3.ts", "index_1_-1.ts", "index_a1_iframe.m3u8",
                "index_1v.m3u8", "index_12345_1.ts", "index_1_1.ts.bak"}) {
            assertEquals(Optional.empty(), HlsNames.parse("index", name), name);
        }
    }
}
