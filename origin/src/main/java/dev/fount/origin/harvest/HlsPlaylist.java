package dev.fount.origin.harvest;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HLS playlist (RFC 8216) kept line by line, with the URIs it references, so that a harvest can
 * fetch what it names and write a copy that names local files instead. Only what a copy needs is
 * understood: URI lines (variant streams, segments), the {@code URI} attribute of
 * {@code EXT-X-MEDIA} (§4.3.4.1) and {@code EXT-X-MAP} (§4.3.2.5); every other line is kept
 * verbatim. A tag whose URI a copy could not honour (a key, session data) is refused rather than
 * left pointing at the origin.
 *
 * @param name  what the playlist is, for messages (e.g. {@code index_1.m3u8})
 * @param lines its lines, without line terminators
 */
public record HlsPlaylist(String name, List<Line> lines) {

    private static final Pattern URI_ATTRIBUTE = Pattern.compile("([:,])URI=\"([^\"]*)\"");
    private static final Set<String> COPIED_URI_TAGS = Set.of("#EXT-X-MEDIA", "#EXT-X-MAP");
    private static final String I_FRAME_STREAM = "#EXT-X-I-FRAME-STREAM-INF";

    public HlsPlaylist {
        lines = List.copyOf(lines);
    }

    /**
     * One line of a playlist.
     *
     * @param text the line as written
     * @param uri  the URI the line references (the whole line for a URI line, the {@code URI}
     *             attribute for a tag), if any
     */
    public record Line(String text, Optional<String> uri) {

        boolean isUriLine() {
            return uri.isPresent() && !text.startsWith("#");
        }

        String tag() {
            if (!text.startsWith("#")) {
                return "";
            }
            int colon = text.indexOf(':');
            return colon < 0 ? text : text.substring(0, colon);
        }

        /** This line naming {@code replacement} instead of its URI. */
        Line rename(String replacement) {
            if (uri.isEmpty()) {
                return this;
            }
            if (isUriLine()) {
                return new Line(replacement, Optional.of(replacement));
            }
            Matcher m = URI_ATTRIBUTE.matcher(text);
            m.find();
            String renamed = text.substring(0, m.start()) + m.group(1) + "URI=\"" + replacement + "\"" + text.substring(m.end());
            return new Line(renamed, Optional.of(replacement));
        }
    }

    /** Parses a playlist; the exception names the playlist and the line at fault. */
    public static HlsPlaylist parse(String name, String text) throws HarvestException {
        String[] raw = text.split("\r?\n", -1);
        if (raw.length == 0 || !raw[0].strip().equals("#EXTM3U")) {
            throw new HarvestException(name + " is not an HLS playlist: it does not start with #EXTM3U");
        }
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < raw.length; i++) {
            String line = raw[i].strip();
            if (line.isEmpty()) {
                if (i < raw.length - 1) {
                    lines.add(new Line("", Optional.empty()));
                }
            } else if (!line.startsWith("#")) {
                lines.add(new Line(line, Optional.of(line)));
            } else if (line.startsWith("#EXT")) {
                lines.add(tagLine(name, i + 1, line));
            } else {
                lines.add(new Line(line, Optional.empty()));
            }
        }
        return new HlsPlaylist(name, lines);
    }

    private static Line tagLine(String name, int number, String line) throws HarvestException {
        Matcher m = URI_ATTRIBUTE.matcher(line);
        if (!m.find()) {
            return new Line(line, Optional.empty());
        }
        Line tagged = new Line(line, Optional.of(m.group(2)));
        String tag = tagged.tag();
        if (!COPIED_URI_TAGS.contains(tag) && !tag.equals(I_FRAME_STREAM)) {
            throw new HarvestException(name + " line " + number + ": " + tag
                    + " names a URI a harvest cannot copy (only clear HLS with EXT-X-MEDIA and EXT-X-MAP URIs is harvested)");
        }
        return tagged;
    }

    /** A multivariant playlist names variant streams (§4.3.4.2); a media playlist does not. */
    public boolean isMultivariant() {
        return lines.stream().anyMatch(l -> l.tag().equals("#EXT-X-STREAM-INF"));
    }

    /** Whether no more segments will be added (§4.3.3.4): the window has ended. */
    public boolean hasEndList() {
        return lines.stream().anyMatch(l -> l.tag().equals("#EXT-X-ENDLIST"));
    }

    /** The distinct URIs referenced, in playlist order. */
    public List<String> uris() {
        Set<String> uris = new LinkedHashSet<>();
        lines.forEach(l -> l.uri().ifPresent(uris::add));
        return List.copyOf(uris);
    }

    /** The number of URI lines (segments in a media playlist, variants in a multivariant one). */
    public long uriLineCount() {
        return lines.stream().filter(Line::isUriLine).count();
    }

    /** Without I-frame-only variants (§4.3.4.3): a clip does not carry them. */
    public HlsPlaylist withoutIFrameStreams() {
        return new HlsPlaylist(name, lines.stream().filter(l -> !l.tag().equals(I_FRAME_STREAM)).toList());
    }

    /** The playlist as text, each referenced URI replaced by {@code rename.apply(uri)}. */
    public String render(UnaryOperator<String> rename) {
        StringBuilder out = new StringBuilder();
        for (Line line : lines) {
            out.append(line.uri().map(uri -> line.rename(rename.apply(uri))).orElse(line).text()).append('\n');
        }
        return out.toString();
    }
}
