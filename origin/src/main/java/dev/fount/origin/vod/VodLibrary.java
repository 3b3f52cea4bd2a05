package dev.fount.origin.vod;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.fount.origin.config.ConfigSource;
import dev.fount.origin.config.VodConfig;
import dev.fount.origin.media.ByteRange;
import dev.fount.origin.media.MalformedMediaException;
import dev.fount.origin.media.mp4.Fmp4Init;
import dev.fount.origin.media.mp4.ProgressiveMp4;
import dev.fount.origin.timeline.ChannelView;
import dev.fount.origin.timeline.ExternalMedia;

/**
 * The VOD assets this origin serves: each configured Asset is indexed once, in the background
 * (QUEUED, PROCESSING, then PLAYABLE or FAILED with the reason), its index written to the data
 * folder so that a restart serves it without reading the source again. Indexes are loaded into
 * memory on demand and a bounded number is kept there.
 */
@ApplicationScoped
@io.quarkus.runtime.Startup
public class VodLibrary {

    private static final Logger LOG = Logger.getLogger(VodLibrary.class);
    static final String INDEX_FILE = "index.json";
    static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    /** MediaPackage's asset egress statuses. */
    public enum Status {
        QUEUED, PROCESSING, PLAYABLE, FAILED
    }

    /**
     * @param message what is happening or what went wrong, for people
     * @param durationSeconds the asset's length once PLAYABLE, else 0
     */
    public record State(Status status, String message, Instant since, double durationSeconds, int renditions) {
    }

    @Inject
    ConfigSource config;

    @ConfigProperty(name = "fount.data.dir", defaultValue = "fount-data")
    String dataDir;

    @ConfigProperty(name = "fount.vod.indexers", defaultValue = "2")
    int indexers;

    @ConfigProperty(name = "fount.vod.loaded-assets", defaultValue = "64")
    int loadedAssets;

    /** MP4 sample tables kept in memory (a 2-hour rendition's take a few megabytes). */
    @ConfigProperty(name = "fount.vod.loaded-movies", defaultValue = "32")
    int loadedMovies;

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private ExecutorService workers;
    private ScheduledExecutorService ticker;

    /** Indexes in memory, least recently used first. */
    private final Map<String, ChannelView> views = new LinkedHashMap<>(16, 0.75f, true);

    private final class Entry {
        final VodConfig.AssetConfig asset;
        final String key;
        final Path folder;
        final SourceReader reader;
        volatile State state;
        volatile Future<?> job;
        final Map<String, Fmp4Init> inits = new ConcurrentHashMap<>();

        Entry(VodConfig.AssetConfig asset, SourceReader reader) {
            this.asset = asset;
            this.key = key(asset);
            this.folder = Path.of(dataDir, "vod", key);
            this.reader = reader;
        }

        void set(Status status, String message, double seconds, int renditions) {
            state = new State(status, message, Instant.now(), seconds, renditions);
        }
    }

    @PostConstruct
    void start() {
        workers = Executors.newFixedThreadPool(Math.max(1, indexers), daemon("fount-vod-index"));
        ticker = Executors.newSingleThreadScheduledExecutor(daemon("fount-vod-sync"));
        ticker.scheduleWithFixedDelay(this::syncQuietly, 0, 1, TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        ticker.shutdownNow();
        workers.shutdownNow();
        entries.values().forEach(this::close);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** The asset's indexing state (after taking in configuration changes); empty when it is not configured. */
    public Optional<State> state(VodConfig.AssetConfig asset) {
        sync();
        Entry e = entries.get(asset.name());
        return e == null || !e.asset.equals(asset) ? Optional.empty() : Optional.of(e.state);
    }

    /** The asset as packagers read it, when it is PLAYABLE. */
    public Optional<ChannelView> view(VodConfig.AssetConfig asset) throws IOException {
        sync();
        Entry e = entries.get(asset.name());
        if (e == null || !e.asset.equals(asset) || e.state.status() != Status.PLAYABLE) {
            return Optional.empty();
        }
        synchronized (views) {
            ChannelView known = views.get(e.key);
            if (known != null) {
                return Optional.of(known);
            }
        }
        ChannelView view = AssetViews.view(e.key, read(e.folder), (n, rendition, segment) -> media(e, n, rendition, segment));
        synchronized (views) {
            views.put(e.key, view);
            while (views.size() > Math.max(1, loadedAssets)) {
                views.remove(views.keySet().iterator().next());
            }
        }
        return Optional.of(view);
    }

    private ExternalMedia media(Entry e, int n, AssetIndex.Rendition rendition, AssetIndex.Segment segment) {
        if (rendition.movie() == null) {
            return new HlsSegmentMedia(e.reader, segment, (uri, range) -> init(e, uri, range));
        }
        URI uri = URI.create(rendition.movie());
        return new Mp4SegmentMedia(() -> movie(Mp4Indexer.movieFile(e.folder, n)), new SourceBytes(e.reader, uri), segment);
    }

    /** Sample tables of MP4 renditions, rebuilt from the recorded header reads; least recently used first. */
    private final Map<Path, ProgressiveMp4> movies = new LinkedHashMap<>(16, 0.75f, true);

    private ProgressiveMp4 movie(Path reads) throws IOException, MalformedMediaException {
        synchronized (movies) {
            ProgressiveMp4 known = movies.get(reads);
            if (known != null) {
                return known;
            }
        }
        ProgressiveMp4 movie = ProgressiveMp4.open(RecordedReads.replay(reads));
        synchronized (movies) {
            movies.put(reads, movie);
            while (movies.size() > Math.max(1, loadedMovies)) {
                movies.remove(movies.keySet().iterator().next());
            }
        }
        return movie;
    }

    private Fmp4Init init(Entry e, URI uri, ByteRange range) throws IOException, MalformedMediaException {
        String key = uri + (range == null ? "" : "@" + range.offset());
        Fmp4Init known = e.inits.get(key);
        if (known != null) {
            return known;
        }
        byte[] bytes = range == null ? e.reader.readAll(uri, HlsIndexer.MAX_PLAYLIST_BYTES) : e.reader.read(uri, range.offset(), (int) range.length());
        Fmp4Init parsed = Fmp4Init.parse(bytes);
        e.inits.put(key, parsed);
        return parsed;
    }

    private void syncQuietly() {
        try {
            sync();
        } catch (RuntimeException ex) {
            LOG.warnf(ex, "could not take in the VOD configuration");
        }
    }

    /** Starts indexing new assets and forgets removed or changed ones. */
    synchronized void sync() {
        Map<String, VodConfig.AssetConfig> configured = config.current().vod().assets();
        for (Entry e : entries.values()) {
            VodConfig.AssetConfig now = configured.get(e.asset.name());
            if (now == null || !now.equals(e.asset)) {
                entries.remove(e.asset.name());
                close(e);
            }
        }
        for (VodConfig.AssetConfig asset : configured.values()) {
            if (entries.containsKey(asset.name())) {
                continue;
            }
            Entry e;
            try {
                e = new Entry(asset, Sources.open(URI.create(asset.sourceUri()), settings(asset)));
            } catch (IOException | IllegalArgumentException ex) {
                e = new Entry(asset, null);
                e.set(Status.FAILED, ex.getMessage(), 0, 0);
                entries.put(asset.name(), e);
                continue;
            }
            entries.put(asset.name(), e);
            Optional<AssetIndex> stored = stored(e);
            if (stored.isPresent()) {
                e.set(Status.PLAYABLE, "indexed earlier; read from " + e.folder.resolve(INDEX_FILE), stored.get().durationTicks() / 90_000.0,
                        stored.get().renditions().size());
                continue;
            }
            e.set(Status.QUEUED, "waiting for an indexer", 0, 0);
            Entry queued = e;
            e.job = workers.submit(() -> index(queued));
        }
    }

    private void index(Entry e) {
        e.set(Status.PROCESSING, "reading " + e.asset.sourceUri(), 0, 0);
        long started = System.nanoTime();
        try {
            URI source = URI.create(e.asset.sourceUri());
            Progress progress = (done, of) -> e.set(Status.PROCESSING, "indexed " + done + " of " + of + " segments", 0, 0);
            AssetIndex index = Indexers.index(source, e.reader, progress, e.folder);
            write(e.folder, index);
            e.set(Status.PLAYABLE, "indexed in " + (System.nanoTime() - started) / 1_000_000 + " ms", index.durationTicks() / 90_000.0,
                    index.renditions().size());
            LOG.infof("asset %s indexed: %d rendition(s), %.1f s, in %d ms", e.asset.name(), index.renditions().size(),
                    index.durationTicks() / 90_000.0, (System.nanoTime() - started) / 1_000_000);
        } catch (IndexFailure | IOException ex) {
            e.set(Status.FAILED, ex.getMessage(), 0, 0);
            LOG.warnf("asset %s cannot be packaged: %s", e.asset.name(), ex.getMessage());
        } catch (RuntimeException ex) {
            e.set(Status.FAILED, "indexing failed: " + ex, 0, 0);
            LOG.warnf(ex, "asset %s: indexing failed", e.asset.name());
        }
    }

    private Optional<AssetIndex> stored(Entry e) {
        Path file = e.folder.resolve(INDEX_FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            AssetIndex index = read(e.folder);
            return index.sourceUri().equals(e.asset.sourceUri()) ? Optional.of(index) : Optional.empty();
        } catch (IOException | RuntimeException ex) {
            LOG.warnf("%s cannot be read (%s); the asset is indexed again", file, ex.getMessage());
            return Optional.empty();
        }
    }

    /** The index file: its version, then the index. */
    record Stored(int version, AssetIndex index) {
    }

    private static AssetIndex read(Path folder) throws IOException {
        Stored s = JSON.readValue(folder.resolve(INDEX_FILE).toFile(), Stored.class);
        if (s.version() != AssetIndex.VERSION || s.index() == null) {
            throw new IOException("index version " + s.version() + ", not " + AssetIndex.VERSION);
        }
        return s.index();
    }

    private static void write(Path folder, AssetIndex index) throws IOException {
        Files.createDirectories(folder);
        Path tmp = folder.resolve(INDEX_FILE + ".tmp");
        JSON.writeValue(tmp.toFile(), new Stored(AssetIndex.VERSION, index));
        Files.move(tmp, folder.resolve(INDEX_FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private void close(Entry e) {
        if (e.job != null) {
            e.job.cancel(true);
        }
        synchronized (views) {
            views.remove(e.key);
        }
        if (e.reader != null) {
            try {
                e.reader.close();
            } catch (Exception ex) {
                LOG.debugf("closing the source reader of %s: %s", e.asset.name(), ex.getMessage());
            }
        }
    }

    private static SourceSettings settings(VodConfig.AssetConfig a) {
        Map<String, String> c = a.credentials();
        return new SourceSettings(a.sourceEndpoint(), a.sourceRegion(), c.get("accessKeyId"), c.get("secretAccessKey"), c.get("username"),
                c.get("password"));
    }

    /** The asset's folder name: its name and a digest of where its content comes from (a recreated asset gets a new index). */
    static String key(VodConfig.AssetConfig a) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((a.sourceUri() + "\n" + a.sourceEndpoint()).getBytes(StandardCharsets.UTF_8));
            return a.name() + "-" + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
