package dev.fount.operator.vod;

import java.util.List;

import dev.fount.api.v1alpha1.PackagingConfiguration;
import dev.fount.api.v1alpha1.PackagingConfigurationSpec;
import dev.fount.api.v1alpha1.PackagingGroup;
import dev.fount.operator.common.ChildNames;
import dev.fount.operator.common.Urls;

/**
 * The playback URL of an Asset through one PackagingConfiguration (ARCHITECTURE.md, "URLs"):
 * {@code <group base>/out/v1/<group>/<asset>/<configuration>/<manifestName><extension>}, with the
 * configuration's first manifest. A pure function, unit-tested per packager type.
 */
public final class AssetUrls {

    static final String DEFAULT_MANIFEST_NAME = "index";

    private AssetUrls() {
    }

    /** Scheme and host of the group's origin (status.domainName of the group). */
    public static String groupBase(PackagingGroup group, String clusterDomain) {
        return Urls.base(VodOrigin.origin(group), ChildNames.groupOrigin(group.getMetadata().getName()),
                group.getMetadata().getNamespace(), clusterDomain);
    }

    public static String url(PackagingGroup group, String asset, PackagingConfiguration configuration, String clusterDomain) {
        return groupBase(group, clusterDomain) + VodOrigin.path(group) + asset + "/"
                + configuration.getMetadata().getName() + "/" + manifestFile(configuration.getSpec());
    }

    /** The first manifest's file: name.m3u8 (HLS, CMAF), name.mpd (DASH), name.ism/Manifest (MSS). */
    static String manifestFile(PackagingConfigurationSpec spec) {
        if (spec.dashPackage != null) {
            return first(spec.dashPackage.dashManifests == null ? null : spec.dashPackage.dashManifests.stream().map(m -> m.manifestName).toList()) + ".mpd";
        }
        if (spec.mssPackage != null) {
            return first(spec.mssPackage.mssManifests == null ? null : spec.mssPackage.mssManifests.stream().map(m -> m.manifestName).toList()) + ".ism/Manifest";
        }
        if (spec.cmafPackage != null) {
            return first(spec.cmafPackage.hlsManifests == null ? null : spec.cmafPackage.hlsManifests.stream().map(m -> m.manifestName).toList()) + ".m3u8";
        }
        // hlsPackage; CEL validation makes exactly one packager present
        return first(spec.hlsPackage == null || spec.hlsPackage.hlsManifests == null ? null
                : spec.hlsPackage.hlsManifests.stream().map(m -> m.manifestName).toList()) + ".m3u8";
    }

    private static String first(List<String> names) {
        if (names == null || names.isEmpty() || names.get(0) == null || names.get(0).isBlank()) {
            return DEFAULT_MANIFEST_NAME;
        }
        return names.get(0);
    }
}
