package dev.fount.origin.http;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.fount.origin.media.MalformedMediaException;
import dev.fount.origin.packager.OutputSegment;

/**
 * Packaged segments, least recently used first out, within a byte budget: a complete segment
 * never changes, so a thousand players asking for it cost one packaging. Keyed by the stored
 * files it was made from, so a re-ingested name never hits an old entry.
 */
@ApplicationScoped
public class SegmentCache {

    @ConfigProperty(name = "fount.segment-cache.bytes", defaultValue = "268435456")
    long budget;

    /** @param variant what was made of the files: "ts:VIDEO", "fmp4:AUDIO", … */
    private record Key(List<String> files, String variant) {
    }

    private final LinkedHashMap<Key, byte[]> entries = new LinkedHashMap<>(256, 0.75f, true);
    private long bytes;

    @FunctionalInterface
    public interface Packaging {
        byte[] make() throws IOException, MalformedMediaException;
    }

    public byte[] get(OutputSegment segment, String variant, Packaging packaging) throws IOException, MalformedMediaException {
        Key key = new Key(segment.parts().stream().map(p -> p.source().path().toString()).toList(), variant);
        synchronized (this) {
            byte[] hit = entries.get(key);
            if (hit != null) {
                return hit;
            }
        }
        byte[] made = packaging.make();   // outside the lock: two misses may both package; both results are equal
        synchronized (this) {
            if (entries.putIfAbsent(key, made) == null) {
                bytes += made.length;
                var it = entries.entrySet().iterator();
                while (bytes > budget && it.hasNext()) {
                    Map.Entry<Key, byte[]> eldest = it.next();
                    bytes -= eldest.getValue().length;
                    it.remove();
                }
            }
        }
        return made;
    }
}
