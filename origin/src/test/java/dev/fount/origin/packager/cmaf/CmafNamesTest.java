package dev.fount.origin.packager.cmaf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.fount.api.v1alpha1.AdMarkers;
import dev.fount.api.v1alpha1.PlaylistType;
import dev.fount.origin.config.CmafSettings;
import dev.fount.origin.config.StreamSelectionSettings;
import dev.fount.origin.media.MediaKind;

class CmafNamesTest {

    private static final CmafSettings.Manifest HLS = new CmafSettings.Manifest("hls", "index", 60, PlaylistType.NONE, 0, AdMarkers.NONE, true);
    private static final CmafSettings.Manifest MOBILE = new CmafSettings.Manifest("mobile", "low", 30, PlaylistType.NONE, 0, AdMarkers.NONE, false);
    private static final CmafSettings CMAF = new CmafSettings(6, "my_show", List.of(HLS, MOBILE), StreamSelectionSettings.ALL);

    @Test
    void everyNameParsesBackToWhatMadeIt() {
        assertEquals("hls/index.m3u8", CmafNames.manifestPath(HLS));
        assertEquals(Optional.of(new CmafNames.Multivariant("mobile")), CmafNames.parse(CMAF, "mobile/" + CmafNames.multivariant(MOBILE)));
        for (MediaKind kind : List.of(MediaKind.VIDEO, MediaKind.AUDIO)) {
            assertEquals(Optional.of(new CmafNames.MediaPlaylist("hls", 12, kind)), CmafNames.parse(CMAF, "hls/" + CmafNames.mediaPlaylist(HLS, 12, kind)));
            assertEquals(Optional.of(new CmafNames.Init(3, kind)), CmafNames.parse(CMAF, CmafNames.init(CMAF, 3, kind)));
            assertEquals(Optional.of(new CmafNames.Segment(3, kind, 123456789L, false)),
                    CmafNames.parse(CMAF, CmafNames.segment(CMAF, 3, kind, 123456789L)));
        }
        assertEquals(Optional.of(new CmafNames.IframePlaylist("hls", 2)), CmafNames.parse(CMAF, "hls/" + CmafNames.iframePlaylist(HLS, 2)));
        assertEquals(Optional.of(new CmafNames.Segment(2, MediaKind.VIDEO, 0, true)), CmafNames.parse(CMAF, CmafNames.iframeSegment(CMAF, 2, 0)));
        assertEquals("my_show_1v_42.mp4", CmafNames.segment(CMAF, 1, MediaKind.VIDEO, 42));
        assertEquals("my_show_1a_init.mp4", CmafNames.init(CMAF, 1, MediaKind.AUDIO));
        assertEquals("index_1v_iframe.m3u8", CmafNames.iframePlaylist(HLS, 1));
        assertEquals("../my_show_1i_7.mp4", CmafNames.fromManifest(CmafNames.iframeSegment(CMAF, 1, 7)));
    }

    @Test
    void foreignNamesAreNotOurs() {
        for (String path : new String[] {"index.m3u8", "hls/low.m3u8", "mobile/index.m3u8", "other/index.m3u8", "hls/index_1.m3u8",
                "hls/index_0v.m3u8", "hls/index_1a_iframe.m3u8", "hls/index_1i.m3u8", "hls/index_1v.mp4", "hls/my_show_1v_1.mp4",
                "hls/sub/index.m3u8", "my_show_1i_init.mp4", "my_show_1x_1.mp4", "my_show_1v_-1.mp4", "my_show_1v_01.mp4",
                "my_show_12345v_1.mp4", "my_show_1v_1.mp4.bak", "other_1v_1.mp4", "my_show_1v_1.ts", "index_1v.m3u8", "", "/"}) {
            assertEquals(Optional.empty(), CmafNames.parse(CMAF, path), path);
        }
    }
}
