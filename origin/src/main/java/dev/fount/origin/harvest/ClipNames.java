package dev.fount.origin.harvest;

import java.net.URI;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The clip's file names: one plain relative name per distinct source URI, without its query
 * string or folders, unique within the clip (even on a case-insensitive file system), so that the
 * copy's playlists can name files beside them. The same URI (a segment named by several
 * byte ranges, an audio playlist that is also a variant) keeps one name and is copied once.
 */
final class ClipNames {

    private final Map<URI, String> names = new HashMap<>();
    private final Set<String> taken = new HashSet<>();

    /** @param reserved the multivariant playlist's name, which no other file may take */
    ClipNames(String reserved) {
        taken.add(reserved.toLowerCase(Locale.ROOT));
    }

    boolean contains(URI source) {
        return names.containsKey(source);
    }

    /** The name of {@code source} in the clip, chosen on first use. */
    String nameFor(URI source) {
        return names.computeIfAbsent(source, this::unique);
    }

    private String unique(URI source) {
        String base = baseName(source);
        int dot = base.lastIndexOf('.');
        String stem = dot > 0 ? base.substring(0, dot) : base;
        String extension = dot > 0 ? base.substring(dot) : "";
        String candidate = base;
        for (int n = 2; !taken.add(candidate.toLowerCase(Locale.ROOT)); n++) {
            candidate = stem + "-" + n + extension;
        }
        return candidate;
    }

    /** The last path segment, reduced to characters that are safe as an S3 key and a file name. */
    static String baseName(URI source) {
        String path = source.getPath() == null ? "" : source.getPath();
        String last = path.substring(path.lastIndexOf('/') + 1);
        String safe = last.replaceAll("[^A-Za-z0-9._-]", "_");
        return safe.isEmpty() || safe.chars().allMatch(c -> c == '.') ? "file" : safe;
    }
}
