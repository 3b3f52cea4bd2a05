package dev.fount.origin.harvest;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One harvest, as the command line asks for it: which endpoint of which channel, which range, and
 * where the clip goes. {@code start} and {@code end} keep the caller's spelling: the origin is
 * asked with exactly the values the HarvestJob carries.
 *
 * @param origin     the channel's origin base URL, e.g. {@code http://c-origin.ns.svc.cluster.local}
 * @param channel    channel name
 * @param endpoint   origin endpoint name
 * @param start      start of the range, ISO 8601 with a zone, as given
 * @param end        end of the range, ISO 8601 with a zone, as given
 * @param range      the range as instants (checked: start before end, at most {@link HarvestArguments#MAX_RANGE})
 * @param destination where the multivariant playlist goes
 * @param s3Endpoint an S3-compatible endpoint (path-style addressing), else AWS S3
 * @param s3Region   the region to sign for, else {@code AWS_REGION}, else us-east-1
 */
public record HarvestRequest(URI origin, String channel, String endpoint, String start, String end, TimeRange range,
        Destination destination, Optional<URI> s3Endpoint, Optional<String> s3Region) {

    /** The instants of a range; {@code from} is before {@code to}. */
    public record TimeRange(Instant from, Instant to) {

        public Duration length() {
            return Duration.between(from, to);
        }
    }

    /** The origin's HLS VOD rendering of the range: {@code /harvest/v1/{channel}/{endpoint}/index.m3u8?start=…&end=…}. */
    public URI sourceUri() {
        String base = origin.toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + "/harvest/v1/" + channel + "/" + endpoint + "/index.m3u8?start="
                + URLEncoder.encode(start, StandardCharsets.UTF_8) + "&end=" + URLEncoder.encode(end, StandardCharsets.UTF_8));
    }
}
