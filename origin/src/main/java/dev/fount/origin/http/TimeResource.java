package dev.fount.origin.http;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The origin's clock for DASH players (ISO/IEC 23009-1 §5.8.5.7 UTCTiming): GET answers
 * the time as xs:dateTime in UTC with milliseconds (good for urn:mpeg:dash:utc:http-iso:2014
 * and http-xsdate:2014); HEAD (and GET) carry it in the Date header (http-head:2014).
 */
@Path(TimeResource.PATH)
public class TimeResource {

    public static final String PATH = "/utc";
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    static Clock clock = Clock.systemUTC();

    @GET
    public Response get() {
        Instant now = clock.instant();
        return headers(Response.ok(ISO.format(now), MediaType.TEXT_PLAIN), now).build();
    }

    @HEAD
    public Response head() {
        return headers(Response.ok(), clock.instant()).build();
    }

    private static Response.ResponseBuilder headers(Response.ResponseBuilder r, Instant now) {
        return r.header("Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(now.truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC)))
                .header("Cache-Control", "no-store");   // CORS (Date exposed) is configured in application.properties
    }
}
