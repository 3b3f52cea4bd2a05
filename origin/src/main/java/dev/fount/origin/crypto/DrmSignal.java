package dev.fount.origin.crypto;

import java.util.Objects;
import java.util.UUID;

/**
 * What a key server said about one content key for one DRM system: the pieces a packager copies
 * into manifests and init segments. The key server owns these values (licence URLs, PlayReady
 * objects); the origin only relays them, so every field except the system id may be absent.
 *
 * @param systemId              the DASH-IF DRM system id
 * @param pssh                  a whole {@code pssh} box, base64, as CPIX carries it (for {@code cenc:pssh} and init segments)
 * @param contentProtectionData decoded XML to place inside the DASH {@code ContentProtection} element
 * @param hlsKeyUri             decoded {@code EXT-X-KEY} URI ({@code URIExtXKey}, or the URI of SPEKE 2.0's media
 *                              {@code HLSSignalingData})
 * @param keyFormat             decoded {@code EXT-X-KEY} KEYFORMAT
 * @param keyFormatVersions     decoded {@code EXT-X-KEY} KEYFORMATVERSIONS
 * @param protectionHeader      PlayReady header for Smooth Streaming manifests, base64 as the key server sent it
 */
public record DrmSignal(UUID systemId, String pssh, String contentProtectionData, String hlsKeyUri, String keyFormat,
        String keyFormatVersions, String protectionHeader) {

    public DrmSignal {
        Objects.requireNonNull(systemId, "systemId");
    }

    /** A signal that only names the key URI, as a static key or a key server without DRM data gives. */
    public static DrmSignal keyUriOnly(UUID systemId, String hlsKeyUri) {
        return new DrmSignal(systemId, null, null, hlsKeyUri, null, null, null);
    }
}
