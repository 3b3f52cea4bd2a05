package dev.fount.origin.packager.hls;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;

import dev.fount.api.v1alpha1.AdMarkers;
import dev.fount.api.v1alpha1.PlaylistType;
import dev.fount.origin.packager.AdBreaks;
import dev.fount.origin.packager.OutputSegment;
import dev.fount.origin.packager.OutputSegmenter;
import dev.fount.origin.timeline.RenditionView;
import dev.fount.origin.timeline.ServedSegment;

/**
 * The parts of an RFC 8216 media playlist that the TS packager ({@link HlsPackager}) and the
 * CMAF packager share: the window, the target duration, the header, and the segment lines
 * (discontinuities, program date time, EXTINF, and for fMP4 an EXT-X-MAP re-emitted after
 * each discontinuity).
 */
public final class PlaylistWriter {

    private static final DateTimeFormatter PDT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneOffset.UTC);

    private PlaylistWriter() {
    }

    /**
     * One line group of a media playlist.
     *
     * @param segment         the output segment (its discontinuity sequence places EXT-X-DISCONTINUITY)
     * @param duration        EXTINF, 90 kHz ticks
     * @param programDateTime what EXT-X-PROGRAM-DATE-TIME says when one is written here
     * @param uri             the segment's URI line
     * @param key             an EXT-X-KEY line to write before it, or null
     */
    public record Entry(OutputSegment segment, long duration, Instant programDateTime, String uri, String key) {

        /** A segment in the clear (or under the key already written). */
        public Entry(OutputSegment segment, long duration, Instant programDateTime, String uri) {
            this(segment, duration, programDateTime, uri, null);
        }
    }

    /**
     * The segments in a playlist window: the newest ones covering {@code windowSeconds}, and never
     * less than three target durations (RFC 8216 §6.2.2).
     */
    public static List<OutputSegment> window(List<OutputSegment> all, long targetDurationSeconds, int windowSeconds) {
        long want = Math.max(windowSeconds * ServedSegment.TICKS_PER_SECOND, 3 * targetDurationSeconds * ServedSegment.TICKS_PER_SECOND);
        long covered = 0;
        int from = all.size();
        while (from > 0 && covered < want) {
            from--;
            covered += all.get(from).duration();
        }
        return all.subList(from, all.size());
    }

    /**
     * EXT-X-TARGETDURATION: the nominal output duration rounded up, or more when a segment's
     * rounded duration exceeds it (RFC 8216 §4.3.3.1).
     */
    public static long targetDuration(RenditionView r, int segmentDurationSeconds, List<OutputSegment> segments,
            ToLongFunction<OutputSegment> duration) {
        long nominal = OutputSegmenter.ratio(r, segmentDurationSeconds) * r.nominalDuration();
        long target = Math.max(1, (nominal + ServedSegment.TICKS_PER_SECOND - 1) / ServedSegment.TICKS_PER_SECOND);
        for (OutputSegment s : segments) {
            target = Math.max(target, Math.round(duration.applyAsLong(s) / (double) ServedSegment.TICKS_PER_SECOND));
        }
        return target;
    }

    /** From #EXTM3U to EXT-X-INDEPENDENT-SEGMENTS. */
    public static StringBuilder header(List<OutputSegment> segments, int version, long targetDuration, PlaylistType type) {
        StringBuilder p = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:").append(version).append('\n');
        p.append("#EXT-X-TARGETDURATION:").append(targetDuration).append('\n');
        long sequence = segments.isEmpty() ? 0 : segments.get(0).ordinal();
        long discontinuities = segments.isEmpty() ? 0 : segments.get(0).discontinuitySequence();
        p.append("#EXT-X-MEDIA-SEQUENCE:").append(sequence).append('\n');
        if (discontinuities > 0) {
            p.append("#EXT-X-DISCONTINUITY-SEQUENCE:").append(discontinuities).append('\n');
        }
        if (type != PlaylistType.NONE) {
            p.append("#EXT-X-PLAYLIST-TYPE:").append(type.name()).append('\n');
        }
        p.append("#EXT-X-INDEPENDENT-SEGMENTS\n");
        return p;
    }

    /**
     * The segment lines: EXT-X-DISCONTINUITY where the discontinuity sequence changes, then
     * {@code map} (an EXT-X-MAP line, or null for none) at the start and after each
     * discontinuity, EXT-X-PROGRAM-DATE-TIME every {@code pdtIntervalSeconds} (0: never) and
     * after each discontinuity, EXTINF and the URI.
     */
    public static void segments(StringBuilder p, List<Entry> entries, int pdtIntervalSeconds, String map) {
        segments(p, entries, pdtIntervalSeconds, map, AdMarkers.NONE, Map.of());
    }

    /**
     * The segment lines with ad markers ({@link AdBreaks#markers}) written the way {@code mode}
     * says, before the EXTINF of the segment they belong to:
     * <ul>
     * <li>SCTE35_ENHANCED: {@code EXT-OATCLS-SCTE35} and {@code EXT-X-CUE-OUT:duration} where a break
     * starts, {@code EXT-X-CUE-OUT-CONT:ElapsedTime=…,Duration=…,SCTE35=…} on each segment inside
     * it, {@code EXT-X-CUE-IN} where it returns (the tags of MediaPackage's enhanced markers);</li>
     * <li>PASSTHROUGH: the signals themselves as {@code EXT-OATCLS-SCTE35};</li>
     * <li>DATERANGE: {@code EXT-X-DATERANGE} with {@code SCTE35-OUT} and {@code PLANNED-DURATION}
     * where a break starts, and again with {@code END-DATE}, {@code DURATION} (and {@code SCTE35-IN}
     * when an in-signal ended it) where it returns (RFC 8216 §4.3.2.7.1); the playlist then always
     * has an EXT-X-PROGRAM-DATE-TIME, as §4.3.2.7 requires.</li>
     * </ul>
     */
    public static void segments(StringBuilder p, List<Entry> entries, int pdtIntervalSeconds, String map, AdMarkers mode,
            Map<Long, AdBreaks.Marker> breaks) {
        Map<Long, AdBreaks.Marker> markers = mode == null || mode == AdMarkers.NONE ? Map.of() : breaks;
        boolean dateRanges = mode == AdMarkers.DATERANGE && entries.stream().anyMatch(e -> markers.containsKey(e.segment().ordinal()));
        long lastPdt = Long.MIN_VALUE;
        OutputSegment previous = null;
        for (Entry e : entries) {
            OutputSegment s = e.segment();
            boolean discontinuity = previous != null && s.discontinuitySequence() != previous.discontinuitySequence();
            if (discontinuity) {
                p.append("#EXT-X-DISCONTINUITY\n");
            }
            if (map != null && (previous == null || discontinuity)) {
                p.append(map).append('\n');
            }
            if (pdtIntervalSeconds > 0 || dateRanges) {
                long at = e.programDateTime().toEpochMilli();
                if (lastPdt == Long.MIN_VALUE || discontinuity || (pdtIntervalSeconds > 0 && at - lastPdt >= pdtIntervalSeconds * 1000L)) {
                    p.append("#EXT-X-PROGRAM-DATE-TIME:").append(PDT.format(Instant.ofEpochMilli(at))).append('\n');
                    lastPdt = at;
                }
            }
            AdBreaks.Marker marker = markers.get(s.ordinal());
            if (marker != null) {
                adMarker(p, mode, marker, e);
            }
            if (e.key() != null) {
                p.append(e.key()).append('\n');
            }
            p.append("#EXTINF:").append(seconds(e.duration())).append(",\n").append(e.uri()).append('\n');
            previous = s;
        }
    }

    private static void adMarker(StringBuilder p, AdMarkers mode, AdBreaks.Marker marker, Entry e) {
        switch (mode) {
            case SCTE35_ENHANCED -> {
                if (marker instanceof AdBreaks.CueOut c) {
                    p.append("#EXT-OATCLS-SCTE35:").append(c.b().out().event().binary()).append('\n');
                    p.append("#EXT-X-CUE-OUT");
                    if (c.b().durationTicks() >= 0) {
                        p.append(':').append(seconds(c.b().durationTicks()));
                    }
                    p.append('\n');
                } else if (marker instanceof AdBreaks.CueOutCont c) {
                    p.append("#EXT-X-CUE-OUT-CONT:ElapsedTime=").append(seconds(c.elapsedTicks()));
                    if (c.b().durationTicks() >= 0) {
                        p.append(",Duration=").append(seconds(c.b().durationTicks()));
                    }
                    p.append(",SCTE35=").append(c.b().out().event().binary()).append('\n');
                } else {
                    p.append("#EXT-X-CUE-IN\n");
                }
            }
            case PASSTHROUGH -> {
                if (marker instanceof AdBreaks.CueOut c) {
                    p.append("#EXT-OATCLS-SCTE35:").append(c.b().out().event().binary()).append('\n');
                } else if (marker instanceof AdBreaks.CueIn c && c.b().in() != null) {
                    p.append("#EXT-OATCLS-SCTE35:").append(c.b().in().event().binary()).append('\n');
                }
            }
            case DATERANGE -> {
                if (marker instanceof AdBreaks.CueOut c) {
                    p.append("#EXT-X-DATERANGE:ID=\"").append(dateRangeId(c.b())).append("\",START-DATE=\"")
                            .append(PDT.format(e.programDateTime())).append('"');
                    if (c.b().out().event().durationTicks() >= 0) { // announced, never measured: the tag must not change
                        p.append(",PLANNED-DURATION=").append(seconds(c.b().out().event().durationTicks()));
                    }
                    p.append(",SCTE35-OUT=").append(c.b().out().event().hex()).append('\n');
                } else if (marker instanceof AdBreaks.CueIn c) {
                    long lasted = e.segment().start() - c.b().startTicks();
                    Instant start = e.programDateTime().minusMillis(lasted / (ServedSegment.TICKS_PER_SECOND / 1000));
                    p.append("#EXT-X-DATERANGE:ID=\"").append(dateRangeId(c.b())).append("\",START-DATE=\"").append(PDT.format(start))
                            .append("\",END-DATE=\"").append(PDT.format(e.programDateTime())).append("\",DURATION=").append(seconds(lasted));
                    if (c.b().in() != null) {
                        p.append(",SCTE35-IN=").append(c.b().in().event().hex());
                    }
                    p.append('\n');
                }
            }
            default -> {
            }
        }
    }

    /** Unique per break, the same in the tag that opens it and the one that closes it. */
    private static String dateRangeId(AdBreaks.Break b) {
        return "splice-" + b.out().event().eventId() + "-" + b.first();
    }

    /** Ticks as EXTINF seconds, three decimals. */
    public static String seconds(long ticks) {
        return String.format(Locale.ROOT, "%.3f", ticks / (double) ServedSegment.TICKS_PER_SECOND);
    }
}
