package dev.fount.origin.config;

import java.util.List;
import java.util.Optional;

import dev.fount.api.v1alpha1.OriginEndpointSpec.Origination;

/** One OriginEndpoint as the origin serves it. Exactly one packager is present. */
public record EndpointConfig(
        String name,
        String channelName,
        String manifestName,
        int startoverWindowSeconds,
        int timeDelaySeconds,
        List<String> whitelist,
        Origination origination,
        Optional<HlsSettings> hls,
        Optional<DashSettings> dash,
        Optional<CmafSettings> cmaf,
        Optional<MssSettings> mss) {

    /** An HLS endpoint (tests, and resources that carry only hlsPackage). */
    public EndpointConfig(String name, String channelName, String manifestName, int startoverWindowSeconds, int timeDelaySeconds,
            List<String> whitelist, Origination origination, Optional<HlsSettings> hls) {
        this(name, channelName, manifestName, startoverWindowSeconds, timeDelaySeconds, whitelist, origination, hls,
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** The packager's name, for messages and the preview page. */
    public String packagerType() {
        return hls.isPresent() ? "hls" : dash.isPresent() ? "dash" : cmaf.isPresent() ? "cmaf" : mss.isPresent() ? "mss" : "none";
    }
}
