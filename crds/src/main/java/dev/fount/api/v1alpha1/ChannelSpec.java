package dev.fount.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ChannelSpec {

    @Size(max = 1024)
    @JsonPropertyDescription("Free text about the channel.")
    public String description;

    @JsonPropertyDescription("How encoders authenticate to the channel's two ingest endpoints.")
    public Ingest ingest;

    @JsonPropertyDescription("The origin pods that ingest and package this channel, and how players reach them.")
    public OriginWorkload origin;

    @JsonPropertyDescription("Persistent storage for the time-shift archive (the endpoints' startoverWindowSeconds). Without it the archive lives on the pod's ephemeral storage and a restarted pod starts with an empty window.")
    public Archive archive;

    /** The encoder-facing side: MediaPackage's HlsIngest. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Ingest {

        @JsonPropertyDescription("Secret holding the ingest credentials under the keys username and password, used by both ingest endpoints (HTTP basic or digest). When unset the operator generates one named <channel>-ingest and never overwrites it.")
        public SecretReference credentialsSecretRef;
    }

    /** A PersistentVolumeClaim template for the channel's archive. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Archive {

        @Size(max = 32)
        @Pattern("^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$")
        @JsonPropertyDescription("Size of the archive volume per origin pod, as a Kubernetes quantity (e.g. 50Gi). Size it for the longest startoverWindowSeconds times the channel's total bitrate.")
        public String size;

        @Size(max = 253)
        @JsonPropertyDescription("StorageClass of the archive volume; the cluster's default when unset.")
        public String storageClassName;
    }
}
