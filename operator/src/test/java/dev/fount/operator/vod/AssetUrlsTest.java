package dev.fount.operator.vod;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.fount.api.v1alpha1.OriginWorkload;
import dev.fount.api.v1alpha1.PackagingConfiguration;
import dev.fount.api.v1alpha1.PackagingConfigurationSpec;
import dev.fount.api.v1alpha1.PackagingGroup;
import dev.fount.api.v1alpha1.PackagingGroupSpec;
import dev.fount.api.v1alpha1.VodPackages;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

/** Asset egress URLs per VOD packager type. */
class AssetUrlsTest {

    static final String SVC = "http://vod-vod.media.svc.cluster.local/out/v1/vod/bbb/";

    static PackagingGroup group(OriginWorkload origin) {
        PackagingGroup g = new PackagingGroup();
        g.setMetadata(new ObjectMetaBuilder().withName("vod").withNamespace("media").build());
        g.setSpec(new PackagingGroupSpec());
        g.getSpec().origin = origin;
        return g;
    }

    static PackagingConfiguration config(String name, PackagingConfigurationSpec spec) {
        PackagingConfiguration c = new PackagingConfiguration();
        c.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("media").build());
        spec.packagingGroupName = "vod";
        c.setSpec(spec);
        return c;
    }

    static VodPackages.HlsManifest hls(String name) {
        VodPackages.HlsManifest m = new VodPackages.HlsManifest();
        m.manifestName = name;
        return m;
    }

    @Test
    void hlsUsesTheFirstManifest() {
        PackagingConfigurationSpec spec = new PackagingConfigurationSpec();
        spec.hlsPackage = new VodPackages.Hls();
        spec.hlsPackage.hlsManifests = List.of(hls("main"), hls("sd"));
        assertEquals(SVC + "vod-hls/main.m3u8", AssetUrls.url(group(null), "bbb", config("vod-hls", spec), "cluster.local"));
    }

    @Test
    void cmafDefaultsTheManifestNameToIndex() {
        PackagingConfigurationSpec spec = new PackagingConfigurationSpec();
        spec.cmafPackage = new VodPackages.Cmaf();
        spec.cmafPackage.hlsManifests = List.of(hls(null));
        assertEquals(SVC + "vod-cmaf/index.m3u8", AssetUrls.url(group(null), "bbb", config("vod-cmaf", spec), "cluster.local"));
    }

    @Test
    void dash() {
        PackagingConfigurationSpec spec = new PackagingConfigurationSpec();
        spec.dashPackage = new VodPackages.Dash();
        VodPackages.DashManifest m = new VodPackages.DashManifest();
        m.manifestName = "stream";
        spec.dashPackage.dashManifests = List.of(m);
        assertEquals(SVC + "vod-dash/stream.mpd", AssetUrls.url(group(null), "bbb", config("vod-dash", spec), "cluster.local"));
    }

    @Test
    void mssThroughAnIngressWithTls() {
        PackagingConfigurationSpec spec = new PackagingConfigurationSpec();
        spec.mssPackage = new VodPackages.Mss();
        spec.mssPackage.mssManifests = List.of(new VodPackages.MssManifest());
        OriginWorkload origin = new OriginWorkload();
        origin.ingress = new OriginWorkload.Ingress();
        origin.ingress.host = "vod.example.com";
        origin.ingress.tlsSecretName = "tls";
        assertEquals("https://vod.example.com/out/v1/vod/bbb/vod-mss/index.ism/Manifest",
                AssetUrls.url(group(origin), "bbb", config("vod-mss", spec), "cluster.local"));
    }
}
