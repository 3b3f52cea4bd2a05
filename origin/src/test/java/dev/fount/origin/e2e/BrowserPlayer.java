package dev.fount.origin.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.Route;

/**
 * A real player for end-to-end tests: a JavaScript player library (hls.js, dash.js, Shaka Player, or
 * dash.js's Smooth Streaming client — see {@link Adapter}) in Debian's headless Chromium, driven by
 * Playwright for Java.
 *
 * <p>The test page is served by Playwright itself ({@code page.route}) at
 * {@code pageBaseUrl + "/__e2e__.html"}, so the page's origin is the server under test and the
 * player's requests are same-origin (no CORS involved unless the manifest is elsewhere). Player
 * libraries and the harness scripts come from the test classpath and are injected as inline
 * scripts. Playwright never downloads a browser (BUILD-NOTES #8).
 *
 * <p>One browser per instance; every {@code play…} call gets a fresh browser context (empty cache)
 * and closes it afterwards. Not thread-safe (Playwright is not).
 */
public final class BrowserPlayer implements AutoCloseable {

    /** System property (or env {@code FOUNT_E2E_CHROMIUM}) overriding the browser executable. */
    public static final String CHROMIUM_PROPERTY = "fount.e2e.chromium";
    public static final String DEFAULT_CHROMIUM = "/usr/bin/chromium";
    public static final List<String> CHROMIUM_ARGS = List.of(
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--autoplay-policy=no-user-gesture-required",
            "--disable-dev-shm-usage", "--mute-audio",
            // Test servers (key servers, the origin) are all on loopback, on different ports: let a page reach them all.
            "--disable-features=LocalNetworkAccessChecks,BlockInsecurePrivateNetworkRequests,PrivateNetworkAccessSendPreflights");
    public static final String TEST_PAGE = "/__e2e__.html";

    /**
     * A player library plus the adapter that wires it to the harness: the classpath scripts
     * injected in order; the last one must define {@code window.__e2eStart(manifestUrl, config)}
     * (and optionally {@code window.__e2eStop()}) using {@code window.__e2e} from
     * {@code e2e/harness.js}.
     */
    public record Adapter(String name, List<String> classpathScripts) {
        public Adapter {
            classpathScripts = List.copyOf(classpathScripts);
        }

        /** hls.js as the origin serves it (the build copies it to META-INF/resources/player/). */
        public static final Adapter HLS_JS = new Adapter("hls.js", List.of(
                "META-INF/resources/player/hls.min.js", "e2e/harness.js", "e2e/hlsjs-adapter.js"));

        /**
         * dash.js for DASH ({@code .mpd}). Config: dash.js settings for {@code player.updateSettings},
         * merged over dash.js's defaults (live delay untouched: BUILD-NOTES trap 12).
         */
        public static final Adapter DASH_JS = new Adapter("dash.js", List.of(
                "META-INF/resources/player/dash.all.min.js", "e2e/harness.js", "e2e/dashjs-adapter.js"));

        /**
         * dash.js with its Smooth Streaming module ({@code dash.mss}) for MSS ({@code …/Manifest}).
         * Use {@link BrowserPlayer#playMss}, which adds the {@code e2eMss} flag to the config.
         */
        public static final Adapter DASH_JS_MSS = new Adapter("dash.js-mss", List.of(
                "META-INF/resources/player/dash.all.min.js", "META-INF/resources/player/dash.mss.min.js",
                "e2e/harness.js", "e2e/dashjs-adapter.js"));

        /**
         * Shaka Player (DASH, HLS). Config: Shaka configuration for {@code player.configure},
         * merged over Shaka's defaults. Errors of severity CRITICAL and a rejected {@code load()}
         * are fatal.
         */
        public static final Adapter SHAKA = new Adapter("shaka", List.of(
                "META-INF/resources/player/shaka-player.compiled.js", "e2e/harness.js", "e2e/shaka-adapter.js"));

        /** Every adapter above. */
        public static final List<Adapter> ALL = List.of(HLS_JS, DASH_JS, DASH_JS_MSS, SHAKA);
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final int MAX_CONSOLE = 500;

    private final Playwright playwright;
    private final Browser browser;

    public BrowserPlayer() {
        Path chromium = Paths.get(chromiumPath());
        if (!Files.isExecutable(chromium)) {
            throw new IllegalStateException("no browser at " + chromium
                    + " (apt-get install -y chromium, or set -D" + CHROMIUM_PROPERTY + "=…)");
        }
        Playwright pw = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        try {
            browser = pw.chromium().launch(new BrowserType.LaunchOptions()
                    .setExecutablePath(chromium)
                    .setHeadless(true)
                    .setArgs(CHROMIUM_ARGS)
                    .setTimeout(60_000));
        } catch (RuntimeException e) {
            pw.close();
            throw e;
        }
        playwright = pw;
    }

    public String browserVersion() {
        return browser.version();
    }

    /** {@link #playHls(String, String, Duration)} with the page on the manifest's own origin. */
    public PlaybackReport playHls(String manifestUrl, Duration watch) {
        return playHls(originOf(manifestUrl), manifestUrl, watch);
    }

    /** Plays with hls.js ({@code lowLatencyMode:false}) for {@code watch}, sampling once a second. */
    public PlaybackReport playHls(String pageBaseUrl, String manifestUrl, Duration watch) {
        return play(Adapter.HLS_JS, pageBaseUrl, manifestUrl, watch, Map.of());
    }

    /** As above with extra hls.js config (merged over {@code {lowLatencyMode:false}}). */
    public PlaybackReport playHls(String pageBaseUrl, String manifestUrl, Duration watch, Map<String, Object> hlsConfig) {
        return play(Adapter.HLS_JS, pageBaseUrl, manifestUrl, watch, hlsConfig);
    }

    /** Plays a DASH manifest with dash.js (default settings) for {@code watch}. */
    public PlaybackReport playDash(String pageBaseUrl, String mpdUrl, Duration watch) {
        return play(Adapter.DASH_JS, pageBaseUrl, mpdUrl, watch, Map.of());
    }

    /** As above with dash.js settings ({@code player.updateSettings}), e.g. {@code Map.of("streaming", Map.of(…))}. */
    public PlaybackReport playDash(String pageBaseUrl, String mpdUrl, Duration watch, Map<String, Object> settings) {
        return play(Adapter.DASH_JS, pageBaseUrl, mpdUrl, watch, settings);
    }

    /** Plays a DASH (or HLS) manifest with Shaka Player (default configuration) for {@code watch}. */
    public PlaybackReport playShaka(String pageBaseUrl, String manifestUrl, Duration watch) {
        return play(Adapter.SHAKA, pageBaseUrl, manifestUrl, watch, Map.of());
    }

    /** As above with Shaka configuration ({@code player.configure}). */
    public PlaybackReport playShaka(String pageBaseUrl, String manifestUrl, Duration watch, Map<String, Object> config) {
        return play(Adapter.SHAKA, pageBaseUrl, manifestUrl, watch, config);
    }

    /** Plays a Smooth Streaming manifest ({@code …/Manifest}) with dash.js and its MSS module for {@code watch}. */
    public PlaybackReport playMss(String pageBaseUrl, String manifestUrl, Duration watch) {
        return playMss(pageBaseUrl, manifestUrl, watch, Map.of());
    }

    /** As above with dash.js settings. */
    public PlaybackReport playMss(String pageBaseUrl, String manifestUrl, Duration watch, Map<String, Object> settings) {
        Map<String, Object> config = new java.util.LinkedHashMap<>(settings == null ? Map.of() : settings);
        config.put("e2eMss", true);
        return play(Adapter.DASH_JS_MSS, pageBaseUrl, manifestUrl, watch, config);
    }

    /**
     * The general form: loads the test page at {@code pageBaseUrl + "/__e2e__.html"}, injects the
     * adapter's scripts, starts playback of {@code manifestUrl} with {@code config} (JSON-able),
     * samples the video element every second for {@code watch} (ending 2 s after a fatal error),
     * then stops the player and closes the context.
     */
    public PlaybackReport play(Adapter adapter, String pageBaseUrl, String manifestUrl, Duration watch,
            Map<String, Object> config) {
        return play(adapter, pageBaseUrl, manifestUrl, watch, config, null);
    }

    /**
     * A seek during playback: at {@code atSecond} of the watch, the video element's currentTime is
     * set to {@code to} (what a user dragging the scrubber does; the player fetches from there).
     */
    public record Seek(int atSecond, double to) {
    }

    /** As {@link #play(Adapter, String, String, Duration, Map)}, seeking once as {@code seek} says (null: never). */
    public PlaybackReport play(Adapter adapter, String pageBaseUrl, String manifestUrl, Duration watch,
            Map<String, Object> config, Seek seek) {
        Objects.requireNonNull(manifestUrl, "manifestUrl");
        String base = pageBaseUrl.endsWith("/") ? pageBaseUrl.substring(0, pageBaseUrl.length() - 1) : pageBaseUrl;
        String pageUrl = base + TEST_PAGE;
        List<String> console = Collections.synchronizedList(new ArrayList<>());
        List<PlaybackReport.Sample> samples = new ArrayList<>();
        List<PlaybackReport.PlayerError> harnessErrors = new ArrayList<>();
        JsonNode snapshot = null;

        try (BrowserContext context = browser.newContext(new Browser.NewContextOptions()
                .setViewportSize(800, 600)
                .setServiceWorkers(com.microsoft.playwright.options.ServiceWorkerPolicy.BLOCK))) {
            context.setDefaultTimeout(30_000);
            Page page = context.newPage();
            page.onConsoleMessage(m -> add(console, m.type() + ": " + m.text()));
            page.onPageError(e -> add(console, "pageerror: " + e));
            page.onCrash(p -> add(console, "page crashed"));
            page.onRequestFailed(r -> add(console, "[net] failed " + r.method() + " " + r.url() + ": " + r.failure()));
            page.onResponse(r -> {
                if (r.status() >= 400) {
                    add(console, "[net] " + r.status() + " " + r.request().method() + " " + r.url());
                }
            });
            page.route(url -> url.equals(pageUrl), route -> route.fulfill(new Route.FulfillOptions()
                    .setStatus(200)
                    .setContentType("text/html; charset=utf-8")
                    .setBody("<!doctype html><html><head><meta charset=\"utf-8\"><title>fount e2e: "
                            + adapter.name() + "</title></head><body></body></html>")));
            page.navigate(pageUrl);
            for (String script : adapter.classpathScripts()) {
                page.addScriptTag(new Page.AddScriptTagOptions().setContent(classpathText(script)
                        + "\n//# sourceURL=" + script));
            }
            page.evaluate("([url, config]) => window.__e2eStart(url, JSON.parse(config))",
                    Arrays.asList(manifestUrl, toJson(config)));

            long start = System.nanoTime();
            long seconds = Math.max(1, (watch.toMillis() + 999) / 1000);
            int fatalAt = -1;
            for (int i = 1; i <= seconds; i++) {
                long waitMs = (start + i * 1_000_000_000L - System.nanoTime()) / 1_000_000L;
                if (waitMs > 0) {
                    page.waitForTimeout(waitMs); // a fixed sampling clock; also lets Playwright dispatch events
                }
                if (seek != null && i == seek.atSecond()) {
                    page.evaluate("t => { window.__e2e.video.currentTime = t; }", seek.to());
                }
                PlaybackReport.Sample s = JSON.readValue(
                        (String) page.evaluate("() => JSON.stringify(window.__e2e.sample())"),
                        PlaybackReport.Sample.class);
                samples.add(s);
                if (s.fatalErrors() > 0 && fatalAt < 0) {
                    fatalAt = i;
                }
                if (fatalAt >= 0 && i - fatalAt >= 2) {
                    break;
                }
            }
            snapshot = JSON.readTree((String) page.evaluate("() => JSON.stringify(window.__e2e.snapshot())"));
            page.evaluate("() => window.__e2eStop && window.__e2eStop()");
        } catch (PlaywrightException e) {
            harnessErrors.add(new PlaybackReport.PlayerError(-1, "harness", "PLAYWRIGHT", "exception", true,
                    firstLine(e.getMessage()), "", 0));
        } catch (JsonProcessingException e) {
            harnessErrors.add(new PlaybackReport.PlayerError(-1, "harness", "JSON", "unreadable sample", true,
                    e.getOriginalMessage(), "", 0));
        }
        return report(adapter, manifestUrl, samples, harnessErrors, snapshot, console);
    }

    @Override
    public void close() {
        try {
            browser.close();
        } catch (RuntimeException ignored) {
            // the browser may already be gone; still close Playwright
        } finally {
            playwright.close();
        }
    }

    /** {@code scheme://host[:port]} of a URL. */
    public static String originOf(String url) {
        URI u = URI.create(url);
        return u.getScheme() + "://" + u.getRawAuthority();
    }

    static String chromiumPath() {
        String p = System.getProperty(CHROMIUM_PROPERTY);
        if (p == null || p.isBlank()) {
            p = System.getenv("FOUNT_E2E_CHROMIUM");
        }
        return p == null || p.isBlank() ? DEFAULT_CHROMIUM : p;
    }

    static String classpathText(String resource) {
        ClassLoader cl = Thread.currentThread().getContextClassLoader() != null
                ? Thread.currentThread().getContextClassLoader() : BrowserPlayer.class.getClassLoader();
        try (InputStream in = cl.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("classpath resource " + resource + " not found"
                        + (resource.startsWith("META-INF/resources/player/")
                                ? " (the origin build copies the players there from src/main/player/node_modules: run mvn process-resources)"
                                : ""));
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static PlaybackReport report(Adapter adapter, String manifestUrl, List<PlaybackReport.Sample> samples,
            List<PlaybackReport.PlayerError> harnessErrors, JsonNode snapshot, List<String> console) {
        List<PlaybackReport.PlayerError> fatal = new ArrayList<>(harnessErrors);
        List<PlaybackReport.PlayerError> nonFatal = new ArrayList<>();
        List<PlaybackReport.Level> levels = new ArrayList<>();
        List<Integer> levelsPlayed = new ArrayList<>();
        List<String> events = new ArrayList<>();
        String player = adapter.name();
        if (snapshot != null) {
            try {
                for (JsonNode e : snapshot.path("errors")) {
                    PlaybackReport.PlayerError err = JSON.treeToValue(e, PlaybackReport.PlayerError.class);
                    (err.fatal() ? fatal : nonFatal).add(err);
                }
                for (JsonNode l : snapshot.path("levels")) {
                    levels.add(JSON.treeToValue(l, PlaybackReport.Level.class));
                }
            } catch (JsonProcessingException e) {
                fatal.add(new PlaybackReport.PlayerError(-1, "harness", "JSON", "unreadable snapshot", true,
                        e.getOriginalMessage(), "", 0));
            }
            snapshot.path("levelsPlayed").forEach(n -> levelsPlayed.add(n.asInt()));
            snapshot.path("events").forEach(n -> events.add(n.asText()));
            if (snapshot.path("droppedEvents").asInt() > 0) {
                events.add("(" + snapshot.path("droppedEvents").asInt() + " later events not recorded)");
            }
            player = snapshot.path("player").asText(player);
        } else if (!samples.isEmpty() && samples.get(samples.size() - 1).fatalErrors() > 0) {
            fatal.add(new PlaybackReport.PlayerError(-1, "harness", "SNAPSHOT", "player errors not collected", true, "", "", 0));
        }
        synchronized (console) {
            return new PlaybackReport(player, manifestUrl, samples, fatal, nonFatal, levels, levelsPlayed, events,
                    new ArrayList<>(console));
        }
    }

    private static String toJson(Map<String, Object> config) {
        try {
            return JSON.writeValueAsString(config == null ? Map.of() : config);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("player config is not JSON-able: " + config, e);
        }
    }

    private static void add(List<String> console, String line) {
        synchronized (console) {
            if (console.size() < MAX_CONSOLE) {
                console.add(line);
            }
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
