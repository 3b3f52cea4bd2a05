package dev.fount.operator.endpoint;

import java.util.ArrayList;
import java.util.List;

import dev.fount.api.v1alpha1.Channel;
import dev.fount.api.v1alpha1.CmafPackage;
import dev.fount.api.v1alpha1.OriginEndpoint;
import dev.fount.api.v1alpha1.OriginEndpointSpec;
import dev.fount.api.v1alpha1.OriginEndpointStatus;
import dev.fount.operator.common.ChildNames;
import dev.fount.operator.common.Urls;

/**
 * The playback URLs of an OriginEndpoint (ARCHITECTURE.md, "URLs"): the Channel's egress base,
 * then {@code /out/v1/{channel}/{endpoint}/} and the manifest file of its one packager. A pure
 * function of the two resources, so it is unit-tested without a cluster.
 */
public final class EndpointUrls {

    /** What the API server defaults spec.manifestName to; applied here too so status never says "null". */
    public static final String DEFAULT_MANIFEST_NAME = "index";

    /** status.url and, for CMAF, one URL per HLS manifest (the first is also status.url). */
    public record Playback(String url, List<OriginEndpointStatus.ManifestUrl> hlsManifests) {
    }

    private EndpointUrls() {
    }

    /** The path every endpoint of the channel lives under, e.g. /out/v1/live/. */
    public static String channelPath(String channel) {
        return "/out/v1/" + channel + "/";
    }

    public static Playback of(OriginEndpoint endpoint, Channel channel, String clusterDomain) {
        String channelName = channel.getMetadata().getName();
        String base = Urls.base(channel.getSpec() == null ? null : channel.getSpec().origin,
                ChildNames.channelEgressService(channelName), channel.getMetadata().getNamespace(), clusterDomain);
        String prefix = base + channelPath(channelName) + endpoint.getMetadata().getName() + "/";
        OriginEndpointSpec spec = endpoint.getSpec();
        String manifestName = orDefault(spec.manifestName);
        if (spec.cmafPackage != null) {
            List<OriginEndpointStatus.ManifestUrl> manifests = new ArrayList<>();
            for (CmafPackage.HlsManifest m : spec.cmafPackage.hlsManifests == null ? List.<CmafPackage.HlsManifest>of() : spec.cmafPackage.hlsManifests) {
                OriginEndpointStatus.ManifestUrl u = new OriginEndpointStatus.ManifestUrl();
                u.id = m.id;
                u.manifestName = m.manifestName != null ? m.manifestName : manifestName;
                u.url = prefix + m.id + "/" + u.manifestName + ".m3u8";
                manifests.add(u);
            }
            return new Playback(manifests.isEmpty() ? null : manifests.get(0).url, manifests);
        }
        String file;
        if (spec.dashPackage != null) {
            file = manifestName + ".mpd";
        } else if (spec.mssPackage != null) {
            file = manifestName + ".ism/Manifest";
        } else {
            // hlsPackage; CEL validation makes exactly one packager present, HLS is the fallback
            file = manifestName + ".m3u8";
        }
        return new Playback(prefix + file, List.of());
    }

    static String orDefault(String manifestName) {
        return manifestName == null || manifestName.isBlank() ? DEFAULT_MANIFEST_NAME : manifestName;
    }
}
