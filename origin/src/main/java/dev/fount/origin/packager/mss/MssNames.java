package dev.fount.origin.packager.mss;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.fount.origin.media.MediaKind;

/**
 * The paths a Smooth Streaming endpoint serves under /out/v1/{channel}/{endpoint}/ ([MS-SSTR]
 * §2.2.1, §2.2.2): {@code {manifestName}.ism/Manifest} and
 * {@code {manifestName}.ism/QualityLevels({bitrate})/Fragments({stream}={time})}, where
 * {@code stream} is a StreamIndex's Name ({@code video}, {@code audio}, or {@code audio_{lang}}
 * for a further audio language) and {@code time} is in the manifest's TimeScale (90 kHz).
 */
public final class MssNames {

    private MssNames() {
    }

    public sealed interface Request permits Manifest, Fragment {
    }

    public record Manifest() implements Request {
    }

    /**
     * A fragment request.
     *
     * @param stream  the StreamIndex Name it names
     * @param bitrate the QualityLevel's Bitrate
     * @param time    the fragment's start, 90 kHz
     */
    public record Fragment(String stream, long bitrate, long time) implements Request {

        public MediaKind kind() {
            return stream.equals(VIDEO) ? MediaKind.VIDEO : MediaKind.AUDIO;
        }
    }

    public static final String VIDEO = "video";
    public static final String AUDIO = "audio";

    public static String manifest(String manifestName) {
        return manifestName + ".ism/Manifest";
    }

    /** The StreamIndex Url template ([MS-SSTR] §2.2.2.3). */
    public static String urlTemplate(String stream) {
        return "QualityLevels({bitrate})/Fragments(" + stream + "={start time})";
    }

    public static String fragment(String manifestName, String stream, long bitrate, long time) {
        return manifestName + ".ism/QualityLevels(" + bitrate + ")/Fragments(" + stream + "=" + time + ")";
    }

    /** What a path under the endpoint asks for, or empty when it is none of this endpoint's names. */
    public static Optional<Request> parse(String manifestName, String path) {
        String prefix = manifestName + ".ism/";
        if (!path.startsWith(prefix)) {
            return Optional.empty();
        }
        String rest = path.substring(prefix.length());
        if (rest.equals("Manifest")) {
            return Optional.of(new Manifest());
        }
        Matcher m = FRAGMENT.matcher(rest);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Fragment(m.group(2), Long.parseLong(m.group(1)), Long.parseLong(m.group(3))));
    }

    private static final Pattern FRAGMENT = Pattern.compile(
            "QualityLevels\\(([1-9][0-9]{0,11})\\)/Fragments\\((video|audio|audio_[a-z]{2,3})=(0|[1-9][0-9]{0,17})\\)");
}
