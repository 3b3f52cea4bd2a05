package dev.fount.api.v1alpha1;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ChannelStatus extends FountStatus {

    @JsonPropertyDescription("The two ingest endpoints encoders push HLS to (MediaPackage's hlsIngest.ingestEndpoints).")
    public List<IngestEndpoint> ingestEndpoints = new ArrayList<>();

    /** One ingest endpoint. The password is only ever a Secret reference. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class IngestEndpoint {

        @JsonPropertyDescription("Id of the endpoint: 1 or 2.")
        public String id;

        @JsonPropertyDescription("URL an encoder pushes the HLS multivariant playlist, media playlists and segments under (HTTP PUT or POST).")
        public String url;

        @JsonPropertyDescription("User name for HTTP basic or digest authentication.")
        public String username;

        @JsonPropertyDescription("Where the password is: a key of a Secret in the channel's namespace.")
        public SecretKeyReference passwordSecretRef;
    }
}
