package dev.fount.origin.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.fount.origin.config.EndpointConfig;
import dev.fount.origin.config.VodConfig;
import dev.fount.origin.config.ConfigSource;
import dev.fount.origin.packager.cmaf.CmafNames;
import dev.fount.origin.packager.dash.DashNames;
import dev.fount.origin.packager.hls.HlsNames;
import dev.fount.origin.packager.mss.MssNames;
import dev.fount.origin.vod.VodLibrary;

/**
 * Where an Asset stands, for the operator (which copies it into the Asset's
 * status.egressEndpoints) and for people: {@code GET /vod/v1/{packagingGroup}/{asset}} gives
 * the indexing state and, per packaging configuration of the group, the playback URLs (relative
 * to this origin) with MediaPackage's status values.
 */
@Path("/vod/v1/{group}")
@Produces(MediaType.APPLICATION_JSON)
public class VodStatusResource {

    @Inject
    ConfigSource config;

    @Inject
    VodLibrary library;

    /** One playback URL of the asset. */
    public record Egress(String packagingConfigurationName, String manifestName, String url, VodLibrary.Status status, String message) {
    }

    public record AssetReport(String asset, String packagingGroup, String sourceUri, VodLibrary.Status status, String message,
            double durationSeconds, int renditions, List<Egress> egressEndpoints) {
    }

    @GET
    public Response group(@PathParam("group") String group) {
        VodConfig vod = config.current().vod();
        if (vod.group(group).isEmpty()) {
            return EgressResource.text(404, "packaging group " + group + " is not configured");
        }
        List<AssetReport> reports = vod.assets().values().stream().filter(a -> a.group().equals(group))
                .sorted(java.util.Comparator.comparing(VodConfig.AssetConfig::name)).map(a -> report(vod, a)).toList();
        return Response.ok(reports).header("Cache-Control", "no-cache").build();
    }

    @GET
    @Path("{asset}")
    public Response asset(@PathParam("group") String group, @PathParam("asset") String asset) {
        VodConfig vod = config.current().vod();
        Optional<VodConfig.AssetConfig> found = vod.asset(group, asset);
        if (found.isEmpty()) {
            return EgressResource.text(404, "packaging group " + group + " has no asset " + asset);
        }
        return Response.ok(report(vod, found.get())).header("Cache-Control", "no-cache").build();
    }

    private AssetReport report(VodConfig vod, VodConfig.AssetConfig a) {
        VodLibrary.State state = library.state(a).orElse(new VodLibrary.State(VodLibrary.Status.QUEUED, "not yet seen", null, 0, 0));
        List<Egress> egress = new ArrayList<>();
        for (VodConfig.Packaging p : vod.configurationsOf(a.group())) {
            for (EndpointConfig m : p.manifests()) {
                egress.add(new Egress(p.name(), m.manifestName(), "/out/v1/" + a.group() + "/" + a.name() + "/" + p.name() + "/" + manifest(m),
                        state.status(), state.status() == VodLibrary.Status.FAILED ? state.message() : null));
            }
        }
        return new AssetReport(a.name(), a.group(), a.sourceUri(), state.status(), state.message(), state.durationSeconds(), state.renditions(),
                egress);
    }

    /** The manifest's file under the configuration's folder. */
    static String manifest(EndpointConfig m) {
        if (m.hls().isPresent()) {
            return HlsNames.multivariant(m.manifestName());
        }
        if (m.dash().isPresent()) {
            return DashNames.manifest(m.manifestName());
        }
        if (m.mss().isPresent()) {
            return MssNames.manifest(m.manifestName());
        }
        return CmafNames.multivariant(m.cmaf().orElseThrow().hlsManifests().get(0));
    }
}
