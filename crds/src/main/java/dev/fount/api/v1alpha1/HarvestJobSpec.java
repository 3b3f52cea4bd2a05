package dev.fount.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.generator.annotation.Size;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "timestamp(self.endTime) > timestamp(self.startTime)", message = "endTime must be after startTime")
@ValidationRule(value = "timestamp(self.endTime) - timestamp(self.startTime) <= duration('24h')", message = "a harvest may span at most 24 hours")
@ValidationRule(value = "self == oldSelf", message = "a HarvestJob's spec is immutable; create a new HarvestJob instead")
public class HarvestJobSpec {

    @Size(max = 253)
    @Required
    @Pattern(Names.DNS_SUBDOMAIN)
    @JsonPropertyDescription("Name of the OriginEndpoint (same namespace) whose startover window the clip is cut from.")
    public String originEndpointName;

    @Size(max = 35)
    @Required
    @Pattern(Names.DATE_TIME)
    @JsonPropertyDescription("Start of the clip, ISO 8601 with a zone (e.g. 2026-11-26T10:00:00Z); inside the endpoint's startover window.")
    public String startTime;

    @Size(max = 35)
    @Required
    @Pattern(Names.DATE_TIME)
    @JsonPropertyDescription("End of the clip, ISO 8601 with a zone; after startTime, in the past, at most 24 hours after startTime.")
    public String endTime;

    @Required
    @JsonPropertyDescription("Where the clip is written.")
    public S3Destination s3Destination;

    /** An S3-compatible bucket: MediaPackage's S3Destination with the role ARN as a Secret. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class S3Destination {

        @Size(max = 63)
        @Required
        @Pattern("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
        @JsonPropertyDescription("Bucket name.")
        public String bucketName;

        @Size(max = 1024)
        @Required
        @Pattern("^[^/].*\\.m3u8$")
        @JsonPropertyDescription("Object key of the clip's multivariant playlist (ending in .m3u8); media playlists and segments are written beside it. The clip is always HLS (VOD playlists with EXT-X-ENDLIST), whatever the endpoint's packager, as MediaPackage harvests are.")
        public String manifestKey;

        @Size(max = 2048)
        @Pattern("^https?://.+")
        @JsonPropertyDescription("S3 API endpoint for S3-compatible stores (MinIO, Ceph); AWS S3 when unset. Path-style addressing is used when set.")
        public String endpoint;

        @Size(max = 32)
        @Pattern("^[a-z0-9-]+$")
        @JsonPropertyDescription("Region to sign requests for; us-east-1 when unset.")
        public String region;

        @JsonPropertyDescription("Secret with the keys accessKeyId and secretAccessKey; the pod's default credentials chain when unset.")
        public SecretReference credentialsSecretRef;
    }
}
