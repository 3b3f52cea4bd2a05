package dev.fount.origin.crypto;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * What a packager needs keys for. Equal requests get equal keys, so the record doubles as the
 * cache key of {@link SpekeClient}.
 *
 * @param resourceId             the content id sent to the key server (CPIX {@code id} / {@code contentId})
 * @param systemIds              DRM systems to get signalling for, in manifest order
 * @param keyPeriod              the key rotation period index, or {@link #NO_ROTATION}
 * @param trackTypes             SPEKE 2.0 only: one key per intended track type (e.g. VIDEO, AUDIO), in this order;
 *                               empty for SPEKE v1, which has one key for all tracks
 * @param speke2                 SPEKE 2.0 (CPIX 2.3, {@code X-Speke-Version: 2.0}) instead of SPEKE v1 (CPIX 2.0)
 * @param commonEncryptionScheme SPEKE 2.0 only: {@code cenc} or {@code cbcs} (CPIX 2.3 makes
 *                               {@code ContentKey@commonEncryptionScheme} mandatory); null for SPEKE v1
 * @param hlsSignaling           SPEKE 2.0 only: the keys go into HLS playlists, so every system is asked
 *                               for its HLSSignalingData (SPEKE v1 always asks for URIExtXKey)
 */
public record KeyRequest(String resourceId, List<UUID> systemIds, long keyPeriod, List<String> trackTypes, boolean speke2,
        String commonEncryptionScheme, boolean hlsSignaling) {

    /** The key period of a stream whose key never changes. */
    public static final long NO_ROTATION = -1;

    private static final Set<String> SCHEMES = Set.of("cenc", "cbcs", "cens", "cbc1");

    public KeyRequest {
        if (resourceId == null || resourceId.isBlank()) {
            throw new IllegalArgumentException("a key request needs a resource id (the key server's content id)");
        }
        systemIds = List.copyOf(Objects.requireNonNull(systemIds, "systemIds"));
        if (systemIds.isEmpty()) {
            throw new IllegalArgumentException("a key request needs at least one DRM system id");
        }
        if (new HashSet<>(systemIds).size() != systemIds.size()) {
            throw new IllegalArgumentException("DRM system ids repeat: " + systemIds);
        }
        if (keyPeriod < NO_ROTATION) {
            throw new IllegalArgumentException("key period " + keyPeriod + " is negative; use " + NO_ROTATION + " for no rotation");
        }
        trackTypes = List.copyOf(Objects.requireNonNull(trackTypes, "trackTypes"));
        if (speke2) {
            if (trackTypes.isEmpty()) {
                throw new IllegalArgumentException("SPEKE 2.0 needs at least one track type (e.g. VIDEO, AUDIO)");
            }
            if (new HashSet<>(trackTypes).size() != trackTypes.size() || trackTypes.stream().anyMatch(String::isBlank)) {
                throw new IllegalArgumentException("SPEKE 2.0 track types must be distinct and not blank: " + trackTypes);
            }
            if (!SCHEMES.contains(commonEncryptionScheme)) {
                throw new IllegalArgumentException("SPEKE 2.0 needs a common encryption scheme of " + SCHEMES + ", not " + commonEncryptionScheme);
            }
        } else {
            if (!trackTypes.isEmpty()) {
                throw new IllegalArgumentException("SPEKE v1 has one key for all tracks; track types " + trackTypes + " need SPEKE 2.0");
            }
            if (commonEncryptionScheme != null) {
                throw new IllegalArgumentException("SPEKE v1 (CPIX 2.0) sends no encryption scheme; got " + commonEncryptionScheme);
            }
        }
    }

    /** A request for keys that no HLS playlist names (DASH, Smooth; HLS under SPEKE v1). */
    public KeyRequest(String resourceId, List<UUID> systemIds, long keyPeriod, List<String> trackTypes, boolean speke2,
            String commonEncryptionScheme) {
        this(resourceId, systemIds, keyPeriod, trackTypes, speke2, commonEncryptionScheme, false);
    }

    /** A request whose SPEKE 2.0 keys are for {@code cenc}, the scheme of DASH. */
    public KeyRequest(String resourceId, List<UUID> systemIds, long keyPeriod, List<String> trackTypes, boolean speke2) {
        this(resourceId, systemIds, keyPeriod, trackTypes, speke2, speke2 ? "cenc" : null);
    }

    /** How many keys the answer holds: one for SPEKE v1, one per track type for SPEKE 2.0. */
    int keyCount() {
        return speke2 ? trackTypes.size() : 1;
    }
}
