package dev.fount.origin.crypto;

import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One AES-128 content key with its key id and what each DRM system needs to signal it.
 * Byte arrays are copied in and out so a cached key cannot be changed by a caller, and
 * {@link #toString()} leaves the key out so it never lands in a log.
 *
 * @param keyId      the key id (KID) the packager writes into {@code tenc} and manifests
 * @param key        the 16 key bytes
 * @param explicitIv the key server's initialization vector (CPIX {@code explicitIV}, 16 bytes), or null
 * @param signals    per DRM system id, in the order the systems were asked for
 */
public record ContentKey(UUID keyId, byte[] key, byte[] explicitIv, Map<UUID, DrmSignal> signals) {

    /** AES-128: keys and IVs are one block. */
    public static final int LENGTH = 16;

    public ContentKey {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(key, "key");
        if (key.length != LENGTH) {
            throw new IllegalArgumentException("content key " + keyId + " is " + key.length + " bytes; AES-128 needs " + LENGTH);
        }
        if (explicitIv != null && explicitIv.length != LENGTH) {
            throw new IllegalArgumentException("explicit IV of key " + keyId + " is " + explicitIv.length + " bytes; AES-128 needs " + LENGTH);
        }
        key = key.clone();
        explicitIv = explicitIv == null ? null : explicitIv.clone();
        signals = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(signals, "signals")));
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    @Override
    public byte[] explicitIv() {
        return explicitIv == null ? null : explicitIv.clone();
    }

    /** The key server's signal for one DRM system, or null when that system was not asked for. */
    public DrmSignal signal(UUID systemId) {
        return signals.get(systemId);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ContentKey that && keyId.equals(that.keyId) && Arrays.equals(key, that.key)
                && Arrays.equals(explicitIv, that.explicitIv) && signals.equals(that.signals);
    }

    @Override
    public int hashCode() {
        return Objects.hash(keyId, Arrays.hashCode(key), Arrays.hashCode(explicitIv), signals);
    }

    @Override
    public String toString() {
        return "ContentKey[keyId=" + keyId + ", key=(hidden), explicitIv="
                + (explicitIv == null ? "none" : HexFormat.of().formatHex(explicitIv)) + ", signals=" + signals + "]";
    }
}
