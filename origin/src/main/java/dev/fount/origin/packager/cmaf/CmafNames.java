package dev.fount.origin.packager.cmaf;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.fount.origin.config.CmafSettings;
import dev.fount.origin.media.MediaKind;

/**
 * The paths a CMAF endpoint serves under /out/v1/{channel}/{endpoint}/. The number after a
 * name is the rendition's position in the encoder's ladder; the last number of a segment is
 * its media sequence number.
 * <ul>
 * <li>{@code {id}/{manifestName}.m3u8}: the multivariant playlist of one of the endpoint's HLS manifests</li>
 * <li>{@code {id}/{manifestName}_1v.m3u8}, {@code {id}/{manifestName}_1a.m3u8}: the video, the audio of rendition 1</li>
 * <li>{@code {id}/{manifestName}_1v_iframe.m3u8}: its I-frame playlist</li>
 * <li>{@code {prefix}_1v_init.mp4}, {@code {prefix}_1a_init.mp4}: initialization segments, shared by all manifests</li>
 * <li>{@code {prefix}_1v_42.mp4}, {@code {prefix}_1a_42.mp4}: media segments, one track each</li>
 * <li>{@code {prefix}_1i_42.mp4}: the video segment's sync samples only (what the I-frame playlist lists;
 *     decoded with the video initialization segment)</li>
 * </ul>
 * Playlists refer to segments as {@code ../{name}}: segments sit one level above the manifests.
 */
public final class CmafNames {

    private CmafNames() {
    }

    public sealed interface Request permits Multivariant, MediaPlaylist, IframePlaylist, Init, Segment {
    }

    public record Multivariant(String manifestId) implements Request {
    }

    /** A media playlist of one track kind (VIDEO or AUDIO) of a rendition. */
    public record MediaPlaylist(String manifestId, int position, MediaKind kind) implements Request {
    }

    public record IframePlaylist(String manifestId, int position) implements Request {
    }

    /** An initialization segment of a rendition's video or audio track (the I-frame playlist uses the video one). */
    public record Init(int position, MediaKind kind) implements Request {
    }

    /**
     * A media segment of one track. {@code iframeOnly} (kind VIDEO): only the video segment's
     * sync samples, each lasting until the next one.
     */
    public record Segment(int position, MediaKind kind, long ordinal, boolean iframeOnly) implements Request {
    }

    public static String multivariant(CmafSettings.Manifest manifest) {
        return manifest.manifestName() + ".m3u8";
    }

    /** Relative to the manifest's folder, like the multivariant playlist refers to it. */
    public static String mediaPlaylist(CmafSettings.Manifest manifest, int position, MediaKind kind) {
        return manifest.manifestName() + "_" + position + letter(kind) + ".m3u8";
    }

    public static String iframePlaylist(CmafSettings.Manifest manifest, int position) {
        return manifest.manifestName() + "_" + position + "v_iframe.m3u8";
    }

    /** Relative to the endpoint's folder. */
    public static String init(CmafSettings settings, int position, MediaKind kind) {
        return settings.segmentPrefix() + "_" + position + letter(kind) + "_init.mp4";
    }

    /** Relative to the endpoint's folder. */
    public static String segment(CmafSettings settings, int position, MediaKind kind, long ordinal) {
        return settings.segmentPrefix() + "_" + position + letter(kind) + "_" + ordinal + ".mp4";
    }

    /** Relative to the endpoint's folder. */
    public static String iframeSegment(CmafSettings settings, int position, long ordinal) {
        return settings.segmentPrefix() + "_" + position + "i_" + ordinal + ".mp4";
    }

    /** What a manifest's playlists write for a file of the endpoint's folder. */
    public static String fromManifest(String endpointFile) {
        return "../" + endpointFile;
    }

    /** The full path of a manifest's multivariant playlist under the endpoint (its output URL's tail). */
    public static String manifestPath(CmafSettings.Manifest manifest) {
        return manifest.id() + "/" + multivariant(manifest);
    }

    /**
     * What a path under the endpoint ({@code hls/index.m3u8}, {@code live_1v_42.mp4}) asks for,
     * or empty when it is none of this endpoint's names.
     */
    public static Optional<Request> parse(CmafSettings settings, String path) {
        int slash = path.indexOf('/');
        if (slash < 0) {
            return segmentFile(settings, path);
        }
        String id = path.substring(0, slash);
        String file = path.substring(slash + 1);
        if (file.indexOf('/') >= 0) {
            return Optional.empty();
        }
        for (CmafSettings.Manifest manifest : settings.hlsManifests()) {
            if (manifest.id().equals(id)) {
                return playlist(manifest, file);
            }
        }
        return Optional.empty();
    }

    private static Optional<Request> playlist(CmafSettings.Manifest manifest, String file) {
        if (file.equals(multivariant(manifest))) {
            return Optional.of(new Multivariant(manifest.id()));
        }
        String prefix = manifest.manifestName() + "_";
        if (!file.startsWith(prefix)) {
            return Optional.empty();
        }
        Matcher m = PLAYLIST.matcher(file.substring(prefix.length()));
        if (!m.matches()) {
            return Optional.empty();
        }
        int position = Integer.parseInt(m.group(1));
        MediaKind kind = m.group(2).equals("v") ? MediaKind.VIDEO : MediaKind.AUDIO;
        if (m.group(3) != null) {
            return kind == MediaKind.VIDEO ? Optional.of(new IframePlaylist(manifest.id(), position)) : Optional.empty();
        }
        return Optional.of(new MediaPlaylist(manifest.id(), position, kind));
    }

    private static Optional<Request> segmentFile(CmafSettings settings, String file) {
        String prefix = settings.segmentPrefix() + "_";
        if (!file.startsWith(prefix)) {
            return Optional.empty();
        }
        Matcher m = SEGMENT.matcher(file.substring(prefix.length()));
        if (!m.matches()) {
            return Optional.empty();
        }
        int position = Integer.parseInt(m.group(1));
        String letter = m.group(2);
        MediaKind kind = letter.equals("a") ? MediaKind.AUDIO : MediaKind.VIDEO;
        if (m.group(3).equals("init")) {
            return letter.equals("i") ? Optional.empty() : Optional.of(new Init(position, kind));
        }
        return Optional.of(new Segment(position, kind, Long.parseLong(m.group(3)), letter.equals("i")));
    }

    private static String letter(MediaKind kind) {
        return switch (kind) {
            case VIDEO -> "v";
            case AUDIO -> "a";
            default -> throw new IllegalArgumentException("CMAF tracks are video or audio, not " + kind);
        };
    }

    private static final Pattern PLAYLIST = Pattern.compile("([1-9][0-9]{0,3})([va])(_iframe)?\\.m3u8");
    private static final Pattern SEGMENT = Pattern.compile("([1-9][0-9]{0,3})([vai])_(init|0|[1-9][0-9]{0,17})\\.mp4");
}
