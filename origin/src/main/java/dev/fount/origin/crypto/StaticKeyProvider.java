package dev.fount.origin.crypto;

import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One fixed key for everything: every content id, period and track type. For tests and for simple
 * setups that want AES-128 HLS without a key server; the key must then be served to players by
 * whatever {@code hlsKeyUri} points at.
 */
public final class StaticKeyProvider implements KeyProvider {

    /** Secret data key holding the key id, a UUID. */
    public static final String KEY_ID = "keyId";
    /** Secret data key holding the key, 32 hex characters (base64 of 16 bytes is accepted too). */
    public static final String KEY = "key";
    /** Optional Secret data key holding the URI players fetch the key from. */
    public static final String HLS_KEY_URI = "hlsKeyUri";

    private final UUID keyId;
    private final byte[] key;
    private final String hlsKeyUri;

    /**
     * @param keyId     the key id
     * @param key       16 key bytes
     * @param hlsKeyUri the EXT-X-KEY URI to signal for every system, or null
     */
    public StaticKeyProvider(UUID keyId, byte[] key, String hlsKeyUri) {
        this.keyId = Objects.requireNonNull(keyId, "keyId");
        if (Objects.requireNonNull(key, "key").length != ContentKey.LENGTH) {
            throw new IllegalArgumentException("static key is " + key.length + " bytes; AES-128 needs " + ContentKey.LENGTH);
        }
        this.key = key.clone();
        this.hlsKeyUri = hlsKeyUri;
    }

    /**
     * A provider from a Secret's decoded data: {@value #KEY_ID}, {@value #KEY} and optionally
     * {@value #HLS_KEY_URI}.
     *
     * @throws IllegalArgumentException naming the entry that is missing or malformed
     */
    public static StaticKeyProvider fromSecret(Map<String, String> data) {
        String keyId = required(data, KEY_ID);
        String key = required(data, KEY);
        UUID id;
        try {
            id = UUID.fromString(keyId);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("static key Secret: " + KEY_ID + " '" + keyId + "' is not a UUID", e);
        }
        String uri = data.get(HLS_KEY_URI);
        return new StaticKeyProvider(id, keyBytes(key), uri == null || uri.isBlank() ? null : uri.strip());
    }

    @Override
    public List<ContentKey> keys(KeyRequest request) {
        Map<UUID, DrmSignal> signals = new LinkedHashMap<>();
        request.systemIds().forEach(systemId -> signals.put(systemId, DrmSignal.keyUriOnly(systemId, hlsKeyUri)));
        return Collections.nCopies(request.keyCount(), new ContentKey(keyId, key, null, signals));
    }

    private static String required(Map<String, String> data, String name) {
        String value = data.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("static key Secret has no '" + name + "' entry");
        }
        return value.strip();
    }

    private static byte[] keyBytes(String key) {
        if (key.length() == 2 * ContentKey.LENGTH) {
            try {
                return HexFormat.of().parseHex(key);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("static key Secret: " + KEY + " is 32 characters but not hex", e);
            }
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(key);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("static key Secret: " + KEY + " is neither 32 hex characters nor base64", e);
        }
        if (bytes.length != ContentKey.LENGTH) {
            throw new IllegalArgumentException("static key Secret: " + KEY + " is " + bytes.length + " bytes; AES-128 needs " + ContentKey.LENGTH);
        }
        return bytes;
    }
}
