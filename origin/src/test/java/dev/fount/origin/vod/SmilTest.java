package dev.fount.origin.vod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class SmilTest {

    static final URI BASE = URI.create("s3://media/movie/ladder.smil");

    @Test
    void videoAndAudioEntriesRelativeToTheSmil() throws Exception {
        List<Smil.Entry> entries = Smil.parse(BASE, """
                <?xml version="1.0" encoding="UTF-8"?>
                <smil title="movie"><body><switch>
                  <video height="720" src="movie_720.mp4" system-bitrate="3000000" width="1280"/>
                  <video src="sd/movie 360.mp4" system-bitrate="800000"/>
                  <audio src="movie_en.m4a" system-bitrate="128000"><param name="audioLanguage" value="eng"/></audio>
                </switch></body></smil>
                """.getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(new Smil.Entry(URI.create("s3://media/movie/movie_720.mp4"), 3_000_000, false),
                new Smil.Entry(URI.create("s3://media/movie/sd/movie%20360.mp4"), 800_000, false),
                new Smil.Entry(URI.create("s3://media/movie/movie_en.m4a"), 128_000, true)), entries);
    }

    @Test
    void faultsAreNamed() {
        assertTrue(assertThrows(Smil.BadSmil.class, () -> Smil.parse(BASE, "<smil><body>".getBytes(StandardCharsets.UTF_8)))
                .getMessage().contains("not well-formed"));
        assertTrue(assertThrows(Smil.BadSmil.class, () -> Smil.parse(BASE, "<smil><body/></smil>".getBytes(StandardCharsets.UTF_8)))
                .getMessage().contains("no <video> or <audio>"));
        assertTrue(assertThrows(Smil.BadSmil.class, () -> Smil.parse(BASE, "<smil><video src=\"a.mp4\" system-bitrate=\"fast\"/></smil>"
                .getBytes(StandardCharsets.UTF_8))).getMessage().contains("system-bitrate \"fast\""));
        String entity = assertThrows(Smil.BadSmil.class, () -> Smil.parse(BASE,
                "<!DOCTYPE smil [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><smil><video src=\"&x;\"/></smil>".getBytes(StandardCharsets.UTF_8)))
                .getMessage();
        assertTrue(entity.contains("not well-formed"), "no external entities: " + entity);
    }
}
