package dev.fount.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.generator.annotation.Size;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.sourceEndpoint) || self.sourceUri.startsWith('s3://')", message = "sourceEndpoint is only used with an s3:// sourceUri")
public class AssetSpec {

    @Size(max = 63)
    @Required
    @Pattern(Names.DNS_LABEL)
    @ValidationRule(value = "self == oldSelf", message = "packagingGroupName is immutable")
    @JsonPropertyDescription("Name of the PackagingGroup (same namespace) whose configurations package this asset.")
    public String packagingGroupName;

    @Size(max = 2048)
    @Required
    @Pattern("^(s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/.+|https?://.+|file:.+)\\.(m3u8|smil)$")
    @ValidationRule(value = "self == oldSelf", message = "sourceUri is immutable; create a new Asset for other content")
    @JsonPropertyDescription("The source: an HLS multivariant playlist (.m3u8) or a SMIL file listing MP4 renditions (.smil), as s3://bucket/key, https://… or file:/path (a volume mounted in the origin).")
    public String sourceUri;

    @Size(max = 2048)
    @Pattern("^https?://.+")
    @JsonPropertyDescription("S3 API endpoint for S3-compatible stores (MinIO, Ceph), used with path-style addressing; AWS S3 when unset.")
    public String sourceEndpoint;

    @Size(max = 32)
    @Pattern("^[a-z0-9-]+$")
    @JsonPropertyDescription("Region to sign S3 requests for; us-east-1 when unset.")
    public String sourceRegion;

    @JsonPropertyDescription("Secret with the keys accessKeyId and secretAccessKey for s3:// sources (MediaPackage's sourceRoleArn), or username and password for https:// sources.")
    public SecretReference sourceCredentialsSecretRef;

    @Size(max = 256)
    @Pattern("^[A-Za-z0-9_.:-]{1,256}$")
    @JsonPropertyDescription("Content id sent to the SPEKE key server when a configuration encrypts; the Asset's name when unset.")
    public String resourceId;
}
