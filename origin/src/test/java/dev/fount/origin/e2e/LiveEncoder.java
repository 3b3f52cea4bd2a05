package dev.fount.origin.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A real live encoder for end-to-end tests: ffmpeg encodes a test pattern ({@code testsrc2}) and a
 * tone ({@code sine}) in real time ({@code -re}) into an H.264/AAC ladder and pushes live HLS to an
 * ingest base URL with HTTP PUT, as a contribution encoder pushing to MediaPackage-style ingest
 * does.
 *
 * <p>What lands under the ingest base URL (with the default manifest name {@code channel}):
 * {@code channel.m3u8} (multivariant), {@code channel_0.m3u8} … (one media playlist per rendition,
 * 0 = first rendition of the ladder), segments {@code channel_0_00000.ts} … (or {@code .m4s} and
 * {@code channel_0_init.mp4} for fMP4). The playlists are re-PUT after every segment, a live
 * window of {@link Options#listSize()} segments; nothing is ever DELETEd.
 *
 * <p>ffmpeg ignores the HTTP status of its PUTs (BUILD-NOTES #10): a test asserts on what the
 * server stored, never on ffmpeg's exit code. Credentials are sent as an up-front Basic header,
 * since ffmpeg cannot answer a 401 challenge on PUT; use {@link HttpPush} for Digest.
 *
 * <pre>{@code
 * try (LiveEncoder encoder = new LiveEncoder(baseUrl + "/in/v1/live/1/",
 *         LiveEncoder.Options.builder().credentials(Credentials.of("u", "p")).build()).start()) {
 *     ...
 * }
 * }</pre>
 */
public final class LiveEncoder implements AutoCloseable {

    public enum SegmentType { TS, FMP4 }

    /** One rung of the ladder: picture size and video bitrate in kbit/s. */
    public record Rendition(int width, int height, int videoKbps) {
        private static final Pattern SPEC = Pattern.compile("(\\d+)x(\\d+)@(\\d+)k");

        public Rendition {
            if (width <= 0 || height <= 0 || width % 2 != 0 || height % 2 != 0) {
                throw new IllegalArgumentException("width and height must be positive and even: " + width + "x" + height);
            }
            if (videoKbps <= 0) {
                throw new IllegalArgumentException("videoKbps must be positive");
            }
        }

        /** Parses {@code 640x360@600k}. */
        public static Rendition of(String spec) {
            Matcher m = SPEC.matcher(spec.trim());
            if (!m.matches()) {
                throw new IllegalArgumentException("expected WxH@Nk, got " + spec);
            }
            return new Rendition(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
        }

        @Override
        public String toString() {
            return width + "x" + height + "@" + videoKbps + "k";
        }
    }

    /** 640x360@600k, 480x270@400k, 320x180@200k — small on purpose: CI has 2 cores shared with the origin. */
    public static final List<Rendition> DEFAULT_LADDER = List.of(
            new Rendition(640, 360, 600), new Rendition(480, 270, 400), new Rendition(320, 180, 200));

    /**
     * Encoder settings; build with {@link #builder()}.
     *
     * @param renditions ladder, highest first by convention (index = {@code %v} in file names)
     * @param fps frame rate; the GOP is {@code fps * segmentSeconds} frames, closed, no scene cuts
     * @param segmentSeconds HLS target duration (segments start on key frames)
     * @param listSize live window, segments per media playlist
     * @param audio whether each rendition carries AAC-LC 48 kHz stereo 96k (a 1 kHz tone)
     * @param segmentType MPEG-TS ({@code .ts}) or fragmented MP4 ({@code .m4s} + init)
     * @param manifestName base name of the multivariant playlist and of every other file
     * @param credentials Basic credentials sent up front, or null for none
     * @param timestampOffsetSeconds added to every output timestamp ({@code -output_ts_offset}), to
     *        emulate an encoder restart with a timestamp jump
     * @param startNumber first media sequence number and segment index ({@code -start_number})
     * @param programDateTime write {@code EXT-X-PROGRAM-DATE-TIME} (as real encoders do)
     * @param endListOnStop on a graceful stop, write {@code EXT-X-ENDLIST}; off by default since a
     *        live contribution encoder going away does not end the event
     * @param httpPersistent reuse HTTP connections ({@code -http_persistent 1})
     * @param duration stop by itself after this much media ({@code -t}), or null to run until stopped
     * @param logLevel ffmpeg {@code -loglevel}; stderr lines are echoed and the last 50 kept
     */
    public record Options(
            List<Rendition> renditions,
            int fps,
            int segmentSeconds,
            int listSize,
            boolean audio,
            SegmentType segmentType,
            String manifestName,
            Credentials credentials,
            double timestampOffsetSeconds,
            long startNumber,
            boolean programDateTime,
            boolean endListOnStop,
            boolean httpPersistent,
            Duration duration,
            String logLevel) {

        public Options {
            renditions = List.copyOf(renditions);
            if (renditions.isEmpty()) {
                throw new IllegalArgumentException("at least one rendition");
            }
            if (fps <= 0 || segmentSeconds <= 0 || listSize <= 0) {
                throw new IllegalArgumentException("fps, segmentSeconds and listSize must be positive");
            }
            Objects.requireNonNull(segmentType, "segmentType");
            Objects.requireNonNull(manifestName, "manifestName");
            Objects.requireNonNull(logLevel, "logLevel");
        }

        public static Options defaults() {
            return builder().build();
        }

        public static Builder builder() {
            return new Builder();
        }

        public Builder toBuilder() {
            return new Builder(this);
        }

        public int gopFrames() {
            return fps * segmentSeconds;
        }

        /** File name of the multivariant playlist, e.g. {@code channel.m3u8}. */
        public String multivariantName() {
            return manifestName + ".m3u8";
        }

        /** File name of rendition {@code index}'s media playlist, e.g. {@code channel_0.m3u8}. */
        public String mediaPlaylistName(int index) {
            return manifestName + "_" + index + ".m3u8";
        }

        /** File name of a segment, e.g. {@code channel_0_00003.ts}. */
        public String segmentName(int index, long sequence) {
            return String.format(Locale.ROOT, "%s_%d_%05d.%s", manifestName, index, sequence,
                    segmentType == SegmentType.TS ? "ts" : "m4s");
        }

        /** File name of an fMP4 init segment, e.g. {@code channel_0_init.mp4}. */
        public String initSegmentName(int index) {
            return manifestName + "_" + index + "_init.mp4";
        }
    }

    /** Mutable builder for {@link Options}. */
    public static final class Builder {
        private List<Rendition> renditions = DEFAULT_LADDER;
        private int fps = 25;
        private int segmentSeconds = 2;
        private int listSize = 6;
        private boolean audio = true;
        private SegmentType segmentType = SegmentType.TS;
        private String manifestName = "channel";
        private Credentials credentials;
        private double timestampOffsetSeconds;
        private long startNumber;
        private boolean programDateTime = true;
        private boolean endListOnStop;
        private boolean httpPersistent;
        private Duration duration;
        private String logLevel = "warning";

        Builder() {
        }

        Builder(Options o) {
            renditions = o.renditions();
            fps = o.fps();
            segmentSeconds = o.segmentSeconds();
            listSize = o.listSize();
            audio = o.audio();
            segmentType = o.segmentType();
            manifestName = o.manifestName();
            credentials = o.credentials();
            timestampOffsetSeconds = o.timestampOffsetSeconds();
            startNumber = o.startNumber();
            programDateTime = o.programDateTime();
            endListOnStop = o.endListOnStop();
            httpPersistent = o.httpPersistent();
            duration = o.duration();
            logLevel = o.logLevel();
        }

        public Builder renditions(List<Rendition> v) { renditions = v; return this; }
        public Builder renditions(String... specs) {
            renditions = java.util.Arrays.stream(specs).map(Rendition::of).toList();
            return this;
        }
        public Builder fps(int v) { fps = v; return this; }
        public Builder segmentSeconds(int v) { segmentSeconds = v; return this; }
        public Builder listSize(int v) { listSize = v; return this; }
        public Builder audio(boolean v) { audio = v; return this; }
        public Builder segmentType(SegmentType v) { segmentType = v; return this; }
        public Builder manifestName(String v) { manifestName = v; return this; }
        public Builder credentials(Credentials v) { credentials = v; return this; }
        public Builder credentials(String username, String password) { credentials = Credentials.of(username, password); return this; }
        public Builder timestampOffsetSeconds(double v) { timestampOffsetSeconds = v; return this; }
        public Builder startNumber(long v) { startNumber = v; return this; }
        public Builder programDateTime(boolean v) { programDateTime = v; return this; }
        public Builder endListOnStop(boolean v) { endListOnStop = v; return this; }
        public Builder httpPersistent(boolean v) { httpPersistent = v; return this; }
        public Builder duration(Duration v) { duration = v; return this; }
        public Builder logLevel(String v) { logLevel = v; return this; }

        public Options build() {
            return new Options(renditions, fps, segmentSeconds, listSize, audio, segmentType, manifestName, credentials,
                    timestampOffsetSeconds, startNumber, programDateTime, endListOnStop, httpPersistent, duration, logLevel);
        }
    }

    private static final int LOG_LINES = 50;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final String ingestBaseUrl;
    private final Options options;
    private final List<String> command;
    private final Deque<String> log = new ArrayDeque<>();
    private final Object progressLock = new Object();
    private long outTimeMicros = -1;
    private boolean progressEnded;

    private Process process;
    private boolean stopped;
    private OutputStream stdin;
    private Thread stderrReader;
    private Thread stdoutReader;
    private Thread shutdownHook;

    public LiveEncoder(String ingestBaseUrl, Options options) {
        this.ingestBaseUrl = ingestBaseUrl.endsWith("/") ? ingestBaseUrl : ingestBaseUrl + "/";
        this.options = Objects.requireNonNull(options, "options");
        this.command = List.copyOf(buildCommand(this.ingestBaseUrl, options));
    }

    public LiveEncoder(String ingestBaseUrl) {
        this(ingestBaseUrl, Options.defaults());
    }

    public String ingestBaseUrl() {
        return ingestBaseUrl;
    }

    public Options options() {
        return options;
    }

    /** The URL the multivariant playlist is PUT to. */
    public String multivariantUrl() {
        return ingestBaseUrl + options.multivariantName();
    }

    /**
     * Starts ffmpeg and waits until it reports encoding progress (so a broken command line fails
     * here, with ffmpeg's stderr, not later as "nothing arrived"). Returns {@code this}.
     */
    public synchronized LiveEncoder start() {
        if (process != null) {
            throw new IllegalStateException("already started");
        }
        ProcessBuilder pb = new ProcessBuilder(command);
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run ffmpeg (is it installed and on PATH?): " + commandLine(), e);
        }
        stdin = process.getOutputStream();
        Process p = process;
        shutdownHook = new Thread(() -> p.destroyForcibly(), "ffmpeg-killer");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        stderrReader = daemon("ffmpeg-stderr", () -> readStderr(p));
        stdoutReader = daemon("ffmpeg-progress", () -> readProgress(p));
        System.err.println("[LiveEncoder] started: " + commandLine());
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        boolean progressing;
        synchronized (progressLock) {
            while (outTimeMicros <= 0 && !progressEnded) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    break;
                }
                waitOn(progressLock, Math.min(left, 200));
            }
            progressing = outTimeMicros > 0;
        }
        if (!progressing) {
            String why = p.isAlive() ? "reported no progress within " + START_TIMEOUT.toSeconds() + " s"
                    : "exited with status " + exitStatusAfterReaders(p);
            stop();
            throw new IllegalStateException("ffmpeg " + why + "\n" + describe());
        }
        return this;
    }

    /**
     * Graceful stop: {@code q} on ffmpeg's stdin (it finishes the current segment and PUTs the final
     * playlists), then SIGTERM, then SIGKILL. Idempotent.
     */
    public synchronized void stop() {
        if (process == null || stopped) {
            return;
        }
        stopped = true;
        Process p = process;
        try {
            if (p.isAlive()) {
                try {
                    stdin.write('q');
                    stdin.flush();
                } catch (IOException ignored) {
                    // ffmpeg already gone
                }
                if (!p.waitFor(15, TimeUnit.SECONDS)) {
                    System.err.println("[LiveEncoder] no exit 15 s after 'q'; destroying");
                    p.destroy();
                    if (!p.waitFor(5, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                        p.waitFor(5, TimeUnit.SECONDS);
                    }
                }
            }
            try {
                stdin.close();
            } catch (IOException ignored) {
                // nothing to do
            }
            stderrReader.join(2000);
            stdoutReader.join(2000);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException ignored) {
                // JVM already shutting down
            }
        }
        System.err.println("[LiveEncoder] stopped, exit status " + (p.isAlive() ? "(still alive!)" : p.exitValue())
                + ", encoded " + String.format(Locale.ROOT, "%.1f", encodedSeconds()) + " s");
    }

    /**
     * An encoder failure: SIGKILL, so nothing is flushed (no short last segment, no final
     * playlist), as when an encoder crashes or its network goes. Idempotent.
     */
    public synchronized void kill() {
        if (process == null || stopped) {
            return;
        }
        stopped = true;
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
            stderrReader.join(2000);
            stdoutReader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException ignored) {
                // JVM already shutting down
            }
        }
        System.err.println("[LiveEncoder] killed after " + String.format(Locale.ROOT, "%.1f", encodedSeconds()) + " s");
    }

    @Override
    public void close() {
        stop();
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** ffmpeg's exit status once it has exited. */
    public synchronized Optional<Integer> exitStatus() {
        return process == null || process.isAlive() ? Optional.empty() : Optional.of(process.exitValue());
    }

    /** Seconds of media encoded so far, from ffmpeg's {@code -progress} reports (every 0.5 s). */
    public double encodedSeconds() {
        synchronized (progressLock) {
            return Math.max(0, outTimeMicros) / 1e6;
        }
    }

    /**
     * Waits until ffmpeg has encoded at least {@code seconds} of media; false on timeout or if
     * ffmpeg exited first. With {@code -re} media time tracks wall time.
     */
    public boolean awaitEncodedSeconds(double seconds, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progressLock) {
            while (outTimeMicros < seconds * 1e6) {
                if (progressEnded) {
                    return false;
                }
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                waitOn(progressLock, Math.min(left, 500));
            }
            return true;
        }
    }

    /** The ffmpeg argument list (the Authorization header is included; see {@link #commandLine()}). */
    public List<String> command() {
        return command;
    }

    /** The command as a shell-quoted line for logs, with the Authorization value redacted. */
    public String commandLine() {
        return command.stream()
                .map(a -> a.startsWith("Authorization:") ? "Authorization: Basic ***\\r\\n" : a)
                .map(LiveEncoder::shellQuote)
                .collect(Collectors.joining(" "));
    }

    /** The last (up to 50) lines ffmpeg wrote to stderr. */
    public List<String> recentLog() {
        synchronized (log) {
            return new ArrayList<>(log);
        }
    }

    /** Command line, state and recent stderr: for assertion messages. */
    public String describe() {
        StringBuilder sb = new StringBuilder("ffmpeg: ").append(commandLine()).append('\n');
        Process p;
        synchronized (this) {
            p = process;
        }
        sb.append("state: ").append(p == null ? "not started" : p.isAlive() ? "running" : "exited " + p.exitValue())
                .append(String.format(Locale.ROOT, ", encoded %.1f s%n", encodedSeconds()));
        List<String> lines = recentLog();
        sb.append("last ").append(lines.size()).append(" stderr lines:\n");
        lines.forEach(l -> sb.append("  ").append(l).append('\n'));
        return sb.toString();
    }

    @Override
    public String toString() {
        return "LiveEncoder[" + ingestBaseUrl + ", " + options.renditions() + "]";
    }

    // ---- command line ----

    static List<String> buildCommand(String base, Options o) {
        List<String> c = new ArrayList<>();
        int n = o.renditions().size();
        int maxW = o.renditions().stream().mapToInt(Rendition::width).max().orElseThrow();
        int maxH = o.renditions().stream().mapToInt(Rendition::height).max().orElseThrow();
        c.addAll(List.of("ffmpeg", "-hide_banner", "-nostats", "-loglevel", o.logLevel(),
                "-progress", "pipe:1", "-stats_period", "0.5"));
        c.addAll(List.of("-re", "-f", "lavfi", "-i",
                "testsrc2=size=" + maxW + "x" + maxH + ":rate=" + o.fps()));
        if (o.audio()) {
            c.addAll(List.of("-re", "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=48000"));
        }
        StringBuilder filter = new StringBuilder("[0:v]split=").append(n);
        for (int i = 0; i < n; i++) {
            filter.append("[s").append(i).append(']');
        }
        for (int i = 0; i < n; i++) {
            Rendition r = o.renditions().get(i);
            filter.append(";[s").append(i).append("]scale=").append(r.width()).append(':').append(r.height())
                    .append(",format=yuv420p[v").append(i).append(']');
        }
        c.addAll(List.of("-filter_complex", filter.toString()));
        for (int i = 0; i < n; i++) {
            c.addAll(List.of("-map", "[v" + i + "]"));
        }
        if (o.audio()) {
            for (int i = 0; i < n; i++) {
                c.addAll(List.of("-map", "1:a"));
            }
        }
        String gop = Integer.toString(o.gopFrames());
        c.addAll(List.of("-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency",
                "-profile:v", "main", "-pix_fmt", "yuv420p",
                "-g", gop, "-keyint_min", gop, "-sc_threshold", "0",
                "-force_key_frames", "expr:gte(t,n_forced*" + o.segmentSeconds() + ")"));
        for (int i = 0; i < n; i++) {
            int kbps = o.renditions().get(i).videoKbps();
            c.addAll(List.of("-b:v:" + i, kbps + "k", "-maxrate:v:" + i, kbps + "k", "-bufsize:v:" + i, (2 * kbps) + "k"));
        }
        if (o.audio()) {
            c.addAll(List.of("-c:a", "aac", "-ar", "48000", "-ac", "2", "-b:a", "96k"));
        }
        if (o.timestampOffsetSeconds() != 0) {
            c.addAll(List.of("-output_ts_offset", String.format(Locale.ROOT, "%.3f", o.timestampOffsetSeconds())));
        }
        if (o.duration() != null) {
            c.addAll(List.of("-t", String.format(Locale.ROOT, "%.3f", o.duration().toMillis() / 1000.0)));
        }
        List<String> flags = new ArrayList<>(List.of("independent_segments"));
        if (o.programDateTime()) {
            flags.add("program_date_time");
        }
        if (!o.endListOnStop()) {
            flags.add("omit_endlist");
        }
        c.addAll(List.of("-f", "hls",
                "-hls_time", Integer.toString(o.segmentSeconds()),
                "-hls_list_size", Integer.toString(o.listSize()),
                "-hls_flags", String.join("+", flags),
                "-start_number", Long.toString(o.startNumber())));
        String segmentExt;
        if (o.segmentType() == SegmentType.FMP4) {
            // ffmpeg 5.1 expands %v in the init name only when there are several variant streams.
            c.addAll(List.of("-hls_segment_type", "fmp4", "-hls_fmp4_init_filename",
                    n == 1 ? o.initSegmentName(0) : o.manifestName() + "_%v_init.mp4"));
            segmentExt = "m4s";
        } else {
            c.addAll(List.of("-hls_segment_type", "mpegts"));
            segmentExt = "ts";
        }
        c.addAll(List.of("-method", "PUT"));
        if (o.credentials() != null) {
            // Up front: ffmpeg cannot answer a 401 challenge on PUT (BUILD-NOTES #10).
            c.addAll(List.of("-headers", "Authorization: " + o.credentials().basicAuthorization() + "\r\n"));
        }
        if (o.httpPersistent()) {
            c.addAll(List.of("-http_persistent", "1"));
        }
        StringBuilder map = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                map.append(' ');
            }
            map.append("v:").append(i);
            if (o.audio()) {
                map.append(",a:").append(i);
            }
        }
        c.addAll(List.of("-master_pl_name", o.multivariantName(),
                "-hls_segment_filename", base + o.manifestName() + "_%v_%05d." + segmentExt,
                "-var_stream_map", map.toString(),
                base + o.manifestName() + "_%v.m3u8"));
        return c;
    }

    // ---- process plumbing ----

    private void readStderr(Process p) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                System.err.println("[ffmpeg] " + line);
                synchronized (log) {
                    if (log.size() == LOG_LINES) {
                        log.removeFirst();
                    }
                    log.addLast(line);
                }
            }
        } catch (IOException ignored) {
            // stream closed with the process
        }
    }

    private void readProgress(Process p) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("out_time_us=") || line.startsWith("out_time_ms=")) {
                    try {
                        long us = Long.parseLong(line.substring(line.indexOf('=') + 1).trim());
                        synchronized (progressLock) {
                            if (us > outTimeMicros) {
                                outTimeMicros = us;
                            }
                            progressLock.notifyAll();
                        }
                    } catch (NumberFormatException ignored) {
                        // "N/A" before the first frame
                    }
                } else if (line.equals("progress=end")) {
                    synchronized (progressLock) {
                        progressEnded = true;
                        progressLock.notifyAll();
                    }
                }
            }
        } catch (IOException ignored) {
            // stream closed with the process
        } finally {
            synchronized (progressLock) {
                progressEnded = true;
                progressLock.notifyAll();
            }
        }
    }

    private int exitStatusAfterReaders(Process p) {
        try {
            p.waitFor(5, TimeUnit.SECONDS);
            stderrReader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return p.isAlive() ? -1 : p.exitValue();
    }

    private static void waitOn(Object lock, long millis) {
        try {
            lock.wait(Math.max(1, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static Thread daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    static String shellQuote(String s) {
        if (s.matches("[A-Za-z0-9_./:=@%+,-]+")) {
            return s;
        }
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
