package dev.fount.origin.packager.hls;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The file names an HLS endpoint serves under /out/v1/{channel}/{endpoint}/, in MediaPackage's
 * style. The number after the manifest name is the rendition's position in the encoder's
 * ladder; the last number is the segment's media sequence number.
 * <ul>
 * <li>{@code index.m3u8}: the multivariant playlist</li>
 * <li>{@code index_1.m3u8}, {@code index_1_1234.ts}: a rendition as ingested (video and audio)</li>
 * <li>{@code index_1v_1234.ts}: its video only, when audio is a rendition group</li>
 * <li>{@code index_a1.m3u8}, {@code index_a1_1234.ts}: the audio of rendition 1, as an EXT-X-MEDIA rendition</li>
 * <li>{@code index_1_iframe.m3u8}: the I-frame playlist (byte ranges of {@code index_1_*.ts})</li>
 * </ul>
 */
public final class HlsNames {

    private HlsNames() {
    }

    /** Which streams of the ingested segment a served segment carries. */
    public enum Part {
        MUXED("", ""), VIDEO("", "v"), AUDIO("a", "");

        final String before;
        final String after;

        Part(String before, String after) {
            this.before = before;
            this.after = after;
        }
    }

    public sealed interface Request permits Multivariant, MediaPlaylist, IframePlaylist, Segment {
    }

    public record Multivariant() implements Request {
    }

    /** A media playlist: of a rendition (MUXED or VIDEO segments) or of its audio (AUDIO). */
    public record MediaPlaylist(int position, boolean audio) implements Request {
    }

    public record IframePlaylist(int position) implements Request {
    }

    public record Segment(int position, long ordinal, Part part) implements Request {
    }

    public static String multivariant(String manifestName) {
        return manifestName + ".m3u8";
    }

    public static String mediaPlaylist(String manifestName, int position) {
        return manifestName + "_" + position + ".m3u8";
    }

    public static String audioPlaylist(String manifestName, int position) {
        return manifestName + "_a" + position + ".m3u8";
    }

    public static String iframePlaylist(String manifestName, int position) {
        return manifestName + "_" + position + "_iframe.m3u8";
    }

    public static String segment(String manifestName, int position, long ordinal, Part part) {
        return manifestName + "_" + part.before + position + part.after + "_" + ordinal + ".ts";
    }

    /** What a requested file name asks for, or empty when it is none of this endpoint's names. */
    public static Optional<Request> parse(String manifestName, String file) {
        if (file.equals(multivariant(manifestName))) {
            return Optional.of(new Multivariant());
        }
        if (!file.startsWith(manifestName + "_")) {
            return Optional.empty();
        }
        Matcher m = NAME.matcher(file.substring(manifestName.length() + 1));
        if (!m.matches()) {
            return Optional.empty();
        }
        boolean audio = m.group(1) != null;
        boolean video = m.group(3) != null;
        int position = Integer.parseInt(m.group(2));
        String rest = m.group(4);
        if (rest.equals(".m3u8") && !video) {
            return Optional.of(new MediaPlaylist(position, audio));
        }
        if (rest.equals("_iframe.m3u8") && !audio && !video) {
            return Optional.of(new IframePlaylist(position));
        }
        if (rest.startsWith("_") && rest.endsWith(".ts") && !(audio && video)) {
            Part part = audio ? Part.AUDIO : video ? Part.VIDEO : Part.MUXED;
            return Optional.of(new Segment(position, Long.parseLong(rest.substring(1, rest.length() - 3)), part));
        }
        return Optional.empty();
    }

    private static final Pattern NAME = Pattern.compile("(a)?([1-9][0-9]{0,3})(v)?(\\.m3u8|_iframe\\.m3u8|_[0-9]{1,18}\\.ts)");
}
