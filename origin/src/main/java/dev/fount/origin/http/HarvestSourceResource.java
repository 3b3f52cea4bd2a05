package dev.fount.origin.http;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import io.vertx.core.http.HttpServerRequest;

/**
 * What the {@code harvest} command reads: {@code GET /harvest/v1/{channel}/{endpoint}/index.m3u8?start=…&end=…},
 * an HLS VOD rendering (MPEG-TS, EXT-X-ENDLIST) of the endpoint's renditions over a window that
 * has ended, whatever the endpoint's own packager, with its media playlists and segments under
 * the same path. A window outside the archive, or not yet ended, is a 400 that says so.
 */
@Path("/harvest/v1/{channel}/{endpoint}/{file: .+}")
public class HarvestSourceResource {

    @Inject
    EgressResource egress;

    @GET
    public Response get(@PathParam("channel") String channel, @PathParam("endpoint") String endpoint, @PathParam("file") String file,
            @HeaderParam("Range") String range, @QueryParam("start") String start, @QueryParam("end") String end,
            HttpServerRequest request) {
        return egress.serve(channel, endpoint, file, range, start, end, request, true);
    }
}
