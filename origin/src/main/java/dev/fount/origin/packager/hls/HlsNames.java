package dev.fount.origin.packager.hls;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The file names an HLS endpoint serves under /out/v1/{channel}/{endpoint}/, in MediaPackage's
 * style: {@code index.m3u8}, {@code index_1.m3u8}, {@code index_1_iframe.m3u8}, {@code index_1_1234.ts}.
 * The number after the manifest name is the rendition's position in the encoder's ladder.
 */
public final class HlsNames {

    private HlsNames() {
    }

    public sealed interface Request permits Multivariant, MediaPlaylist, IframePlaylist, Segment {
    }

    public record Multivariant() implements Request {
    }

    public record MediaPlaylist(int position) implements Request {
    }

    public record IframePlaylist(int position) implements Request {
    }

    public record Segment(int position, long ordinal) implements Request {
    }

    public static String multivariant(String manifestName) {
        return manifestName + ".m3u8";
    }

    public static String mediaPlaylist(String manifestName, int position) {
        return manifestName + "_" + position + ".m3u8";
    }

    public static String iframePlaylist(String manifestName, int position) {
        return manifestName + "_" + position + "_iframe.m3u8";
    }

    public static String segment(String manifestName, int position, long ordinal) {
        return manifestName + "_" + position + "_" + ordinal + ".ts";
    }

    /** What a requested file name asks for, or empty when it is none of this endpoint's names. */
    public static Optional<Request> parse(String manifestName, String file) {
        if (file.equals(multivariant(manifestName))) {
            return Optional.of(new Multivariant());
        }
        if (!file.startsWith(manifestName + "_")) {
            return Optional.empty();
        }
        String rest = file.substring(manifestName.length() + 1);
        Matcher m = SEGMENT.matcher(rest);
        if (m.matches()) {
            return Optional.of(new Segment(Integer.parseInt(m.group(1)), Long.parseLong(m.group(2))));
        }
        m = IFRAME.matcher(rest);
        if (m.matches()) {
            return Optional.of(new IframePlaylist(Integer.parseInt(m.group(1))));
        }
        m = MEDIA.matcher(rest);
        if (m.matches()) {
            return Optional.of(new MediaPlaylist(Integer.parseInt(m.group(1))));
        }
        return Optional.empty();
    }

    private static final Pattern SEGMENT = Pattern.compile("([1-9][0-9]{0,3})_([0-9]{1,18})\\.ts");
    private static final Pattern IFRAME = Pattern.compile("([1-9][0-9]{0,3})_iframe\\.m3u8");
    private static final Pattern MEDIA = Pattern.compile("([1-9][0-9]{0,3})\\.m3u8");
}
