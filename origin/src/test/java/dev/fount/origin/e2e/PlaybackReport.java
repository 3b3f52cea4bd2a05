package dev.fount.origin.e2e;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What a player did while {@link BrowserPlayer} watched it: one {@link Sample} a second, the
 * player's errors split into fatal and non-fatal, the levels (renditions) it saw, its event log
 * and the page's console.
 *
 * @param player the adapter's name, e.g. {@code hls.js}
 * @param manifestUrl what was played
 * @param samples one per second of the watch, in order
 * @param fatalErrors errors the player (or the video element, or the harness) reported as fatal
 * @param nonFatalErrors recovered errors (e.g. a segment that 404ed once)
 * @param levels the levels the player parsed from the manifest
 * @param levelsPlayed indexes of the levels the player switched to
 * @param events the player's and the video element's events, "seconds name detail"
 * @param console browser console lines, page errors and failed or 4xx/5xx network requests
 */
public record PlaybackReport(
        String player,
        String manifestUrl,
        List<Sample> samples,
        List<PlayerError> fatalErrors,
        List<PlayerError> nonFatalErrors,
        List<Level> levels,
        List<Integer> levelsPlayed,
        List<String> events,
        List<String> console) {

    /** A {@code TimeRanges} entry. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Range(double start, double end) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "[%.2f-%.2f]", start, end);
        }
    }

    /**
     * The {@code <video>} element and player state at one moment.
     *
     * @param wallSeconds seconds since the page's harness loaded
     * @param playedSeconds total length of {@code video.played}: media actually played, seeks excluded
     * @param live whether the player considers the stream live (HLS without ENDLIST, dynamic MPD, live MSS)
     * @param liveLatency seconds from the playhead to the live edge as the player reports it (hls.js
     *     {@code latency}, dash.js {@code getCurrentLiveLatency()}, Shaka: end of its seek range minus
     *     {@code currentTime}); null when not live or not known yet
     * @param stalls rebuffers so far: {@code waiting} events after playback had started, seeks excluded
     * @param stalledSeconds time spent in those rebuffers so far, the current one included
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Sample(double wallSeconds, double currentTime, int readyState, boolean paused, List<Range> buffered,
            int levels, int currentLevel, double playedSeconds, long decodedFrames, long droppedFrames, int fatalErrors,
            boolean live, Double liveLatency, int stalls, double stalledSeconds) {

        public double bufferAhead() {
            if (buffered == null) {
                return 0;
            }
            for (Range r : buffered) {
                if (currentTime >= r.start() - 0.1 && currentTime <= r.end()) {
                    return r.end() - currentTime;
                }
            }
            return 0;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT,
                    "t=%5.1fs currentTime=%8.2f played=%6.2f ready=%d %s level=%d/%d frames=%d dropped=%d%s%s buffered=%s",
                    wallSeconds, currentTime, playedSeconds, readyState, paused ? "paused " : "playing",
                    currentLevel, levels, decodedFrames, droppedFrames,
                    live ? (liveLatency == null ? " live" : String.format(Locale.ROOT, " live latency=%.2fs", liveLatency)) : "",
                    stalls == 0 ? "" : String.format(Locale.ROOT, " stalls=%d (%.1fs)", stalls, stalledSeconds),
                    buffered);
        }
    }

    /** One player error; {@code source} is the player, {@code video} (MediaError) or {@code harness}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PlayerError(double t, String source, String type, String details, boolean fatal, String message,
            String url, int code) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "t=%.1fs %s %s%s/%s%s%s%s", t, source, fatal ? "FATAL " : "", type, details,
                    message == null || message.isEmpty() ? "" : " \"" + message + "\"",
                    url == null || url.isEmpty() ? "" : " " + url,
                    code == 0 ? "" : " code=" + code);
        }
    }

    /** A level (variant / representation) as the player parsed it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Level(int index, int width, int height, long bitrate, String codecs) {
        @Override
        public String toString() {
            return index + ":" + width + "x" + height + "@" + bitrate + (codecs == null || codecs.isEmpty() ? "" : "(" + codecs + ")");
        }
    }

    public PlaybackReport {
        samples = List.copyOf(samples);
        fatalErrors = List.copyOf(fatalErrors);
        nonFatalErrors = List.copyOf(nonFatalErrors);
        levels = List.copyOf(levels);
        levelsPlayed = List.copyOf(levelsPlayed);
        events = List.copyOf(events);
        console = List.copyOf(console);
    }

    /**
     * Seconds of media actually played: the total length of {@code video.played} at the last
     * sample. Seeks (live-edge jumps, gap skipping) do not count, stalls add nothing.
     */
    public double advancedSeconds() {
        return samples.isEmpty() ? 0 : samples.get(samples.size() - 1).playedSeconds();
    }

    /** {@code currentTime} at the last sample minus at the first sample where media was loaded. */
    public double currentTimeAdvance() {
        Sample first = samples.stream().filter(s -> s.readyState() >= 1).findFirst().orElse(null);
        return first == null ? 0 : samples.get(samples.size() - 1).currentTime() - first.currentTime();
    }

    public Sample lastSample() {
        return samples.isEmpty() ? null : samples.get(samples.size() - 1);
    }

    public long decodedFrames() {
        Sample last = lastSample();
        return last == null ? 0 : last.decodedFrames();
    }

    /** Rebuffers (stalls after playback had started, seeks excluded) at the last sample. */
    public int stalls() {
        Sample last = lastSample();
        return last == null ? 0 : last.stalls();
    }

    /** Seconds spent rebuffering at the last sample. */
    public double stalledSeconds() {
        Sample last = lastSample();
        return last == null ? 0 : last.stalledSeconds();
    }

    /** Whether the player called the stream live at any sample. */
    public boolean wasLive() {
        return samples.stream().anyMatch(Sample::live);
    }

    /** The player's distance to the live edge at the last sample that had one; NaN if none did. */
    public double lastLiveLatency() {
        for (int i = samples.size() - 1; i >= 0; i--) {
            if (samples.get(i).liveLatency() != null) {
                return samples.get(i).liveLatency();
            }
        }
        return Double.NaN;
    }

    /** The largest distance to the live edge over the samples; NaN if none had one. */
    public double maxLiveLatency() {
        return samples.stream().map(Sample::liveLatency).filter(java.util.Objects::nonNull)
                .mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    public boolean hasFatalError() {
        return !fatalErrors.isEmpty();
    }

    /**
     * Fails, with {@link #summary()}, when a fatal error occurred or fewer than {@code minSeconds}
     * of media played.
     */
    public PlaybackReport assertPlayed(double minSeconds) {
        if (hasFatalError() || advancedSeconds() < minSeconds) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "%s did not play %s: expected >= %.1f s played without fatal error, got %.2f s and %d fatal error(s)%n%s",
                    player, manifestUrl, minSeconds, advancedSeconds(), fatalErrors.size(), summary()));
        }
        return this;
    }

    /** Fails, with {@link #summary()}, on any error, fatal or not. */
    public PlaybackReport assertNoErrors() {
        if (hasFatalError() || !nonFatalErrors.isEmpty()) {
            throw new AssertionError(player + " reported errors playing " + manifestUrl + "\n" + summary());
        }
        return this;
    }

    /** A readable account: totals, errors, levels, every sample, the last events and console lines. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "== %s playing %s: %.2f s played, currentTime +%.2f s, %d frames decoded,"
                + " %d stall(s) %.1f s%s%n",
                player, manifestUrl, advancedSeconds(), currentTimeAdvance(), decodedFrames(), stalls(), stalledSeconds(),
                wasLive() ? String.format(Locale.ROOT, ", live, latency last %.2f s max %.2f s", lastLiveLatency(),
                        maxLiveLatency()) : ""));
        sb.append("levels: ").append(levels).append(", played: ").append(levelsPlayed).append('\n');
        appendList(sb, "fatal errors", fatalErrors.stream().map(Object::toString).toList(), 20);
        appendList(sb, "non-fatal errors", nonFatalErrors.stream().map(Object::toString).toList(), 20);
        appendList(sb, "samples", samples.stream().map(Object::toString).toList(), 120);
        appendList(sb, "events (last 40)", events, 40);
        appendList(sb, "console (last 30)", console, 30);
        return sb.toString();
    }

    private static void appendList(StringBuilder sb, String title, List<String> lines, int lastN) {
        sb.append(title).append(" (").append(lines.size()).append("):");
        if (lines.isEmpty()) {
            sb.append(" none\n");
            return;
        }
        sb.append('\n');
        if (lines.size() > lastN) {
            sb.append("  … ").append(lines.size() - lastN).append(" earlier\n");
        }
        sb.append(lines.subList(Math.max(0, lines.size() - lastN), lines.size()).stream()
                .map(l -> "  " + l).collect(Collectors.joining("\n"))).append('\n');
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "PlaybackReport[%s %s played=%.2fs fatal=%d nonFatal=%d levels=%d]",
                player, manifestUrl, advancedSeconds(), fatalErrors.size(), nonFatalErrors.size(), levels.size());
    }
}
