package dev.fount.origin.harvest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image's entry point as a pod runs it: {@code dev.fount.origin.FountMain harvest …} in a JVM
 * of its own, judged by its exit code and output (the operator reads nothing else).
 */
class FountMainTest {

    @TempDir
    Path temp;

    @Test
    void harvestExitsWith2OnBadArguments() throws Exception {
        Result result = main("harvest", "--origin", "http://127.0.0.1:9", "--bogus", "x");

        assertEquals(2, result.exit(), result.err());
        assertEquals("harvest: unknown option --bogus", result.err().strip());
    }

    @Test
    void harvestExitsWith0AfterAWholeClip() throws Exception {
        Path manifest = temp.resolve("out/index.m3u8");
        try (FakeOrigin origin = new FakeOrigin(HlsFixture.tree())) {
            List<String> args = new ArrayList<>(List.of("harvest"));
            args.addAll(List.of(CommandRun.args(origin, manifest.toUri().toString())));

            Result result = main(args.toArray(String[]::new));

            assertEquals(0, result.exit(), result.err());
            assertTrue(Files.exists(manifest));
            assertEquals(HlsFixture.segments().size(), Files.list(manifest.getParent()).filter(p -> p.toString().endsWith(".ts")).count());
        }
    }

    private record Result(int exit, String err) {
    }

    private Result main(String... args) throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, "dev.fount.origin.FountMain"));
        command.addAll(List.of(args));
        Path err = temp.resolve("stderr.txt");
        Process process = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(err.toFile())
                .start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("FountMain did not exit within 60 s: " + String.join(" ", command));
        }
        return new Result(process.exitValue(), Files.readString(err, StandardCharsets.UTF_8));
    }

}
