package dev.fount.origin.harvest;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the {@code harvest} command line (the contract in the operator's HarvestJobTemplate):
 * {@code --option value} pairs (or {@code --option=value}), each at most once. Every fault is a
 * {@link UsageException} with one line naming the option, so the pod's termination message says
 * what to fix.
 */
public final class HarvestArguments {

    /** MediaPackage's limit, also enforced by the HarvestJob CRD: a clip spans at most a day. */
    public static final Duration MAX_RANGE = Duration.ofHours(24);

    public static final String USAGE = "usage: harvest --origin URL --channel NAME --endpoint NAME --start ISO8601 --end ISO8601"
            + " --destination s3://BUCKET/KEY.m3u8|file:PATH.m3u8 [--s3-endpoint URL] [--s3-region REGION]";

    private static final List<String> REQUIRED = List.of("--origin", "--channel", "--endpoint", "--start", "--end", "--destination");
    private static final List<String> OPTIONAL = List.of("--s3-endpoint", "--s3-region");
    /** Names become one path segment of the origin's URL: no slashes, no query characters. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private HarvestArguments() {
    }

    /** Parses the arguments after {@code harvest}. */
    public static HarvestRequest parse(List<String> args) throws UsageException {
        Map<String, String> options = options(args);
        for (String name : REQUIRED) {
            if (!options.containsKey(name)) {
                throw new UsageException("missing " + name);
            }
        }
        URI origin = httpUrl("--origin", options.get("--origin"));
        String channel = name("--channel", options.get("--channel"));
        String endpoint = name("--endpoint", options.get("--endpoint"));
        Instant from = instant("--start", options.get("--start"));
        Instant to = instant("--end", options.get("--end"));
        if (!from.isBefore(to)) {
            throw new UsageException("--start " + options.get("--start") + " is not before --end " + options.get("--end"));
        }
        HarvestRequest.TimeRange range = new HarvestRequest.TimeRange(from, to);
        if (range.length().compareTo(MAX_RANGE) > 0) {
            throw new UsageException("the range from --start to --end is " + hours(range.length())
                    + ", longer than the 24 h a harvest may span");
        }
        Destination destination = Destination.parse(options.get("--destination"));
        Optional<URI> s3Endpoint = options.containsKey("--s3-endpoint")
                ? Optional.of(httpUrl("--s3-endpoint", options.get("--s3-endpoint")))
                : Optional.empty();
        Optional<String> s3Region = Optional.ofNullable(options.get("--s3-region"));
        if (s3Region.isPresent() && s3Region.get().isBlank()) {
            throw new UsageException("--s3-region is empty");
        }
        return new HarvestRequest(origin, channel, endpoint, options.get("--start"), options.get("--end"), range, destination,
                s3Endpoint, s3Region);
    }

    private static Map<String, String> options(List<String> args) throws UsageException {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                throw new UsageException("unexpected argument '" + arg + "' (options are --name value)");
            }
            String name = arg;
            String value;
            int equals = arg.indexOf('=');
            if (equals > 0) {
                name = arg.substring(0, equals);
                value = arg.substring(equals + 1);
            } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                value = args.get(++i);
            } else {
                value = null;
            }
            if (!REQUIRED.contains(name) && !OPTIONAL.contains(name)) {
                throw new UsageException("unknown option " + name);
            }
            if (value == null || value.isEmpty()) {
                throw new UsageException(name + " needs a value");
            }
            if (options.put(name, value) != null) {
                throw new UsageException(name + " given twice");
            }
        }
        return options;
    }

    private static URI httpUrl(String option, String value) throws UsageException {
        try {
            URI uri = new URI(value);
            if (uri.getScheme() == null || !(uri.getScheme().equalsIgnoreCase("http") || uri.getScheme().equalsIgnoreCase("https"))
                    || uri.getHost() == null) {
                throw new UsageException(option + " " + value + ": expected an http:// or https:// URL with a host");
            }
            if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new UsageException(option + " " + value + ": a base URL takes no query or fragment");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new UsageException(option + " " + value + ": not a URL (" + e.getReason() + ")");
        }
    }

    private static String name(String option, String value) throws UsageException {
        if (!NAME.matcher(value).matches()) {
            throw new UsageException(option + " '" + value + "': expected a resource name (letters, digits, '.', '_', '-')");
        }
        return value;
    }

    /** ISO 8601 with an offset ({@code 2026-11-26T10:00:00Z}, {@code …+01:00}) or a zone id ({@code …+01:00[Europe/Paris]}). */
    private static Instant instant(String option, String value) throws UsageException {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return ZonedDateTime.parse(value).toInstant();
            } catch (DateTimeParseException e2) {
                throw new UsageException(option + " '" + value + "': expected an ISO 8601 date-time with a zone, e.g. 2026-11-26T10:00:00Z");
            }
        }
    }

    private static String hours(Duration d) {
        long seconds = d.getSeconds();
        return String.format("%dh%02dm%02ds", seconds / 3600, seconds % 3600 / 60, seconds % 60);
    }
}
