package dev.fount.origin.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.fount.origin.config.CencEncryption;
import dev.fount.origin.crypto.Aes128;
import dev.fount.origin.crypto.ContentKey;
import dev.fount.origin.crypto.DrmSignal;
import dev.fount.origin.crypto.KeyException;
import dev.fount.origin.crypto.KeyRequest;
import dev.fount.origin.crypto.Speke20Presets;
import dev.fount.origin.media.ElementaryStream;
import dev.fount.origin.media.MediaKind;
import dev.fount.origin.media.mp4.Cenc;
import dev.fount.origin.timeline.RenditionView;

/**
 * The keys of Common Encryption (DASH, CMAF) at the edge: which key a track uses at a media time
 * (its key period under keyRotationIntervalSeconds), what its init segment and fragments signal
 * (tenc, pssh), and the MPD's {@code ContentProtection} elements (ISO/IEC 23009-1 §5.8.4.1,
 * DASH-IF IOP §7). Keys come from the {@link KeyServers}; this class only arranges them.
 */
@ApplicationScoped
public class CencKeys {

    /** The DASH-IF system id of W3C ClearKey, as key servers and MPDs name it. */
    public static final UUID CLEARKEY = UUID.fromString("e2719d58-a985-b3c9-781a-b030af78d30e");
    /** The W3C "common" pssh system id (EME cenc initData format): what browsers' ClearKey reads key ids from. */
    public static final UUID COMMON = UUID.fromString("1077efec-c0b2-4d02-ace3-3c1e52e2fb4b");

    @Inject
    KeyServers servers;

    /**
     * A track's key for one key period: the protection its init segment declares, the key itself,
     * and the pssh boxes its fragments repeat when the key rotates (empty otherwise).
     */
    public record TrackKey(Cenc.TrackProtection protection, ContentKey key, List<byte[]> fragmentPssh, List<DrmSignal> signals) {
    }

    /**
     * What picks a track's key under SPEKE 2.0 presets: its kind, a video's resolution, an audio
     * track's channel count (null when unknown).
     */
    public record Track(MediaKind kind, Integer width, Integer height, Integer channels) {

        /** A track of {@code kind} whose resolution and channels are not known (enough for one key per kind). */
        public static Track of(MediaKind kind) {
            return new Track(kind, null, null, null);
        }

        /** The first track of {@code kind} in a rendition. */
        public static Track of(RenditionView rendition, MediaKind kind) {
            if (rendition == null) {
                return of(kind);
            }
            return rendition.streams().stream().filter(s -> s.kind() == kind).findFirst().map(Track::of).orElse(of(kind));
        }

        public static Track of(ElementaryStream s) {
            return new Track(s.kind(), s.width(), s.height(), s.channels());
        }
    }

    /** {@link #key(CencEncryption, String, Track, long, boolean)} for a DASH track of unknown resolution and channels. */
    public Optional<TrackKey> key(CencEncryption e, String resourceId, MediaKind kind, long time90k) throws KeyException {
        return key(e, resourceId, Track.of(kind), time90k, false);
    }

    /**
     * The key of {@code track} at media time {@code time90k}, or empty when the SPEKE 2.0 contract
     * leaves that track unencrypted. Under SPEKE 2.0 one request asks for every key of the presets
     * (so all tracks of a key period cost one), and the track gets its class's.
     *
     * @param hls whether the key is named in HLS playlists (CMAF), which SPEKE 2.0 asks signalling for
     * @throws KeyException when the key server cannot give it
     */
    public Optional<TrackKey> key(CencEncryption e, String resourceId, Track track, long time90k, boolean hls) throws KeyException {
        // Static keys name no system: they are signalled for ClearKey, what a browser can play without a DRM vendor.
        List<UUID> systems = e.keyServer().systemIds().isEmpty() ? List.of(CLEARKEY)
                : e.keyServer().systemIds().stream().map(UUID::fromString).toList();
        long period = Aes128.keyPeriod(Math.max(0, time90k), e.keyRotationSeconds());
        ContentKey key;
        if (e.speke2()) {
            Optional<String> type = Speke20Presets.trackType(e.videoPreset(), e.audioPreset(), track.kind() == MediaKind.VIDEO,
                    track.width(), track.height(), track.channels());
            if (type.isEmpty()) {
                return Optional.empty();
            }
            List<String> types = Speke20Presets.trackTypes(e.videoPreset(), e.audioPreset());
            List<ContentKey> keys = servers.client(e.keyServer())
                    .keys(new KeyRequest(resourceId, systems, period, types, true, e.scheme().fourcc(), hls));
            key = keys.get(types.indexOf(type.get()));
        } else {
            key = servers.client(e.keyServer()).keys(new KeyRequest(resourceId, systems, period, List.of(), false)).get(0);
        }
        List<DrmSignal> signals = systems.stream().map(key::signal).filter(s -> s != null).toList();
        List<byte[]> pssh = pssh(key, systems, signals);
        Cenc.TrackProtection protection = new Cenc.TrackProtection(e.scheme(), key.keyId(), constantIv(e, key), pssh);
        return Optional.of(new TrackKey(protection, key, e.keyRotationSeconds() > 0 ? pssh : List.of(), signals));
    }

    /** The key server's pssh boxes, and a W3C common one (v1, the key id) when ClearKey is asked for and none came. */
    static List<byte[]> pssh(ContentKey key, List<UUID> systems, List<DrmSignal> signals) {
        List<byte[]> out = new ArrayList<>();
        for (DrmSignal s : signals) {
            if (s.pssh() != null && !s.pssh().isBlank()) {
                try {
                    out.add(Base64.getMimeDecoder().decode(s.pssh()));
                } catch (IllegalArgumentException ex) {
                    // not base64: the signal is left out of the media (the MPD still names the system)
                }
            }
        }
        boolean common = out.stream().anyMatch(b -> b.length >= 28 && system(b).equals(COMMON));
        if ((systems.contains(CLEARKEY) || systems.contains(COMMON)) && !common) {
            out.add(commonPssh(key.keyId()));
        }
        out.removeIf(b -> b.length < 28 || ByteBuffer.wrap(b).getInt() != b.length || !new String(b, 4, 4, StandardCharsets.ISO_8859_1).equals("pssh"));
        return out;
    }

    private static UUID system(byte[] pssh) {
        ByteBuffer b = ByteBuffer.wrap(pssh);
        return new UUID(b.getLong(12), b.getLong(20));
    }

    /** W3C "Common SystemID and PSSH Box Format": a version 1 pssh listing the key id, no data. */
    static byte[] commonPssh(UUID kid) {
        return ByteBuffer.allocate(52).putInt(52).put("pssh".getBytes(StandardCharsets.ISO_8859_1)).putInt(0x01000000)
                .putLong(COMMON.getMostSignificantBits()).putLong(COMMON.getLeastSignificantBits()).putInt(1)
                .putLong(kid.getMostSignificantBits()).putLong(kid.getLeastSignificantBits()).putInt(0).array();
    }

    /** cbcs's constant IV: the configured one, else the key server's explicit IV, else derived from the key id. */
    private static byte[] constantIv(CencEncryption e, ContentKey key) {
        if (e.scheme() != Cenc.Scheme.CBCS) {
            return null;
        }
        if (e.constantIv() != null && !e.constantIv().isBlank()) {
            return HexFormat.of().parseHex(e.constantIv());
        }
        byte[] explicit = key.explicitIv();
        return explicit != null ? explicit : java.util.Arrays.copyOf(sha256("iv:" + key.keyId()), 16);
    }

    /**
     * A fragment's 8-byte cenc IV base: unique per key, track and segment, so that no two samples
     * encrypted under one key share a counter (23001-7 §9.1), and the same on every request.
     */
    public static byte[] ivBase(UUID kid, String track, long ordinal) {
        return java.util.Arrays.copyOf(sha256(kid + "\n" + track + "\n" + ordinal), 8);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * The MPD {@code ContentProtection} elements of a track's AdaptationSet: the mp4protection one
     * with the scheme and {@code cenc:default_KID}, then one per DRM system with its pssh (or the
     * key server's own ContentProtection content).
     *
     * <p>Under key rotation the MPD names no key: one MPD serves players at every point of the
     * window, each segment under its own period's key. Players then take their init data from
     * the media, the init segment's pssh and each fragment's (DASH-IF IOP 4.3 §7.7.3); with a key
     * id in the MPD, Shaka asks for that key only and ignores the media's.
     */
    public static String contentProtection(TrackKey k) {
        boolean rotating = !k.fragmentPssh().isEmpty();
        StringBuilder x = new StringBuilder();
        x.append("<ContentProtection schemeIdUri=\"urn:mpeg:dash:mp4protection:2011\" value=\"").append(k.protection().scheme().fourcc())
                .append('"');
        if (!rotating) {
            x.append(" cenc:default_KID=\"").append(k.key().keyId()).append('"');
        }
        x.append("/>");
        List<byte[]> pssh = k.protection().pssh();
        for (DrmSignal s : k.signals()) {
            x.append("<ContentProtection schemeIdUri=\"urn:uuid:").append(s.systemId()).append('"');
            if (s.systemId().equals(CLEARKEY)) {
                x.append(" value=\"ClearKey1.0\"");
            }
            x.append('>');
            if (s.contentProtectionData() != null && !s.contentProtectionData().isBlank()) {
                x.append(s.contentProtectionData().strip());
            } else if (!rotating) {
                for (byte[] box : pssh) {
                    UUID system = system(box);
                    if (system.equals(s.systemId()) || s.systemId().equals(CLEARKEY) && system.equals(COMMON)) {
                        x.append("<cenc:pssh>").append(Base64.getEncoder().encodeToString(box)).append("</cenc:pssh>");
                    }
                }
            }
            x.append("</ContentProtection>");
        }
        return x.toString();
    }
}
