package dev.fount.origin.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.fount.origin.config.ConfigSource;
import dev.fount.origin.media.Fmp4Probe;
import dev.fount.origin.media.MalformedMediaException;
import dev.fount.origin.media.SegmentProbe;
import dev.fount.origin.media.TsProbe;
import dev.fount.origin.media.mp4.Fmp4Init;
import dev.fount.origin.media.mp4.Fmp4Samples;
import dev.fount.origin.timeline.ChannelTimeline;
import dev.fount.origin.timeline.InputSegment;
import dev.fount.origin.timeline.Timelines;

/**
 * What happens to an encoder's upload once it is authenticated: segments are probed, then
 * stored (a malformed one is refused and nothing is stored); playlists are parsed and tell
 * which stored segments join the timeline, in which order, with which discontinuities. Every
 * event is written to the channel's {@link Journal}; at start the journals are replayed, so a
 * restarted origin serves the window it had.
 */
@ApplicationScoped
@io.quarkus.runtime.Startup
public class IngestService {

    private static final Logger LOG = Logger.getLogger(IngestService.class);
    /** Media kept beyond the longest window, so a player a little behind still finds its segments. */
    private static final Duration MARGIN = Duration.ofMinutes(2);

    @Inject
    ConfigSource config;

    @Inject
    Timelines timelines;

    @ConfigProperty(name = "fount.data.dir", defaultValue = "fount-data")
    Path dataDir;

    private final Map<String, InputState> inputs = new ConcurrentHashMap<>();
    /** Per channel: its journal and the events in it (what a trim rewrites it to). */
    private final Map<String, Journal> journals = new ConcurrentHashMap<>();
    private final Map<String, List<Journal.Entry>> history = new ConcurrentHashMap<>();
    private static final java.util.concurrent.atomic.AtomicLong UPLOADS = new java.util.concurrent.atomic.AtomicLong(System.currentTimeMillis());

    /** What one ingest endpoint of a channel has received. Guarded by its own monitor. */
    private static final class InputState {
        final Map<String, Stored> segments = new ConcurrentHashMap<>();
        final Map<String, InputPlaylist.Media> playlists = new ConcurrentHashMap<>();
        final Set<String> registered = new HashSet<>();
        /** fMP4 initialization segments by name, oldest version first: segments keep the version they were listed with. */
        final Map<String, List<Init>> inits = new ConcurrentHashMap<>();
    }

    /** A stored segment: MPEG-TS with its probe, or fMP4 (probe null) awaiting the init segment its playlist names. */
    private record Stored(Path path, SegmentProbe probe, Instant arrival) {
        boolean fmp4() {
            return probe == null;
        }
    }

    private record Init(Path path, Fmp4Init parsed, Instant arrival) {
    }

    public sealed interface Result permits Stored201, Refused400 {
    }

    public record Stored201(String what) implements Result {
    }

    public record Refused400(String reason) implements Result {
    }

    public Result upload(String channel, String input, String file, byte[] body) {
        String name = file.toLowerCase();
        if (name.endsWith(".m3u8")) {
            return playlist(channel, input, file, body);
        }
        if (name.endsWith(".ts")) {
            return segment(channel, input, file, body);
        }
        if (isoBmff(body)) {
            return Fmp4Init.isInit(body) ? init(channel, input, file, body) : fmp4Segment(channel, input, file, body);
        }
        // Other files (WebVTT, keys) are kept as sent.
        store(channel, input, file, body);
        return new Stored201("stored " + file);
    }

    /** An MPEG-TS segment: probed now, stored only when the probe finds a segment it can package. */
    private Result segment(String channel, String input, String file, byte[] body) {
        SegmentProbe probe;
        try {
            probe = TsProbe.probe(body);
        } catch (MalformedMediaException e) {
            return refused(channel, input, file, e);
        }
        return keep(channel, input, file, body, probe);
    }

    /**
     * Stores a checked segment (probe null: fMP4, probed when it joins the timeline). Each upload
     * gets its own file: a restarted encoder reuses names, and a segment still served under its old
     * media sequence number must never change under a player.
     */
    private Result keep(String channel, String input, String file, byte[] body, SegmentProbe probe) {
        Path path = store(channel, input, file + "~" + Long.toString(UPLOADS.incrementAndGet(), 36), body);
        InputState state = state(channel, input);
        synchronized (state) {
            // A restarted encoder reuses file names: the new upload is new media, to be registered again.
            state.registered.remove(file);
            state.segments.put(file, new Stored(path, probe, Instant.now()));
            // Usually the playlist listing it comes next; if it came first, the segment joins now.
            state.playlists.forEach((rendition, playlist) -> register(channel, input, state, rendition, playlist));
        }
        return new Stored201("segment " + file);
    }

    private static Result refused(String channel, String input, String file, MalformedMediaException e) {
        LOG.warnf("channel %s input %s: refused %s: %s", channel, input, file, e.getMessage());
        return new Refused400(file + ": " + e.getMessage());
    }

    /** An fMP4 initialization segment: kept as a new version, so segments listed with the old one keep it. */
    private Result init(String channel, String input, String file, byte[] body) {
        Fmp4Init parsed;
        try {
            parsed = Fmp4Init.parse(body);
        } catch (MalformedMediaException e) {
            return refused(channel, input, file, e);
        }
        Path path = store(channel, input, file + "~" + Long.toString(UPLOADS.incrementAndGet(), 36), body);
        InputState state = state(channel, input);
        synchronized (state) {
            List<Init> versions = state.inits.computeIfAbsent(file, k -> new ArrayList<>());
            if (!versions.isEmpty() && sameContent(versions.get(versions.size() - 1).path(), body)) {
                deleteQuietly(path); // an encoder that re-sends its init segment: nothing changed
            } else {
                Init version = new Init(path, parsed, Instant.now());
                versions.add(version);
                record(channel, new Journal.Entry("init", null, input, null, file, relative(path), null, null, null, null,
                        version.arrival().toString(), null, null));
            }
            state.playlists.forEach((rendition, playlist) -> register(channel, input, state, rendition, playlist));
        }
        return new Stored201("initialization segment " + file + " with " + parsed.tracks().size() + " tracks");
    }

    /**
     * An fMP4 media segment: its boxes are checked now; its timing needs the init segment its
     * playlist maps it to, so it is probed when it joins the timeline.
     */
    private Result fmp4Segment(String channel, String input, String file, byte[] body) {
        try {
            Fmp4Samples.check(body);
        } catch (MalformedMediaException e) {
            return refused(channel, input, file, e);
        }
        return keep(channel, input, file, body, null);
    }

    private static boolean sameContent(Path stored, byte[] body) {
        try {
            return java.util.Arrays.equals(Files.readAllBytes(stored), body);
        } catch (IOException e) {
            return false;
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.warnf("could not delete %s: %s", path, e.getMessage());
        }
    }

    /** ISO BMFF starts with a box whose type is one a segment or init segment can start with. */
    private static boolean isoBmff(byte[] body) {
        if (body.length < 8) {
            return false;
        }
        String type = new String(body, 4, 4, StandardCharsets.ISO_8859_1);
        return Set.of("ftyp", "styp", "moov", "moof", "sidx", "emsg", "prft").contains(type);
    }

    private Result playlist(String channel, String input, String file, byte[] body) {
        InputPlaylist parsed;
        try {
            parsed = InputPlaylist.parse(new String(body, StandardCharsets.UTF_8));
        } catch (MalformedPlaylistException e) {
            LOG.warnf("channel %s input %s: refused %s: %s", channel, input, file, e.getMessage());
            return new Refused400(file + ": " + e.getMessage());
        }
        store(channel, input, file, body);
        ChannelTimeline timeline = timelines.of(channel);
        if (parsed instanceof InputPlaylist.Multivariant m) {
            List<String> renditions = new ArrayList<>();
            for (String uri : m.playlists()) {
                renditions.add(stripExtension(resolve(file, uri)));
            }
            synchronized (journal(channel)) {
                timeline.declareRenditions(renditions);
                record(channel, Journal.Entry.renditions(renditions));
            }
            return new Stored201("multivariant playlist " + file + " with " + renditions.size() + " renditions");
        }
        InputPlaylist.Media media = (InputPlaylist.Media) parsed;
        String rendition = stripExtension(file);
        InputState state = state(channel, input);
        synchronized (state) {
            state.playlists.put(rendition, media);
            register(channel, input, state, rendition, media);
            trim(channel, state);
        }
        return new Stored201("media playlist " + file);
    }

    /** Puts every listed, stored, not yet registered segment on the timeline, in playlist order. */
    private void register(String channel, String input, InputState state, String rendition, InputPlaylist.Media media) {
        String playlistFile = rendition + ".m3u8";
        double nominal = media.nominalSeconds();
        ChannelTimeline timeline = timelines.of(channel);
        for (InputPlaylist.Entry e : media.entries()) {
            String key = resolve(playlistFile, e.uri());
            if (state.registered.contains(key)) {
                continue;
            }
            Stored stored = state.segments.get(key);
            if (stored == null) {
                continue;
            }
            SegmentProbe probe = stored.probe();
            Path init = null;
            if (stored.fmp4()) {
                if (e.map() == null) {
                    state.registered.add(key);
                    LOG.warnf("channel %s input %s: %s is fMP4 but %s gives it no EXT-X-MAP; left out", channel, input, key, playlistFile);
                    continue;
                }
                String mapKey = resolve(playlistFile, e.map());
                List<Init> versions = state.inits.get(mapKey);
                if (versions == null || versions.isEmpty()) {
                    continue; // the init segment has not arrived yet
                }
                Init current = versions.get(versions.size() - 1);
                try {
                    probe = Fmp4Probe.probe(current.parsed(), Files.readAllBytes(stored.path()));
                } catch (MalformedMediaException | IOException ex) {
                    state.registered.add(key);
                    LOG.warnf("channel %s input %s: %s does not fit its initialization segment %s; left out: %s",
                            channel, input, key, mapKey, ex.getMessage());
                    continue;
                }
                init = current.path();
            }
            state.registered.add(key);
            synchronized (journal(channel)) {
                timeline.onSegment(new InputSegment(input, rendition, key, stored.path(), probe, e.durationSeconds(),
                        e.discontinuity(), e.programDateTime(), stored.arrival(), init), nominal);
                record(channel, new Journal.Entry("segment", null, input, rendition, key, relative(stored.path()), probe, e.durationSeconds(),
                        e.discontinuity(), e.programDateTime() == null ? null : e.programDateTime().toString(), stored.arrival().toString(),
                        init == null ? null : relative(init), nominal));
            }
        }
    }

    /** DELETE from an encoder: acknowledged, but media still in a window stays until the origin trims it. */
    public void delete(String channel, String input, String file) {
        LOG.debugf("channel %s input %s: encoder deleted %s (kept until it leaves every window)", channel, input, file);
    }

    private void trim(String channel, InputState state) {
        Duration keep = Duration.ofSeconds(Math.max(config.current().startoverWindowSeconds(channel), 900)).plus(MARGIN);
        timelines.of(channel).trim(keep);
        Instant cutoff = Instant.now().minus(keep);
        state.segments.entrySet().removeIf(e -> {
            if (e.getValue().arrival().isBefore(cutoff)) {
                state.registered.remove(e.getKey());
                try {
                    Files.deleteIfExists(e.getValue().path());
                } catch (IOException ex) {
                    LOG.warnf("could not delete %s: %s", e.getValue().path(), ex.getMessage());
                }
                return true;
            }
            return false;
        });
        // An init version goes once the one after it is older than the cutoff: every segment listed with it is gone.
        state.inits.values().forEach(versions -> {
            while (versions.size() > 1 && versions.get(1).arrival().isBefore(cutoff)) {
                try {
                    Files.deleteIfExists(versions.remove(0).path());
                } catch (IOException ex) {
                    LOG.warnf("could not delete an old initialization segment: %s", ex.getMessage());
                }
            }
        });
        compact(channel);
    }

    // ---- the journal ----

    private Journal journal(String channel) {
        return journals.computeIfAbsent(channel, c -> new Journal(dataDir.resolve("ingest").resolve(c)));
    }

    private void record(String channel, Journal.Entry entry) {
        Journal journal = journal(channel);
        synchronized (journal) {
            journal.append(entry);
            history.computeIfAbsent(channel, c -> new ArrayList<>()).add(entry);
        }
    }

    /** Rewrites the journal without the events whose files a trim deleted, once they are a good share of it. */
    private void compact(String channel) {
        Journal journal = journal(channel);
        synchronized (journal) {
            List<Journal.Entry> events = history.getOrDefault(channel, List.of());
            List<Journal.Entry> kept = events.stream().filter(e -> e.path() == null || Files.exists(dataDir.resolve(e.path()))).toList();
            if (events.size() - kept.size() > Math.max(16, kept.size() / 4)) {
                journal.rewrite(kept);
                history.put(channel, new ArrayList<>(kept));
            }
        }
    }

    private String relative(Path path) {
        return dataDir.toAbsolutePath().normalize().relativize(path.toAbsolutePath().normalize()).toString();
    }

    /** Replays every channel's journal: the timelines, stored segments and init versions come back as they were. */
    @jakarta.annotation.PostConstruct
    void recover() {
        Path ingest = dataDir.resolve("ingest");
        if (!Files.isDirectory(ingest)) {
            return;
        }
        try (var channels = Files.list(ingest)) {
            for (Path folder : channels.filter(Files::isDirectory).sorted().toList()) {
                recover(folder.getFileName().toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not list " + ingest + ": " + e.getMessage(), e);
        }
    }

    private void recover(String channel) {
        Journal journal = journal(channel);
        List<Journal.Entry> kept = new ArrayList<>();
        List<Journal.Entry> events = journal.read();
        ChannelTimeline timeline = timelines.of(channel);
        int segments = 0;
        for (Journal.Entry e : events) {
            switch (e.type()) {
                case "renditions" -> {
                    timeline.declareRenditions(e.renditions());
                    kept.add(e);
                }
                case "init" -> {
                    Path path = dataDir.resolve(e.path());
                    try {
                        Fmp4Init parsed = Fmp4Init.parse(Files.readAllBytes(path));
                        state(channel, e.input()).inits.computeIfAbsent(e.file(), k -> new ArrayList<>())
                                .add(new Init(path, parsed, Instant.parse(e.arrival())));
                        kept.add(e);
                    } catch (IOException | MalformedMediaException x) {
                        LOG.warnf("channel %s: initialization segment %s is gone or unreadable, left out: %s", channel, e.path(), x.getMessage());
                    }
                }
                case "segment" -> {
                    Path path = dataDir.resolve(e.path());
                    Path init = e.init() == null ? null : dataDir.resolve(e.init());
                    if (!Files.exists(path) || (init != null && !Files.exists(init))) {
                        continue; // trimmed before the journal was compacted
                    }
                    Instant arrival = Instant.parse(e.arrival());
                    timeline.onSegment(new InputSegment(e.input(), e.rendition(), e.file(), path, e.probe(), e.extinf(),
                            Boolean.TRUE.equals(e.discontinuity()), e.programDateTime() == null ? null : Instant.parse(e.programDateTime()),
                            arrival, init), e.nominal());
                    InputState state = state(channel, e.input());
                    state.segments.put(e.file(), new Stored(path, init == null ? e.probe() : null, arrival));
                    state.registered.add(e.file());
                    kept.add(e);
                    segments++;
                }
                default -> LOG.warnf("channel %s: journal event of unknown type %s skipped", channel, e.type());
            }
        }
        history.put(channel, new ArrayList<>(kept));
        if (kept.size() < events.size() || journal.damaged()) {
            journal.rewrite(kept);
        }
        LOG.infof("channel %s: recovered %d segments from %s", channel, segments, Journal.FILE);
    }

    private InputState state(String channel, String input) {
        return inputs.computeIfAbsent(channel + "/" + input, k -> new InputState());
    }

    /** Writes atomically: a reader never sees half a file. */
    private Path store(String channel, String input, String file, byte[] body) {
        Path target = dataDir.resolve("ingest").resolve(channel).resolve(input).resolve(file).normalize();
        try {
            Files.createDirectories(target.getParent());
            Path temp = Files.createTempFile(target.getParent(), ".upload-", ".part");
            Files.write(temp, body);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("could not store " + target + ": " + e.getMessage(), e);
        }
    }

    /** A URI in a playlist, relative to the playlist's own folder, as a key under the input (no query). */
    static String resolve(String playlistFile, String uri) {
        String path = uri;
        int q = path.indexOf('?');
        if (q >= 0) {
            path = path.substring(0, q);
        }
        int scheme = path.indexOf("://");
        if (scheme >= 0) {
            path = path.substring(path.lastIndexOf('/') + 1);
        }
        int slash = playlistFile.lastIndexOf('/');
        String base = slash < 0 ? "" : playlistFile.substring(0, slash + 1);
        return Path.of(base + path).normalize().toString().replace('\\', '/');
    }

    private static String stripExtension(String file) {
        return file.endsWith(".m3u8") ? file.substring(0, file.length() - 5) : file;
    }
}
