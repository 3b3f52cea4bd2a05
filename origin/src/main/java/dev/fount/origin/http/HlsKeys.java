package dev.fount.origin.http;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.fount.origin.config.HlsEncryption;
import dev.fount.origin.crypto.Aes128;
import dev.fount.origin.crypto.ContentKey;
import dev.fount.origin.crypto.DrmSignal;
import dev.fount.origin.crypto.KeyException;
import dev.fount.origin.crypto.KeyRequest;
import dev.fount.origin.media.MalformedMediaException;
import dev.fount.origin.media.ts.SampleAes;
import dev.fount.origin.packager.OutputSegment;
import dev.fount.origin.packager.hls.KeyTags;

/**
 * The keys of encrypted HLS (METHOD=AES-128 or SAMPLE-AES), at the edge: keys from the {@link KeyServers},
 * EXT-X-KEY tags for the packager, and whole-segment encryption of what it packaged. A segment's key period is its
 * media time over keyRotationIntervalSeconds; its IV is the constant one, the key server's
 * explicit IV, or (with no IV attribute, RFC 8216 §5.2) its media sequence number.
 */
@ApplicationScoped
public class HlsKeys {

    /** The DRM system id SPEKE uses for HLS AES-128 (the key server answers its key URI, URIExtXKey). */
    public static final UUID AES_128 = UUID.fromString("81376844-f976-481e-a84e-cc25d39b0b33");

    @Inject
    KeyServers servers;

    /** The tags of a playlist encrypted as {@code e}, for content {@code resourceId}. */
    public KeyTags tags(HlsEncryption e, String resourceId) {
        return segment -> {
            try {
                ContentKey key = key(e, resourceId, segment);
                String uri = key.signals().values().stream().map(DrmSignal::hlsKeyUri).filter(u -> u != null && !u.isBlank()).findFirst()
                        .orElseThrow(() -> new KeyTags.KeyUnavailable("key server " + e.keyServer().name()
                                + " gave no key URI (URIExtXKey) for key " + key.keyId()));
                byte[] iv = explicitIv(e, key);
                if (sampleAes(e)) {
                    // RFC 8216 §4.3.2.4: SAMPLE-AES with the key server's KEYFORMAT (FairPlay's skd:// URIs), else the
                    // key itself at the URI (identity, what hls.js and ffmpeg decrypt).
                    DrmSignal signal = key.signals().values().stream().filter(x -> uri.equals(x.hlsKeyUri())).findFirst().orElseThrow();
                    return KeyTags.extXKey("SAMPLE-AES", uri, iv == null ? null : Aes128.ivAttribute(iv), signal.keyFormat(),
                            signal.keyFormatVersions());
                }
                return KeyTags.extXKey("AES-128", uri, iv == null ? null : Aes128.ivAttribute(iv), null, null);
            } catch (KeyException ex) {
                throw new KeyTags.KeyUnavailable(ex.getMessage());
            }
        };
    }

    /**
     * The segment's bytes encrypted under its key period's key: whole (AES-128), or sample by
     * sample (SAMPLE-AES, {@link SampleAes}: H.264 and AAC only).
     *
     * @throws MalformedMediaException when SAMPLE-AES cannot parse the segment
     * @throws IllegalArgumentException when SAMPLE-AES does not cover one of its codecs
     */
    public byte[] encrypt(byte[] clear, OutputSegment segment, HlsEncryption e, String resourceId) throws KeyException, MalformedMediaException {
        ContentKey key = key(e, resourceId, segment);
        byte[] iv = explicitIv(e, key);
        byte[] segmentIv = iv != null ? iv : Aes128.iv(null, segment.ordinal());
        return sampleAes(e) ? SampleAes.encrypt(clear, key.key(), segmentIv) : Aes128.encryptSegment(clear, key.key(), segmentIv);
    }

    private static boolean sampleAes(HlsEncryption e) {
        return e.method().equals("SAMPLE_AES");
    }

    private static byte[] explicitIv(HlsEncryption e, ContentKey key) {
        if (e.constantIv() != null && !e.constantIv().isBlank()) {
            return Aes128.iv(e.constantIv(), 0);
        }
        return key.explicitIv();
    }

    private ContentKey key(HlsEncryption e, String resourceId, OutputSegment segment) throws KeyException {
        List<UUID> systems = e.keyServer().systemIds().isEmpty() ? List.of(AES_128)
                : e.keyServer().systemIds().stream().map(UUID::fromString).toList();
        long period = Aes128.keyPeriod(segment.start(), e.keyRotationSeconds());
        return servers.client(e.keyServer()).keys(new KeyRequest(resourceId, systems, period, List.of(), false)).get(0);
    }
}
