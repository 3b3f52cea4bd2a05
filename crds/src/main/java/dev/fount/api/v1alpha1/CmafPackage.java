package dev.fount.api.v1alpha1;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** A live CMAF packager: one set of fMP4 segments served to several HLS manifests (MediaPackage's CmafPackage). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CmafPackage {

    @Min(1)
    @Max(30)
    @Default("6")
    @JsonPropertyDescription("Target duration of the fMP4 segments in seconds, rounded to a multiple of the input segment duration.")
    public Integer segmentDurationSeconds;

    @Size(max = 64)
    @Pattern("^[A-Za-z0-9_-]{1,64}$")
    @JsonPropertyDescription("Prefix of segment file names; the channel's name when unset.")
    public String segmentPrefix;

    @Required
    @Size(min = 1, max = 10)
    @ValidationRule(value = "self.all(m, self.exists_one(n, n.id == m.id))", message = "hlsManifests ids must be unique")
    @JsonPropertyDescription("The HLS manifests served over the segments; each gets its own URL in status.hlsManifests.")
    public List<HlsManifest> hlsManifests;

    @JsonPropertyDescription("Which renditions the manifests list, and their order.")
    public StreamSelection streamSelection;

    @JsonPropertyDescription("Encrypt segments (cbcs or cenc Common Encryption) with keys from a SPEKE key server.")
    public Encryption.Cmaf encryption;

    /** One HLS manifest of a CMAF endpoint. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class HlsManifest extends HlsPlaylistSettings {

        @Size(max = 63)
        @Required
        @Pattern(Names.DNS_LABEL)
        @JsonPropertyDescription("Id of the manifest, unique in the endpoint; it becomes a path element of the manifest's URL.")
        public String id;

        @Size(max = 100)
        @Pattern(Names.MANIFEST_NAME)
        @JsonPropertyDescription("File name of the multivariant playlist, without .m3u8; the endpoint's manifestName when unset.")
        public String manifestName;
    }
}
