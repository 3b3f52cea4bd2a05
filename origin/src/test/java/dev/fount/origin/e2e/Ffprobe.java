package dev.fount.origin.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A real decoder for end-to-end tests: runs {@code ffprobe} on a URL (or file) and returns its JSON.
 * Failures (non-zero exit, timeout, unparsable output) throw {@link AssertionError} carrying
 * ffprobe's stderr and the command, so a test failure explains itself.
 */
public final class Ffprobe {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private Ffprobe() {
    }

    /** {@code ffprobe -v error -print_format json -show_streams -show_format URL}. */
    public static JsonNode probe(String url) {
        return probe(url, DEFAULT_TIMEOUT);
    }

    public static JsonNode probe(String url, Duration timeout) {
        return json(run(List.of("ffprobe", "-v", "error", "-print_format", "json",
                "-show_streams", "-show_format", url), timeout));
    }

    /**
     * Decodes the first {@code seconds} of the first video stream ({@code v:0}) and returns how
     * many frames ffprobe read — proof the pictures decode, not only that headers parse.
     */
    public static long countFrames(String url, double seconds) {
        JsonNode out = json(run(List.of("ffprobe", "-v", "error", "-print_format", "json",
                "-select_streams", "v:0", "-count_frames",
                "-read_intervals", String.format(Locale.ROOT, "%%+%.3f", seconds),
                "-show_entries", "stream=nb_read_frames", url), DEFAULT_TIMEOUT));
        JsonNode streams = out.path("streams");
        if (!streams.isArray() || streams.isEmpty()) {
            throw new AssertionError("ffprobe found no video stream in " + url + ": " + out);
        }
        return streams.get(0).path("nb_read_frames").asLong(0);
    }

    /** Runs ffprobe with any arguments (without the leading {@code ffprobe}) and returns stdout. */
    public static String runRaw(List<String> args, Duration timeout) {
        List<String> command = new ArrayList<>();
        command.add("ffprobe");
        command.addAll(args);
        return run(command, timeout);
    }

    /** The streams of a probe result whose {@code codec_type} is {@code codecType} ("video", "audio", …). */
    public static List<JsonNode> streams(JsonNode probe, String codecType) {
        List<JsonNode> result = new ArrayList<>();
        for (JsonNode s : probe.path("streams")) {
            if (codecType.equals(s.path("codec_type").asText())) {
                result.add(s);
            }
        }
        return result;
    }

    /** {@code format.format_name}, e.g. {@code hls} or {@code mpegts}. */
    public static String formatName(JsonNode probe) {
        return probe.path("format").path("format_name").asText();
    }

    private static JsonNode json(String stdout) {
        try {
            return JSON.readTree(stdout);
        } catch (IOException e) {
            throw new AssertionError("ffprobe printed no valid JSON: " + stdout, e);
        }
    }

    private static String run(List<String> command, Duration timeout) {
        Process p;
        try {
            p = new ProcessBuilder(command).start();
            p.getOutputStream().close(); // ffprobe reads nothing from stdin
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run ffprobe (is it installed and on PATH?)", e);
        }
        CompletableFuture<String> out = readAsync(p.getInputStream());
        CompletableFuture<String> err = readAsync(p.getErrorStream());
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                throw new AssertionError("ffprobe timed out after " + timeout.toSeconds() + " s: "
                        + String.join(" ", command) + "\nstderr:\n" + err.getNow(""));
            }
            String stdout = out.get(10, TimeUnit.SECONDS);
            String stderr = err.get(10, TimeUnit.SECONDS);
            if (p.exitValue() != 0) {
                throw new AssertionError("ffprobe exited " + p.exitValue() + ": " + String.join(" ", command)
                        + "\nstderr:\n" + stderr);
            }
            return stdout;
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("reading ffprobe output failed", e);
        }
    }

    private static CompletableFuture<String> readAsync(InputStream in) {
        CompletableFuture<String> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try (in) {
                ByteArrayOutputStream buf = new ByteArrayOutputStream();
                in.transferTo(buf);
                f.complete(buf.toString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                f.completeExceptionally(e);
            }
        }, "ffprobe-reader");
        t.setDaemon(true);
        t.start();
        return f;
    }
}
