package dev.fount.origin.packager.dash;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.fount.origin.packager.dash.DashNames.Track;

class DashNamesTest {

    @Test
    void everyNameParsesBackToWhatMadeIt() {
        assertEquals(Optional.of(new DashNames.Manifest()), DashNames.parse("index", DashNames.manifest("index")));
        for (Track track : Track.values()) {
            assertEquals(Optional.of(new DashNames.Init(3, track)), DashNames.parse("index", DashNames.init("index", 3, track)));
            assertEquals(Optional.of(new DashNames.Media(3, track, false, 123456789L)),
                    DashNames.parse("index", DashNames.byNumber("index", 3, track, 123456789L)));
            assertEquals(Optional.of(new DashNames.Media(12, track, true, (1L << 33) + 5)),
                    DashNames.parse("index", DashNames.byTime("index", 12, track, (1L << 33) + 5)));
        }
        assertEquals("my_show_1v_42.mp4", DashNames.byNumber("my_show", 1, Track.VIDEO, 42));
        assertEquals("my_show_2a_t900000.mp4", DashNames.byTime("my_show", 2, Track.AUDIO, 900_000));
        assertEquals("my_show_1i_init.mp4", DashNames.init("my_show", 1, Track.IFRAME));
        assertEquals(Optional.of(new DashNames.Media(1, Track.VIDEO, true, 0)), DashNames.parse("index", "index_1v_t0.mp4"));
    }

    @Test
    void templatesExpandToTheNamesThatParse() {
        String number = DashNames.mediaTemplate("index", DashNames.representationId(2, Track.AUDIO), false);
        assertEquals("index_2a_$Number$.mp4", number);
        assertEquals(Optional.of(new DashNames.Media(2, Track.AUDIO, false, 77)), DashNames.parse("index", number.replace("$Number$", "77")));
        String time = DashNames.mediaTemplate("index", "$RepresentationID$", true);
        assertEquals(Optional.of(new DashNames.Media(1, Track.IFRAME, true, 180000)),
                DashNames.parse("index", time.replace("$RepresentationID$", "1i").replace("$Time$", "180000")));
        assertEquals(Optional.of(new DashNames.Init(4, Track.VIDEO)),
                DashNames.parse("index", DashNames.initTemplate("index", "$RepresentationID$").replace("$RepresentationID$", "4v")));
    }

    @Test
    void foreignNamesAreNotOurs() {
        for (String name : new String[] {"other.mpd", "index.m3u8", "index_0v_1.mp4", "index_1_1.mp4", "index_1x_1.mp4", "index_1v_-1.mp4",
                "index_1v_01.mp4", "index_1v_t.mp4", "index_1v_1.ts", "index_1v_init.mp4.bak", "index_12345v_1.mp4", "index_1v.mpd",
                "index_1v_tinit.mp4", "index_1av_1.mp4", "index_1v_1234567890123456789.mp4"}) {
            assertEquals(Optional.empty(), DashNames.parse("index", name), name);
        }
    }
}
