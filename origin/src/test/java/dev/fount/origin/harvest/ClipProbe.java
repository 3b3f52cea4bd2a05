package dev.fount.origin.harvest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * What ffprobe, an independent HLS reader, finds in a harvested clip: it follows the multivariant
 * playlist to every media playlist and segment, so a wrong name anywhere fails the probe.
 *
 * @param durationSeconds the presentation's duration
 * @param codecs          codec names of all streams (e.g. h264, aac)
 */
record ClipProbe(double durationSeconds, Set<String> codecs) {

    static ClipProbe of(Path multivariant) throws IOException, InterruptedException {
        Process ffprobe = new ProcessBuilder("ffprobe", "-v", "error", "-show_entries", "format=duration:stream=codec_name",
                "-of", "default=noprint_wrappers=1", multivariant.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(ffprobe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!ffprobe.waitFor(30, TimeUnit.SECONDS) || ffprobe.exitValue() != 0) {
            throw new AssertionError("ffprobe failed on " + multivariant + ":\n" + output);
        }
        double duration = Double.NaN;
        Set<String> codecs = new TreeSet<>();
        for (String line : output.split("\n")) {
            if (line.startsWith("duration=")) {
                duration = Double.parseDouble(line.substring("duration=".length()).strip());
            } else if (line.startsWith("codec_name=")) {
                codecs.add(line.substring("codec_name=".length()).strip());
            } else if (!line.isBlank()) {
                throw new AssertionError("ffprobe complained about " + multivariant + ": " + line);
            }
        }
        return new ClipProbe(duration, codecs);
    }
}
