package dev.fount.origin.ingest;

import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import dev.fount.origin.config.ChannelConfig;
import dev.fount.origin.config.ConfigSource;
import dev.fount.origin.config.IngestCredentials;
import io.vertx.core.http.HttpServerRequest;

/**
 * The encoder-facing API: {@code PUT|POST|DELETE /in/v1/{channel}/{1|2}/{file}} (WebDAV-style
 * HLS push, as MediaLive, Elemental Live and ffmpeg send it), with HTTP basic or digest auth.
 */
@Path("/in/v1/{channel}/{input}/{file: .+}")
public class IngestResource {

    private static final Logger LOG = Logger.getLogger(IngestResource.class);

    @Inject
    ConfigSource config;

    @Inject
    IngestService ingest;

    @Inject
    IngestAuthenticator authenticator;

    @PUT
    public Response put(@PathParam("channel") String channel, @PathParam("input") String input, @PathParam("file") String file,
            HttpHeaders headers, HttpServerRequest request, byte[] body) {
        return upload("PUT", channel, input, file, headers, request, body);
    }

    @POST
    public Response post(@PathParam("channel") String channel, @PathParam("input") String input, @PathParam("file") String file,
            HttpHeaders headers, HttpServerRequest request, byte[] body) {
        return upload("POST", channel, input, file, headers, request, body);
    }

    @DELETE
    public Response delete(@PathParam("channel") String channel, @PathParam("input") String input, @PathParam("file") String file,
            HttpHeaders headers, HttpServerRequest request) {
        Optional<Response> refusal = admit("DELETE", channel, input, file, headers, request);
        if (refusal.isPresent()) {
            return refusal.get();
        }
        ingest.delete(channel, input, file);
        return Response.noContent().build();
    }

    private Response upload(String method, String channel, String input, String file, HttpHeaders headers,
            HttpServerRequest request, byte[] body) {
        Optional<Response> refusal = admit(method, channel, input, file, headers, request);
        if (refusal.isPresent()) {
            return refusal.get();
        }
        if (body == null || body.length == 0) {
            return text(400, file + ": empty upload");
        }
        IngestService.Result result = ingest.upload(channel, input, file, body);
        if (result instanceof IngestService.Refused400 r) {
            return text(400, r.reason());
        }
        return text(201, ((IngestService.Stored201) result).what());
    }

    /** Everything that refuses a request before its body matters: names, channel, credentials. */
    private Optional<Response> admit(String method, String channel, String input, String file, HttpHeaders headers,
            HttpServerRequest request) {
        if (!input.equals("1") && !input.equals("2")) {
            return Optional.of(text(404, "ingest endpoint " + input + " does not exist: a channel has ingest endpoints 1 and 2"));
        }
        if (file.contains("..") || file.startsWith("/") || file.contains("\\") || file.contains("//")) {
            return Optional.of(text(400, "invalid file name " + file));
        }
        Optional<ChannelConfig> ch = config.current().channel(channel);
        if (ch.isEmpty()) {
            return Optional.of(text(404, "channel " + channel + " is not configured"));
        }
        Optional<IngestCredentials> credentials = ch.get().credentials();
        if (credentials.isEmpty()) {
            return Optional.of(challenge("channel " + channel + " has no ingest credentials configured", false));
        }
        IngestAuthenticator.Outcome outcome = authenticator.check(method, request.uri(), headers.getHeaderString(HttpHeaders.AUTHORIZATION),
                credentials.get());
        if (outcome instanceof IngestAuthenticator.Refused r) {
            LOG.debugf("channel %s input %s: %s %s refused: %s", channel, input, method, file, r.reason());
            return Optional.of(challenge(r.reason(), r.stale()));
        }
        return Optional.empty();
    }

    private Response challenge(String reason, boolean stale) {
        Response.ResponseBuilder r = Response.status(401).type(MediaType.TEXT_PLAIN).entity(reason + "\n");
        for (String c : authenticator.challenges(stale)) {
            r.header(HttpHeaders.WWW_AUTHENTICATE, c);
        }
        return r.build();
    }

    static Response text(int status, String message) {
        return Response.status(status).type(MediaType.TEXT_PLAIN).entity(message + "\n").build();
    }
}
