package dev.fount.origin.http;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.fount.origin.config.CencEncryption;
import dev.fount.origin.config.ConfigSource;
import dev.fount.origin.config.EndpointConfig;
import dev.fount.origin.config.HlsEncryption;
import dev.fount.origin.config.VodConfig;

/**
 * How the key server of an encrypted endpoint or packaging configuration last answered, for the
 * operator's {@code KeyServer} condition (players only see a 502 naming the fault):
 * {@code GET /keys/v1/live/{channel}/{endpoint}} and {@code GET /keys/v1/vod/{group}/{configuration}}.
 * A VOD configuration asks for each asset's keys, so it is failing when any asset's last request failed.
 */
@Path("/keys/v1")
@Produces(MediaType.APPLICATION_JSON)
public class KeyStatusResource {

    /** The key server's state: OK, FAILING (message names it and the fault), or NOT_ASKED (no player asked for encrypted media yet). */
    public enum Status {
        OK, FAILING, NOT_ASKED
    }

    /** @param keyServer the key server's URL without query or credentials, or the static key's Secret; null when not encrypted */
    public record KeyReport(boolean encrypted, String keyServer, Status status, String message, Instant since) {
    }

    @Inject
    ConfigSource config;

    @Inject
    KeyServers servers;

    @GET
    @Path("live/{channel}/{endpoint}")
    public Response live(@PathParam("channel") String channel, @PathParam("endpoint") String endpoint) {
        Optional<EndpointConfig> found = config.current().endpoint(channel, endpoint);
        if (found.isEmpty()) {
            return EgressResource.text(404, "channel " + channel + " has no endpoint " + endpoint);
        }
        return report(keyServers(found.get()).stream().map(k -> k.ownedBy(liveOwner(channel, endpoint))).toList(), false);
    }

    @GET
    @Path("vod/{group}/{configuration}")
    public Response vod(@PathParam("group") String group, @PathParam("configuration") String configuration) {
        Optional<VodConfig.Packaging> found = config.current().vod().configuration(group, configuration);
        if (found.isEmpty()) {
            return EgressResource.text(404, "packaging group " + group + " has no packaging configuration " + configuration);
        }
        String owner = vodOwner(group, configuration);
        return report(found.get().manifests().stream().flatMap(m -> keyServers(m).stream()).map(k -> k.ownedBy(owner)).distinct().toList(), true);
    }

    /** Whose key requests a live endpoint's are, for {@link KeyServers}. */
    static String liveOwner(String channel, String endpoint) {
        return "live/" + channel + "/" + endpoint;
    }

    /** Whose key requests a VOD packaging configuration's are (every asset's), for {@link KeyServers}. */
    static String vodOwner(String group, String configuration) {
        return "vod/" + group + "/" + configuration;
    }

    private Response report(List<HlsEncryption.KeyServer> keyServers, boolean everyResource) {
        KeyReport r;
        if (keyServers.isEmpty()) {
            r = new KeyReport(false, null, null, null, null);
        } else {
            r = null;
            for (HlsEncryption.KeyServer k : keyServers) {
                KeyReport one = report(k, servers.health(k, everyResource ? null : k.resourceId()));
                if (r == null || rank(one.status()) > rank(r.status())) {
                    r = one;
                }
            }
        }
        return Response.ok(r).header("Cache-Control", "no-cache").build();
    }

    private static KeyReport report(HlsEncryption.KeyServer k, KeyServers.Health health) {
        String name = k.fixed() != null ? k.name() : dev.fount.origin.crypto.KeyException.printable(java.net.URI.create(k.url()));
        if (health.worst().isEmpty()) {
            return new KeyReport(true, name, Status.NOT_ASKED, "no player has asked for encrypted media yet", null);
        }
        KeyServers.Outcome o = health.worst().get();
        return o.ok() ? new KeyReport(true, name, Status.OK, "keys received for " + o.resourceId(), o.since())
                : new KeyReport(true, name, Status.FAILING, o.message() + " (content id " + o.resourceId() + ")", o.since());
    }

    private static int rank(Status s) {
        return s == Status.FAILING ? 2 : s == Status.NOT_ASKED ? 1 : 0;
    }

    /** The key servers an endpoint's packager asks (one, or none in the clear). */
    static List<HlsEncryption.KeyServer> keyServers(EndpointConfig e) {
        Optional<HlsEncryption.KeyServer> k = e.hls().flatMap(h -> h.encryption()).map(HlsEncryption::keyServer)
                .or(() -> e.dash().flatMap(d -> d.encryption()).map(CencEncryption::keyServer))
                .or(() -> e.cmaf().flatMap(c -> c.encryption()).map(CencEncryption::keyServer))
                .or(() -> e.mss().flatMap(m -> m.encryption()).map(CencEncryption::keyServer));
        return k.stream().toList();
    }
}
