package dev.fount.origin.media.mp4;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Running ffmpeg and ffprobe from the MP4 tests. */
final class Commands {

    private Commands() {
    }

    /** Runs a command; returns stdout (wantStdout) or stderr, kept in a file of {@code dir}; fails on a non-zero exit. */
    static String run(Path dir, List<String> cmd, boolean wantStdout) throws Exception {
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
        p.getOutputStream().close();
        byte[] stdout = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + cmd);
        String stderr = Files.readString(err);
        assertEquals(0, p.exitValue(), cmd + ": " + stderr);
        return wantStdout ? new String(stdout, StandardCharsets.UTF_8) : stderr;
    }

    /** Runs {@code ffmpeg -v error -y} with the arguments; fails on a non-zero exit. */
    static void ffmpeg(Path dir, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("ffmpeg", "-v", "error", "-y"));
        cmd.addAll(java.util.Arrays.asList(args));
        run(dir, cmd, true);
    }

    /** Whether the command runs and succeeds (is the tool installed?). */
    static boolean runs(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
