package dev.fount.origin.vod;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.fount.origin.media.ByteRange;

/**
 * The playlists of an HLS VOD source (RFC 8216): a multivariant playlist's variant streams and
 * audio renditions, and a media playlist's segments with their byte ranges and initialization
 * sections. What an origin cannot package is refused by name (encrypted segments, discontinuities).
 */
public final class HlsSource {

    private HlsSource() {
    }

    /** Thrown for a playlist that is not one, or one this origin cannot package. */
    public static final class BadPlaylist extends Exception {
        BadPlaylist(String message) {
            super(message);
        }
    }

    /**
     * A media playlist to index.
     *
     * @param uri     absolute
     * @param bitrate BANDWIDTH of its variant stream; 0 for an audio rendition or a lone media playlist
     */
    public record Variant(URI uri, long bitrate) {
    }

    /** One segment of a media playlist: absolute URIs, EXTINF seconds, and byte ranges (null: the whole file). */
    public record Entry(URI uri, double seconds, ByteRange range, URI init, ByteRange initRange) {
    }

    private static final Pattern ATTRIBUTE = Pattern.compile("([A-Z0-9-]+)=(\"[^\"]*\"|[^,]*)");

    /** Whether the text is a media playlist (segments) rather than a multivariant one. */
    public static boolean isMedia(String text) {
        return text.contains("#EXTINF");
    }

    /**
     * The media playlists a multivariant playlist names, variant streams first (each once), then the
     * audio renditions that have their own URI.
     */
    public static List<Variant> variants(URI base, String text) throws BadPlaylist {
        List<String> lines = lines(text);
        Map<URI, Variant> variants = new LinkedHashMap<>();
        List<Variant> audio = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("#EXT-X-STREAM-INF:")) {
                Map<String, String> a = attributes(line.substring(line.indexOf(':') + 1));
                if (i + 1 >= lines.size() || lines.get(i + 1).startsWith("#")) {
                    throw new BadPlaylist("line " + (i + 1) + ": EXT-X-STREAM-INF is not followed by a URI");
                }
                URI uri = resolve(base, lines.get(++i), i);
                variants.putIfAbsent(uri, new Variant(uri, number(a.get("BANDWIDTH"))));
            } else if (line.startsWith("#EXT-X-MEDIA:")) {
                Map<String, String> a = attributes(line.substring(line.indexOf(':') + 1));
                if ("AUDIO".equals(a.get("TYPE")) && a.containsKey("URI")) {
                    URI uri = resolve(base, a.get("URI"), i);
                    if (audio.stream().noneMatch(v -> v.uri().equals(uri))) {
                        audio.add(new Variant(uri, 0));
                    }
                }
            }
        }
        if (variants.isEmpty()) {
            throw new BadPlaylist("the multivariant playlist lists no variant stream (EXT-X-STREAM-INF)");
        }
        List<Variant> all = new ArrayList<>(variants.values());
        audio.stream().filter(v -> !variants.containsKey(v.uri())).forEach(all::add);
        return all;
    }

    /** The segments of a media playlist, in order. */
    public static List<Entry> segments(URI base, String text) throws BadPlaylist {
        List<String> lines = lines(text);
        if (lines.isEmpty() || !lines.get(0).startsWith("#EXTM3U")) {
            throw new BadPlaylist("not an HLS playlist: it does not start with #EXTM3U");
        }
        List<Entry> entries = new ArrayList<>();
        double extinf = -1;
        long[] range = null;                                   // length, offset (-1: after the previous range)
        URI init = null;
        ByteRange initRange = null;
        URI previous = null;
        long previousEnd = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("#EXTINF:")) {
                String value = line.substring(8);
                int comma = value.indexOf(',');
                try {
                    extinf = Double.parseDouble((comma < 0 ? value : value.substring(0, comma)).trim());
                } catch (NumberFormatException e) {
                    throw new BadPlaylist("line " + (i + 1) + ": EXTINF has no duration");
                }
            } else if (line.startsWith("#EXT-X-BYTERANGE:")) {
                range = byteRange(line.substring(17), i);
            } else if (line.startsWith("#EXT-X-MAP:")) {
                Map<String, String> a = attributes(line.substring(11));
                if (a.get("URI") == null) {
                    throw new BadPlaylist("line " + (i + 1) + ": EXT-X-MAP has no URI");
                }
                init = resolve(base, a.get("URI"), i);
                long[] r = a.containsKey("BYTERANGE") ? byteRange(a.get("BYTERANGE"), i) : null;
                initRange = r == null ? null : new ByteRange(Math.max(0, r[1]), r[0]);
            } else if (line.startsWith("#EXT-X-KEY:")) {
                String method = attributes(line.substring(11)).get("METHOD");
                if (!"NONE".equals(method)) {
                    throw new BadPlaylist("line " + (i + 1) + ": the segments are encrypted (METHOD=" + method
                            + "); give the origin clear media, it encrypts on output");
                }
            } else if (line.startsWith("#EXT-X-DISCONTINUITY") && !line.startsWith("#EXT-X-DISCONTINUITY-SEQUENCE")) {
                if (!entries.isEmpty()) {
                    throw new BadPlaylist("line " + (i + 1) + ": EXT-X-DISCONTINUITY inside a VOD source is not supported; "
                            + "make one asset per continuous piece");
                }
            } else if (!line.startsWith("#")) {
                if (extinf < 0) {
                    throw new BadPlaylist("line " + (i + 1) + ": " + line + " has no EXTINF");
                }
                URI uri = resolve(base, line, i);
                ByteRange segmentRange = null;
                if (range != null) {
                    if (range[1] < 0 && !uri.equals(previous)) {   // no offset: follows the previous range of the same file
                        throw new BadPlaylist("line " + (i + 1) + ": EXT-X-BYTERANGE without an offset must follow a range of the same file");
                    }
                    segmentRange = new ByteRange(range[1] < 0 ? previousEnd : range[1], range[0]);
                }
                entries.add(new Entry(uri, extinf, segmentRange, init, initRange));
                previous = uri;
                previousEnd = segmentRange == null ? 0 : segmentRange.offset() + segmentRange.length();
                extinf = -1;
                range = null;
            }
        }
        if (entries.isEmpty()) {
            throw new BadPlaylist("the media playlist lists no segment");
        }
        return entries;
    }

    /** {@code n[@o]} as {length, offset}; a missing offset gives -1 (the range follows the previous one). */
    private static long[] byteRange(String value, int line) throws BadPlaylist {
        String v = value.replace("\"", "").trim();
        int at = v.indexOf('@');
        try {
            long length = Long.parseLong(at < 0 ? v : v.substring(0, at));
            long offset = at < 0 ? -1 : Long.parseLong(v.substring(at + 1));
            if (length <= 0 || offset < -1) {
                throw new NumberFormatException();
            }
            return new long[] {length, offset};
        } catch (NumberFormatException e) {
            throw new BadPlaylist("line " + (line + 1) + ": byte range " + value + " is not n[@o]");
        }
    }

    private static URI resolve(URI base, String reference, int line) throws BadPlaylist {
        try {
            return base.resolve(new URI(reference.trim().replace(" ", "%20")));
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            throw new BadPlaylist("line " + (line + 1) + ": " + reference + " is not a URI");
        }
    }

    private static long number(String value) {
        try {
            return value == null ? 0 : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static Map<String, String> attributes(String list) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = ATTRIBUTE.matcher(list);
        while (m.find()) {
            String v = m.group(2);
            out.put(m.group(1), v.startsWith("\"") ? v.substring(1, v.length() - 1) : v);
        }
        return out;
    }

    private static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        for (String l : text.split("\r?\n")) {
            String t = l.strip();
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }
}
