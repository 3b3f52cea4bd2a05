package dev.fount.operator.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.fount.api.v1alpha1.Channel;
import dev.fount.api.v1alpha1.ChannelSpec;
import dev.fount.api.v1alpha1.CmafPackage;
import dev.fount.api.v1alpha1.DashPackage;
import dev.fount.api.v1alpha1.HlsPackage;
import dev.fount.api.v1alpha1.MssPackage;
import dev.fount.api.v1alpha1.OriginEndpoint;
import dev.fount.api.v1alpha1.OriginEndpointSpec;
import dev.fount.api.v1alpha1.OriginWorkload;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

/** OriginEndpoint playback URLs per packager type, including CMAF's per-manifest URLs. */
class EndpointUrlsTest {

    static final String SVC = "http://live-origin.media.svc.cluster.local/out/v1/live/";

    static Channel channel(OriginWorkload origin) {
        Channel c = new Channel();
        c.setMetadata(new ObjectMetaBuilder().withName("live").withNamespace("media").build());
        c.setSpec(new ChannelSpec());
        c.getSpec().origin = origin;
        return c;
    }

    static OriginEndpoint endpoint(String name, String manifestName) {
        OriginEndpoint e = new OriginEndpoint();
        e.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("media").build());
        e.setSpec(new OriginEndpointSpec());
        e.getSpec().channelName = "live";
        e.getSpec().manifestName = manifestName;
        return e;
    }

    @Test
    void hls() {
        OriginEndpoint e = endpoint("live-hls", "index");
        e.getSpec().hlsPackage = new HlsPackage();
        EndpointUrls.Playback p = EndpointUrls.of(e, channel(null), "cluster.local");
        assertEquals(SVC + "live-hls/index.m3u8", p.url());
        assertTrue(p.hlsManifests().isEmpty());
    }

    @Test
    void hlsWithoutManifestNameDefaultsToIndex() {
        OriginEndpoint e = endpoint("live-hls", null);
        e.getSpec().hlsPackage = new HlsPackage();
        assertEquals(SVC + "live-hls/index.m3u8", EndpointUrls.of(e, channel(null), "cluster.local").url());
    }

    @Test
    void dash() {
        OriginEndpoint e = endpoint("live-dash", "stream");
        e.getSpec().dashPackage = new DashPackage();
        assertEquals(SVC + "live-dash/stream.mpd", EndpointUrls.of(e, channel(null), "cluster.local").url());
    }

    @Test
    void mss() {
        OriginEndpoint e = endpoint("live-mss", "index");
        e.getSpec().mssPackage = new MssPackage();
        assertEquals(SVC + "live-mss/index.ism/Manifest", EndpointUrls.of(e, channel(null), "cluster.local").url());
    }

    @Test
    void cmafGivesOneUrlPerManifestAndTheFirstAsUrl() {
        OriginEndpoint e = endpoint("live-cmaf", "master");
        e.getSpec().cmafPackage = new CmafPackage();
        CmafPackage.HlsManifest main = new CmafPackage.HlsManifest();
        main.id = "main";
        main.manifestName = "index";
        CmafPackage.HlsManifest low = new CmafPackage.HlsManifest();
        low.id = "low-latency"; // no manifestName: the endpoint's
        e.getSpec().cmafPackage.hlsManifests = List.of(main, low);
        EndpointUrls.Playback p = EndpointUrls.of(e, channel(null), "cluster.local");
        assertEquals(2, p.hlsManifests().size());
        assertEquals("main", p.hlsManifests().get(0).id);
        assertEquals("index", p.hlsManifests().get(0).manifestName);
        assertEquals(SVC + "live-cmaf/main/index.m3u8", p.hlsManifests().get(0).url);
        assertEquals("low-latency", p.hlsManifests().get(1).id);
        assertEquals("master", p.hlsManifests().get(1).manifestName);
        assertEquals(SVC + "live-cmaf/low-latency/master.m3u8", p.hlsManifests().get(1).url);
        assertEquals(p.hlsManifests().get(0).url, p.url());
    }

    @Test
    void throughTheChannelsIngressHost() {
        OriginWorkload origin = new OriginWorkload();
        origin.ingress = new OriginWorkload.Ingress();
        origin.ingress.host = "live.example.com";
        OriginEndpoint e = endpoint("live-hls", "index");
        e.getSpec().hlsPackage = new HlsPackage();
        assertEquals("http://live.example.com/out/v1/live/live-hls/index.m3u8", EndpointUrls.of(e, channel(origin), "cluster.local").url());
        origin.ingress.tlsSecretName = "live-tls";
        assertEquals("https://live.example.com/out/v1/live/live-hls/index.m3u8", EndpointUrls.of(e, channel(origin), "cluster.local").url());
    }
}
