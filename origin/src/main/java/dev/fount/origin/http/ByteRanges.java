package dev.fount.origin.http;

import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.ws.rs.core.Response;

/**
 * Single byte-range requests (RFC 9110 §14): what I-frame playlists and EXT-X-BYTERANGE
 * playlists make players send. Several ranges in one request get the whole body, as the RFC
 * allows a server to answer.
 */
final class ByteRanges {

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    private ByteRanges() {
    }

    static Response.ResponseBuilder respond(byte[] body, String type, String range) {
        Response.ResponseBuilder full = Response.ok(body, type).header("Accept-Ranges", "bytes");
        if (range == null) {
            return full;
        }
        Matcher m = RANGE.matcher(range.trim());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return full;
        }
        long size = body.length;
        long first;
        long last;
        if (m.group(1).isEmpty()) {            // bytes=-N: the last N bytes
            long suffix = Long.parseLong(m.group(2));
            first = Math.max(0, size - suffix);
            last = size - 1;
        } else {
            first = Long.parseLong(m.group(1));
            last = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
        }
        if (first >= size || first > last) {
            return Response.status(416).header("Content-Range", "bytes */" + size).type("text/plain")
                    .entity("range " + range + " is outside the " + size + "-byte segment\n");
        }
        return Response.status(206).type(type).entity(Arrays.copyOfRange(body, (int) first, (int) last + 1))
                .header("Accept-Ranges", "bytes").header("Content-Range", "bytes " + first + "-" + last + "/" + size);
    }
}
