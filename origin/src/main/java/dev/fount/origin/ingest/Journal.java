package dev.fount.origin.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.fount.origin.media.SegmentProbe;

/**
 * A channel's ingest history on disk ({@code journal.jsonl} in its ingest folder), one JSON line
 * per event in the order it happened: the renditions an encoder declared, each fMP4 init
 * segment version, and each segment that joined the timeline with its probe. A restarted origin
 * replays it into a fresh timeline and gets the same segments, numbers and discontinuities: the
 * timeline is a function of the events, never of the clock. Lines are appended after the media
 * file is in place (written atomically), so a line never names a half-written file; a line cut
 * by a crash is skipped on replay. Trimming rewrites the journal without what was deleted.
 */
final class Journal {

    private static final Logger LOG = Logger.getLogger(Journal.class);
    static final String FILE = "journal.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    /**
     * One event. {@code type} is {@code renditions} (with {@code renditions}), {@code init} (input,
     * file, path, arrival) or {@code segment} (the rest; {@code init} is the init version's path
     * for fMP4). Paths are relative to the data folder; instants are ISO 8601.
     */
    record Entry(String type, List<String> renditions, String input, String rendition, String file, String path,
            SegmentProbe probe, Double extinf, Boolean discontinuity, String programDateTime, String arrival, String init,
            Double nominal) {

        static Entry renditions(List<String> names) {
            return new Entry("renditions", List.copyOf(names), null, null, null, null, null, null, null, null, null, null, null);
        }
    }

    private final Path file;
    /** The last read skipped a line: the file must be rewritten before anything is appended to it. */
    private boolean damaged;

    Journal(Path channelFolder) {
        this.file = channelFolder.resolve(FILE);
    }

    synchronized void append(Entry e) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, JSON.writeValueAsString(e) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException x) {
            throw new UncheckedIOException("could not append to " + file + ": " + x.getMessage(), x);
        }
    }

    /** The events in order; a line that does not parse (cut by a crash) is skipped and logged. */
    synchronized List<Entry> read() {
        damaged = false;
        List<Entry> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        try {
            int number = 0;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    out.add(JSON.readValue(line, Entry.class));
                } catch (JsonProcessingException x) {
                    damaged = true;
                    LOG.warnf("%s line %d is unreadable, skipped (a write cut short?): %s", file, number, x.getOriginalMessage());
                }
            }
        } catch (IOException x) {
            throw new UncheckedIOException("could not read " + file + ": " + x.getMessage(), x);
        }
        return out;
    }

    /** Whether the last {@link #read} skipped a line (a cut line must not have the next event glued to it). */
    synchronized boolean damaged() {
        return damaged;
    }

    /** Replaces the journal with these events, atomically. */
    synchronized void rewrite(List<Entry> entries) {
        try {
            Files.createDirectories(file.getParent());
            Path temp = Files.createTempFile(file.getParent(), ".journal-", ".part");
            StringBuilder text = new StringBuilder();
            for (Entry e : entries) {
                text.append(JSON.writeValueAsString(e)).append('\n');
            }
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException x) {
            throw new UncheckedIOException("could not rewrite " + file + ": " + x.getMessage(), x);
        }
    }
}
