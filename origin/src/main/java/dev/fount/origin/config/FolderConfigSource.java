package dev.fount.origin.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Standalone configuration: every .yaml/.yml file under a folder (recursively, several
 * documents per file allowed), re-read when any file is added, changed or removed. A file
 * that does not parse is reported and skipped; the rest still applies.
 */
public final class FolderConfigSource implements ConfigSource, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(FolderConfigSource.class);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Path folder;
    private final AtomicReference<ConfigSnapshot> snapshot = new AtomicReference<>(ConfigSnapshot.EMPTY);
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fount-config-folder");
        t.setDaemon(true);
        return t;
    });
    private volatile Map<Path, FileTime> seen = Map.of();

    public FolderConfigSource(Path folder) {
        this.folder = folder;
        reloadIfChanged();
        // Polling (not WatchService): it works the same on bind mounts and ConfigMap symlink swaps.
        poller.scheduleWithFixedDelay(this::reloadIfChanged, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public ConfigSnapshot current() {
        return snapshot.get();
    }

    synchronized void reloadIfChanged() {
        try {
            Map<Path, FileTime> now = stamps();
            if (now.equals(seen)) {
                return;
            }
            seen = now;
            List<ResourceReader.Document> documents = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            for (Path file : now.keySet()) {
                try {
                    for (JsonNode doc : YAML.readValues(YAML.createParser(file.toFile()), JsonNode.class).readAll()) {
                        if (doc != null && doc.isObject()) {
                            documents.add(new ResourceReader.Document(folder.relativize(file).toString(), doc));
                        }
                    }
                } catch (IOException e) {
                    problems.add(folder.relativize(file) + ": not valid YAML: " + e.getMessage());
                }
            }
            ConfigSnapshot read = ResourceReader.read(documents);
            List<String> all = new ArrayList<>(problems);
            all.addAll(read.problems());
            ConfigSnapshot next = new ConfigSnapshot(read.channels(), read.endpoints(), List.copyOf(all), read.vod());
            snapshot.set(next);
            LOG.infof("configuration from %s: %d channel(s) %s, %d endpoint(s) %s, %d packaging group(s), %d asset(s)", folder,
                    next.channels().size(), next.channels().keySet(), next.endpoints().size(), next.endpoints().keySet(),
                    next.vod().groups().size(), next.vod().assets().size());
            next.problems().forEach(p -> LOG.warn(p));
        } catch (IOException | RuntimeException e) {
            LOG.errorf(e, "could not read the configuration folder %s; keeping the previous configuration", folder);
        }
    }

    private Map<Path, FileTime> stamps() throws IOException {
        Map<Path, FileTime> stamps = new TreeMap<>();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path f : files.filter(p -> Files.isRegularFile(p) && (p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))).toList()) {
                stamps.put(f, Files.getLastModifiedTime(f));
            }
        }
        return stamps;
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
