package dev.fount.origin.ingest;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * An HLS playlist as an encoder pushes it (RFC 8216): a multivariant playlist naming media
 * playlists, or a media playlist naming segments. Only what ingest needs is kept.
 */
public sealed interface InputPlaylist {

    /** A multivariant playlist: the media playlists (variants and EXT-X-MEDIA renditions) in order. */
    record Multivariant(List<String> playlists) implements InputPlaylist {
    }

    /** A media playlist's segments, in order. */
    record Media(List<Entry> entries) implements InputPlaylist {

        /** The median EXTINF: the input's nominal segment duration. */
        public double nominalSeconds() {
            double[] d = entries.stream().mapToDouble(Entry::durationSeconds).sorted().toArray();
            return d.length == 0 ? 0 : d[d.length / 2];
        }
    }

    /**
     * @param map the URI of the EXT-X-MAP in effect for the segment (its fMP4 initialization
     *            segment), or null for MPEG-TS
     */
    record Entry(String uri, double durationSeconds, boolean discontinuity, Instant programDateTime, String map) {

        Entry(String uri, double durationSeconds, boolean discontinuity, Instant programDateTime) {
            this(uri, durationSeconds, discontinuity, programDateTime, null);
        }
    }

    /** Parses a playlist, or throws with a message saying what is wrong and on which line. */
    static InputPlaylist parse(String text) throws MalformedPlaylistException {
        String[] lines = text.replace("\r\n", "\n").replace('\r', '\n').split("\n");
        if (lines.length == 0 || !lines[0].strip().replace("\uFEFF", "").equals("#EXTM3U")) {
            throw new MalformedPlaylistException("not an HLS playlist: the first line must be #EXTM3U");
        }
        List<String> playlists = new ArrayList<>();
        List<Entry> entries = new ArrayList<>();
        boolean expectVariantUri = false;
        Double duration = null;
        boolean discontinuity = false;
        Instant pdt = null;
        String map = null;
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i].strip();
            int number = i + 1;
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#EXT-X-STREAM-INF")) {
                expectVariantUri = true;
            } else if (line.startsWith("#EXT-X-MEDIA:")) {
                String uri = attribute(line, "URI");
                if (uri != null) {
                    playlists.add(uri);
                }
            } else if (line.startsWith("#EXTINF:")) {
                String value = line.substring("#EXTINF:".length());
                int comma = value.indexOf(',');
                try {
                    duration = Double.parseDouble(comma < 0 ? value : value.substring(0, comma));
                } catch (NumberFormatException e) {
                    throw new MalformedPlaylistException("line " + number + ": EXTINF duration is not a number: " + line);
                }
                if (duration < 0 || duration.isNaN()) {
                    throw new MalformedPlaylistException("line " + number + ": EXTINF duration is negative: " + line);
                }
            } else if (line.startsWith("#EXT-X-MAP:")) {
                map = attribute(line, "URI");
                if (map == null || map.isEmpty()) {
                    throw new MalformedPlaylistException("line " + number + ": EXT-X-MAP has no URI attribute: " + line);
                }
                if (attribute(line, "BYTERANGE") != null) {
                    throw new MalformedPlaylistException("line " + number + ": EXT-X-MAP with BYTERANGE is not supported: upload the initialization segment as a file of its own");
                }
            } else if (line.equals("#EXT-X-DISCONTINUITY")) {
                discontinuity = true;
            } else if (line.startsWith("#EXT-X-PROGRAM-DATE-TIME:")) {
                try {
                    pdt = OffsetDateTime.parse(line.substring("#EXT-X-PROGRAM-DATE-TIME:".length())
                            .replaceFirst("([+-]\\d{2})(\\d{2})$", "$1:$2")).toInstant();
                } catch (DateTimeParseException e) {
                    throw new MalformedPlaylistException("line " + number + ": EXT-X-PROGRAM-DATE-TIME is not an ISO 8601 date: " + line);
                }
            } else if (!line.startsWith("#")) {
                if (expectVariantUri) {
                    playlists.add(line);
                    expectVariantUri = false;
                } else if (duration != null) {
                    entries.add(new Entry(line, duration, discontinuity, pdt, map));
                    duration = null;
                    discontinuity = false;
                    pdt = null;
                } else {
                    throw new MalformedPlaylistException("line " + number + ": URI " + line + " follows neither EXTINF nor EXT-X-STREAM-INF");
                }
            }
        }
        if (!playlists.isEmpty()) {
            if (!entries.isEmpty()) {
                throw new MalformedPlaylistException("the playlist mixes variants (EXT-X-STREAM-INF) and segments (EXTINF)");
            }
            return new Multivariant(List.copyOf(playlists));
        }
        if (entries.isEmpty()) {
            throw new MalformedPlaylistException("the playlist references nothing: no EXT-X-STREAM-INF variants and no EXTINF segments");
        }
        return new Media(List.copyOf(entries));
    }

    private static String attribute(String line, String name) {
        int at = line.indexOf(name + "=\"");
        if (at < 0) {
            return null;
        }
        int start = at + name.length() + 2;
        int end = line.indexOf('"', start);
        return end < 0 ? null : line.substring(start, end);
    }
}
