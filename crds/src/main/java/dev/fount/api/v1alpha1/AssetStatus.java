package dev.fount.api.v1alpha1;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class AssetStatus extends FountStatus {

    @JsonPropertyDescription("One playback endpoint per PackagingConfiguration of the group (MediaPackage's egressEndpoints).")
    public List<EgressEndpoint> egressEndpoints = new ArrayList<>();

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class EgressEndpoint {

        public enum Status {
            QUEUED, PROCESSING, PLAYABLE, FAILED
        }

        @JsonPropertyDescription("Name of the PackagingConfiguration.")
        public String packagingConfigurationName;

        @JsonPropertyDescription("Playback URL of the asset through that configuration.")
        public String url;

        @JsonPropertyDescription("QUEUED, PROCESSING while the origin indexes the source, PLAYABLE, or FAILED.")
        public Status status;

        @JsonPropertyDescription("Why the endpoint FAILED.")
        public String message;
    }
}
