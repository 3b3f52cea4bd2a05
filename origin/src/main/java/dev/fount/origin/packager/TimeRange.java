package dev.fount.origin.packager;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * A time-shift window asked for with a manifest URL's {@code start} and {@code end}, as
 * MediaPackage takes them: ISO 8601 date-times with a zone ({@code 2026-12-03T09:00:00Z}) or
 * epoch seconds ({@code 1796288400}). Either may be left out: from the oldest media kept, up to
 * the live edge.
 */
public record TimeRange(Instant start, Instant end) {

    /** A parameter that is neither form, or an end not after the start. */
    public static final class BadRange extends IllegalArgumentException {
        BadRange(String message) {
            super(message);
        }
    }

    /** Empty when neither parameter is given. */
    public static Optional<TimeRange> parse(String start, String end) {
        if (blank(start) && blank(end)) {
            return Optional.empty();
        }
        Instant from = blank(start) ? Instant.MIN : instant("start", start);
        Instant to = blank(end) ? Instant.MAX : instant("end", end);
        if (!to.isAfter(from)) {
            throw new BadRange("end " + end + " is not after start " + start);
        }
        return Optional.of(new TimeRange(from, to));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static Instant instant(String name, String value) {
        String v = value.strip();
        if (v.matches("\\d{1,12}(\\.\\d+)?")) {
            return Instant.ofEpochMilli(Math.round(Double.parseDouble(v) * 1000));
        }
        try {
            return OffsetDateTime.parse(v.replace(' ', '+')).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadRange(name + "=" + value + " is neither an ISO 8601 date-time with a zone nor epoch seconds");
        }
    }

    /** Whether [from, to) overlaps the range. */
    public boolean overlaps(Instant from, Instant to) {
        return to.isAfter(start) && from.isBefore(end);
    }
}
