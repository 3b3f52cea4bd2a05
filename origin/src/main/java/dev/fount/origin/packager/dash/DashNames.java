package dev.fount.origin.packager.dash;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The file names a DASH endpoint serves under /out/v1/{channel}/{endpoint}/, relative to the MPD
 * (no BaseURL). The number after the manifest name is the rendition's position in the encoder's
 * ladder, followed by the track: {@code v} its video, {@code a} its audio, {@code i} the
 * I-frame-only (trick play) version of its video. Every file holds one track (CMAF style).
 * <ul>
 * <li>{@code index.mpd}: the MPD</li>
 * <li>{@code index_1v_init.mp4}: the initialization segment of rendition 1's video</li>
 * <li>{@code index_1v_1234.mp4}: its media segment number 1234 ($Number$ addressing; the number is
 * the output segment's media sequence number, as in HLS)</li>
 * <li>{@code index_1a_t180000000.mp4}: the audio segment whose earliest presentation time is
 * 180000000 (90 kHz) ($Time$ addressing)</li>
 * <li>{@code index_1i_init.mp4}, {@code index_1i_1234.mp4}: the I-frame-only track</li>
 * </ul>
 * A SegmentTemplate writes these as {@code index_1v_$Number$.mp4}, {@code index_1v_t$Time$.mp4},
 * or, at AdaptationSet level, {@code index_$RepresentationID$_$Number$.mp4} (Representation ids are
 * {@code 1v}, {@code 1a}, {@code 1i}).
 */
public final class DashNames {

    private DashNames() {
    }

    /** Which track of a rendition a file carries. */
    public enum Track {
        VIDEO('v'), AUDIO('a'), IFRAME('i');

        final char letter;

        Track(char letter) {
            this.letter = letter;
        }

        static Track of(char letter) {
            for (Track t : values()) {
                if (t.letter == letter) {
                    return t;
                }
            }
            throw new IllegalArgumentException("no track " + letter);
        }
    }

    public sealed interface Request permits Manifest, Init, Media {
    }

    public record Manifest() implements Request {
    }

    public record Init(int position, Track track) implements Request {
    }

    /**
     * A media segment, by number ({@code byTime} false: {@code value} is the segment number) or by
     * its earliest presentation time ({@code byTime}: {@code value} is 90 kHz media time).
     */
    public record Media(int position, Track track, boolean byTime, long value) implements Request {
    }

    public static String manifest(String manifestName) {
        return manifestName + ".mpd";
    }

    /** The Representation id of a rendition's track: {@code 1v}, {@code 1a}, {@code 1i}. */
    public static String representationId(int position, Track track) {
        return String.valueOf(position) + track.letter;
    }

    public static String init(String manifestName, int position, Track track) {
        return manifestName + "_" + representationId(position, track) + "_init.mp4";
    }

    public static String byNumber(String manifestName, int position, Track track, long number) {
        return manifestName + "_" + representationId(position, track) + "_" + number + ".mp4";
    }

    public static String byTime(String manifestName, int position, Track track, long time) {
        return manifestName + "_" + representationId(position, track) + "_t" + time + ".mp4";
    }

    /** SegmentTemplate@initialization for one Representation, or with {@code $RepresentationID$} when {@code position} is 0. */
    static String initTemplate(String manifestName, String representation) {
        return manifestName + "_" + representation + "_init.mp4";
    }

    /** SegmentTemplate@media; {@code representation} is a Representation id or {@code $RepresentationID$}. */
    static String mediaTemplate(String manifestName, String representation, boolean byTime) {
        return manifestName + "_" + representation + (byTime ? "_t$Time$.mp4" : "_$Number$.mp4");
    }

    /** What a requested file name asks for, or empty when it is none of this endpoint's names. */
    public static Optional<Request> parse(String manifestName, String file) {
        if (file.equals(manifest(manifestName))) {
            return Optional.of(new Manifest());
        }
        if (!file.startsWith(manifestName + "_")) {
            return Optional.empty();
        }
        Matcher m = NAME.matcher(file.substring(manifestName.length() + 1));
        if (!m.matches()) {
            return Optional.empty();
        }
        int position = Integer.parseInt(m.group(1));
        Track track = Track.of(m.group(2).charAt(0));
        if (m.group(3) != null) {
            return Optional.of(new Init(position, track));
        }
        boolean byTime = m.group(4) != null;
        return Optional.of(new Media(position, track, byTime, Long.parseLong(m.group(5))));
    }

    private static final Pattern NAME = Pattern.compile("([1-9][0-9]{0,3})([vai])_(?:(init)|(t)?(0|[1-9][0-9]{0,17}))\\.mp4");
}
