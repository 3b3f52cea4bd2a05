package dev.fount.api.v1alpha1;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class OriginEndpointStatus extends FountStatus {

    @JsonPropertyDescription("Playback URL of the endpoint's manifest (for CMAF, of its first HLS manifest).")
    public String url;

    @JsonPropertyDescription("For CMAF endpoints: the URL of each HLS manifest.")
    public List<ManifestUrl> hlsManifests = new ArrayList<>();

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class ManifestUrl {

        @JsonPropertyDescription("The manifest's id from spec.cmafPackage.hlsManifests.")
        public String id;

        @JsonPropertyDescription("The manifest's file name without extension.")
        public String manifestName;

        @JsonPropertyDescription("Playback URL of the manifest.")
        public String url;
    }
}
