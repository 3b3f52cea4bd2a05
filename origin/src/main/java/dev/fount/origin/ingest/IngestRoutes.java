package dev.fount.origin.ingest;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.fount.origin.config.ChannelConfig;
import dev.fount.origin.config.ConfigSource;
import dev.fount.origin.config.IngestCredentials;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The encoder-facing API: {@code PUT|POST|DELETE /in/v1/{channel}/{1|2}/{file}}, WebDAV-style
 * HLS push as MediaLive, Elemental Live and ffmpeg send it, with HTTP basic or digest auth.
 *
 * <p>Plain Vert.x routes rather than JAX-RS, for two behaviours of real clients: digest
 * clients (curl) send a chunked upload's headers and wait for the challenge before sending any
 * body, so a 401 is decided from the headers alone; and encoders (ffmpeg) close the
 * connection as soon as the body is sent, without reading the response, so an upload is
 * processed once its body is complete whether or not anyone waits for the answer.
 */
@ApplicationScoped
public class IngestRoutes {

    private static final Logger LOG = Logger.getLogger(IngestRoutes.class);
    /** Larger than any real segment (a 6 s 4K segment is tens of MB). */
    static final long MAX_UPLOAD_BYTES = 256L * 1024 * 1024;

    @Inject
    IngestService ingest;
    private static final Pattern PATH = Pattern.compile("^/in/v1/([^/]+)/([^/]+)/(.+)$");

    @Inject
    ConfigSource config;

    @Inject
    IngestAuthenticator authenticator;

    void install(@Observes Router router) {
        router.routeWithRegex("^/in/v1/.*").order(-100).handler(this::handle);
    }

    void handle(RoutingContext ctx) {
        Matcher m = PATH.matcher(ctx.normalizedPath());
        if (!m.matches()) {
            refuse(ctx, 404, "ingest URLs are /in/v1/{channel}/{1|2}/{file}", false);
            return;
        }
        String channel = m.group(1);
        String input = m.group(2);
        String file = m.group(3);
        if (!input.equals("1") && !input.equals("2")) {
            refuse(ctx, 404, "ingest endpoint " + input + " does not exist: a channel has ingest endpoints 1 and 2", false);
            return;
        }
        if (file.contains("..") || file.contains("\\") || file.contains("//")) {
            refuse(ctx, 400, "invalid file name " + file, false);
            return;
        }
        Optional<ChannelConfig> ch = config.current().channel(channel);
        if (ch.isEmpty()) {
            refuse(ctx, 404, "channel " + channel + " is not configured", false);
            return;
        }
        Optional<IngestCredentials> credentials = ch.get().credentials();
        if (credentials.isEmpty()) {
            refuse(ctx, 401, "channel " + channel + " has no ingest credentials configured", false);
            return;
        }
        IngestAuthenticator.Outcome outcome = authenticator.check(ctx.request().method().name(), ctx.request().uri(),
                ctx.request().getHeader(HttpHeaders.AUTHORIZATION), credentials.get());
        if (outcome instanceof IngestAuthenticator.Refused r) {
            LOG.debugf("channel %s input %s: %s %s refused: %s", channel, input, ctx.request().method(), file, r.reason());
            refuse(ctx, 401, r.reason(), r.stale());
            return;
        }
        switch (ctx.request().method().name()) {
            case "PUT", "POST" -> receive(ctx, channel, input, file);
            case "DELETE" -> {
                ingest.delete(channel, input, file);
                ctx.response().setStatusCode(204).end();
            }
            default -> {
                ctx.response().putHeader(HttpHeaders.ALLOW, "PUT, POST, DELETE");
                refuse(ctx, 405, ctx.request().method() + " is not an ingest method; use PUT, POST or DELETE", false);
            }
        }
    }

    /** Collects the body, then stores and parses it on a worker thread. */
    private void receive(RoutingContext ctx, String channel, String input, String file) {
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && Long.parseLong(length.trim()) > MAX_UPLOAD_BYTES) {
            refuse(ctx, 413, file + ": larger than " + MAX_UPLOAD_BYTES + " bytes", false);
            return;
        }
        Buffer body = Buffer.buffer();
        boolean[] tooLarge = {false};
        ctx.request().handler(chunk -> {
            if (tooLarge[0]) {
                return;
            }
            if (body.length() + chunk.length() > MAX_UPLOAD_BYTES) {
                tooLarge[0] = true;
                refuse(ctx, 413, file + ": larger than " + MAX_UPLOAD_BYTES + " bytes", false);
                return;
            }
            body.appendBuffer(chunk);
        });
        ctx.request().endHandler(end -> {
            if (tooLarge[0]) {
                return;
            }
            if (body.length() == 0) {
                refuse(ctx, 400, file + ": empty upload", false);
                return;
            }
            ctx.vertx().<IngestService.Result>executeBlocking(() -> ingest.upload(channel, input, file, body.getBytes()), false)
                    .onComplete(done -> {
                        if (ctx.response().ended() || ctx.response().closed()) {
                            return;   // the encoder did not wait for the answer
                        }
                        if (done.failed()) {
                            LOG.errorf(done.cause(), "channel %s input %s: could not store %s", channel, input, file);
                            refuse(ctx, 500, file + ": " + done.cause().getMessage(), false);
                        } else if (done.result() instanceof IngestService.Refused400 r) {
                            refuse(ctx, 400, r.reason(), false);
                        } else {
                            ctx.response().setStatusCode(201).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain")
                                    .end(((IngestService.Stored201) done.result()).what() + "\n");
                        }
                    });
        });
        ctx.request().resume();
    }

    private void refuse(RoutingContext ctx, int status, String reason, boolean stale) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        var response = ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain");
        if (status == 401) {
            for (String c : authenticator.challenges(stale)) {
                response.headers().add("WWW-Authenticate", c);
            }
        }
        // The body, if any, is not wanted: close after answering so a client mid-upload stops.
        if (ctx.request().headers().contains(HttpHeaders.TRANSFER_ENCODING) || ctx.request().headers().contains(HttpHeaders.CONTENT_LENGTH)) {
            response.putHeader(HttpHeaders.CONNECTION, "close");
        }
        response.end(reason + "\n");
    }
}
