package dev.fount.origin.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Optional;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.fount.api.v1alpha1.OriginEndpointSpec.Origination;
import dev.fount.origin.config.ConfigSnapshot;
import dev.fount.origin.config.ConfigSource;
import dev.fount.origin.config.EndpointConfig;
import dev.fount.origin.config.HlsSettings;
import dev.fount.origin.media.MalformedMediaException;
import dev.fount.origin.media.MediaKind;
import dev.fount.origin.media.ts.TsStreamFilter;
import dev.fount.origin.packager.OutputSegment;
import dev.fount.origin.packager.hls.HlsNames;
import dev.fount.origin.packager.hls.HlsPackager;
import dev.fount.origin.timeline.ChannelView;
import dev.fount.origin.timeline.ServedSegment;
import dev.fount.origin.timeline.Timelines;
import io.vertx.core.http.HttpServerRequest;

/**
 * Player-facing API: {@code GET /out/v1/{channel}/{endpoint}/{file}}. Every refusal says why.
 * Playlists are cached briefly by CDNs, segments (immutable once complete) for a day.
 */
@Path("/out/v1/{channel}/{endpoint}/{file}")
public class EgressResource {

    static final String M3U8 = "application/vnd.apple.mpegurl";
    static final String TS = "video/mp2t";
    private static final String PLAYLIST_CACHE = "max-age=1";
    private static final String SEGMENT_CACHE = "max-age=86400";

    @Inject
    ConfigSource config;

    @Inject
    Timelines timelines;

    @Inject
    SegmentCache cache;

    @GET
    public Response get(@PathParam("channel") String channel, @PathParam("endpoint") String endpointName,
            @PathParam("file") String file, @jakarta.ws.rs.HeaderParam("Range") String range, HttpServerRequest request) {
        ConfigSnapshot snapshot = config.current();
        if (snapshot.channel(channel).isEmpty()) {
            return text(404, "channel " + channel + " is not configured");
        }
        Optional<EndpointConfig> found = snapshot.endpoint(channel, endpointName);
        if (found.isEmpty()) {
            return text(404, "channel " + channel + " has no endpoint " + endpointName);
        }
        EndpointConfig endpoint = found.get();
        if (endpoint.origination() == Origination.DENY) {
            return text(403, "endpoint " + endpointName + " does not serve players (origination DENY)");
        }
        String client = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        if (!Whitelist.allows(endpoint.whitelist(), client)) {
            return text(403, "client address " + client + " is not in endpoint " + endpointName + "'s whitelist");
        }
        if (endpoint.hls().isEmpty()) {
            return text(404, "endpoint " + endpointName + " uses a packager this origin does not serve yet");
        }
        return hls(timelines.view(channel), endpoint, endpoint.hls().get(), file, range);
    }

    private Response hls(ChannelView view, EndpointConfig endpoint, HlsSettings hls, String file, String range) {
        Optional<HlsNames.Request> request = HlsNames.parse(endpoint.manifestName(), file);
        if (request.isEmpty()) {
            return text(404, file + " is not a file of endpoint " + endpoint.name() + " (its manifest is "
                    + HlsNames.multivariant(endpoint.manifestName()) + ")");
        }
        if (HlsPackager.selected(view, hls).isEmpty()) {
            return text(404, "channel " + view.channel() + " has no media yet: no encoder has pushed complete segments");
        }
        HlsNames.Request r = request.get();
        if (r instanceof HlsNames.MediaPlaylist p) {
            return HlsPackager.mediaPlaylist(view, endpoint, hls, p.position(), p.audio()).map(this::playlist)
                    .orElseGet(() -> text(404, "endpoint " + endpoint.name() + " lists no " + (p.audio() ? "audio rendition " : "rendition ")
                            + p.position()));
        }
        if (r instanceof HlsNames.IframePlaylist p) {
            return HlsPackager.iframePlaylist(view, endpoint, hls, p.position()).map(this::playlist)
                    .orElseGet(() -> text(404, "endpoint " + endpoint.name() + " has no I-frame playlist for rendition " + p.position()));
        }
        if (r instanceof HlsNames.Segment s) {
            return segment(view, hls, s, range);
        }
        return playlist(HlsPackager.multivariant(view, endpoint, hls));
    }

    private Response segment(ChannelView view, HlsSettings hls, HlsNames.Segment s, String range) {
        HlsPackager.Lookup lookup = HlsPackager.segment(view, hls, s.position(), s.ordinal());
        if (lookup instanceof HlsPackager.Gone g) {
            return text(410, "segment " + s.ordinal() + " has left the window (available " + g.first() + " to " + g.last() + ")");
        }
        if (lookup instanceof HlsPackager.Absent a) {
            return text(404, a.reason());
        }
        OutputSegment segment = ((HlsPackager.Found) lookup).segment();
        byte[] body;
        try {
            body = cache.get(segment, s.part(), () -> packaged(segment, s.part()));
        } catch (IOException e) {
            return text(410, "segment " + s.ordinal() + " is no longer stored");
        } catch (MalformedMediaException e) {
            return text(500, "segment " + s.ordinal() + " cannot be split: " + e.getMessage());
        }
        return ByteRanges.respond(body, TS, range).header("Cache-Control", SEGMENT_CACHE).build();
    }

    /** The ingested TS of the output segment's parts, joined, with only the streams asked for. */
    private static byte[] packaged(OutputSegment segment, HlsNames.Part part) throws IOException, MalformedMediaException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) segment.bytes());
        for (ServedSegment p : segment.parts()) {
            bytes.write(Files.readAllBytes(p.source().path()));
        }
        return switch (part) {
            case MUXED -> bytes.toByteArray();
            case VIDEO -> TsStreamFilter.keep(bytes.toByteArray(), Set.of(MediaKind.VIDEO));
            case AUDIO -> TsStreamFilter.keep(bytes.toByteArray(), Set.of(MediaKind.AUDIO));
        };
    }

    private Response playlist(String text) {
        return Response.ok(text, M3U8).header("Cache-Control", PLAYLIST_CACHE).build();
    }

    static Response text(int status, String message) {
        return Response.status(status).type(MediaType.TEXT_PLAIN).header("Cache-Control", "no-cache").entity(message + "\n").build();
    }
}
