package dev.fount.origin.packager.mss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.fount.origin.media.MediaKind;

class MssNamesTest {

    @Test
    void everyNameParsesBackToWhatMadeIt() {
        assertEquals("index.ism/Manifest", MssNames.manifest("index"));
        assertEquals(Optional.of(new MssNames.Manifest()), MssNames.parse("index", MssNames.manifest("index")));
        assertEquals("index.ism/QualityLevels(1500001)/Fragments(video=180000000)", MssNames.fragment("index", "video", 1_500_001, 180_000_000));
        MssNames.Fragment video = (MssNames.Fragment) MssNames.parse("index", MssNames.fragment("index", "video", 1_500_001, 180_000_000)).orElseThrow();
        assertEquals(new MssNames.Fragment("video", 1_500_001, 180_000_000), video);
        assertEquals(MediaKind.VIDEO, video.kind());
        MssNames.Fragment audio = (MssNames.Fragment) MssNames.parse("my_show", "my_show.ism/QualityLevels(96001)/Fragments(audio=0)").orElseThrow();
        assertEquals(new MssNames.Fragment("audio", 96_001, 0), audio);
        assertEquals(MediaKind.AUDIO, audio.kind());
        assertEquals(Optional.of(new MssNames.Fragment("audio_fra", 64_002, 42)), MssNames.parse("index", "index.ism/QualityLevels(64002)/Fragments(audio_fra=42)"));
        assertEquals("QualityLevels({bitrate})/Fragments(video={start time})", MssNames.urlTemplate("video"));
    }

    @Test
    void foreignNamesAreNotOurs() {
        for (String path : new String[] {"index.ism/manifest", "index.ism/Manifest/", "other.ism/Manifest", "index.isml/Manifest", "index.ism",
                "index.ism/QualityLevels(0)/Fragments(video=0)", "index.ism/QualityLevels(100)/Fragments(video=-1)",
                "index.ism/QualityLevels(100)/Fragments(text=0)", "index.ism/qualitylevels(100)/fragments(video=0)",
                "index.ism/QualityLevels(100)/Fragments(video=01)", "index.ism/QualityLevels(100)/Fragments(video=1).mp4",
                "index.ism/QualityLevels(abc)/Fragments(video=1)", "index.m3u8"}) {
            assertEquals(Optional.empty(), MssNames.parse("index", path), path);
        }
    }
}
