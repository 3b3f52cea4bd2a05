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

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "[has(self.hlsPackage), has(self.dashPackage), has(self.mssPackage), has(self.cmafPackage)].filter(x, x).size() == 1",
        message = "exactly one of hlsPackage, dashPackage, mssPackage or cmafPackage must be set")
@ValidationRule(value = "!has(self.timeDelaySeconds) || self.timeDelaySeconds == 0 || !has(self.startoverWindowSeconds) || self.startoverWindowSeconds == 0 || self.timeDelaySeconds < self.startoverWindowSeconds",
        message = "timeDelaySeconds must be less than startoverWindowSeconds")
@ValidationRule(value = "!has(self.timeDelaySeconds) || self.timeDelaySeconds == 0 || self.timeDelaySeconds >= 5",
        message = "timeDelaySeconds must be 0 (no delay) or between 5 and 86400")
public class OriginEndpointSpec {

    public enum Origination {
        ALLOW, DENY
    }

    @Size(max = 63)
    @Required
    @Pattern(Names.DNS_LABEL)
    @ValidationRule(value = "self == oldSelf", message = "channelName is immutable")
    @JsonPropertyDescription("Name of the Channel (same namespace) this endpoint packages.")
    public String channelName;

    @Size(max = 1024)
    @JsonPropertyDescription("Free text about the endpoint.")
    public String description;

    @Size(max = 100)
    @Pattern(Names.MANIFEST_NAME)
    @Default("index")
    @JsonPropertyDescription("File name of the manifest without extension; .m3u8, .mpd or .ism/Manifest is added.")
    public String manifestName;

    @Min(0)
    @Max(1209600)
    @Default("0")
    @JsonPropertyDescription("How far back, in seconds, viewers can start over and harvests can reach (the time-shift window); 0 turns it off. At most 14 days.")
    public Integer startoverWindowSeconds;

    @Min(0)
    @Max(86400)
    @Default("0")
    @JsonPropertyDescription("Seconds the live edge is held back: 0 for none, else 5 to 86400. Must be less than startoverWindowSeconds when that is set.")
    public Integer timeDelaySeconds;

    @Size(max = 100)
    @JsonPropertyDescription("IPv4 CIDR blocks (e.g. 203.0.113.0/24) allowed to play from this endpoint; empty allows everyone.")
    public List<@Pattern(Names.IPV4_CIDR) @Size(max = 18) String> whitelist;

    @JsonPropertyDescription("Require CDN authorization: requests must carry the X-MediaPackage-CDNIdentifier header with the Secret's value.")
    public Authorization authorization;

    @Default("ALLOW")
    @JsonPropertyDescription("ALLOW serves players; DENY keeps the endpoint for harvests only and refuses playback with 403.")
    public Origination origination;

    @JsonPropertyDescription("HLS with MPEG-TS segments.")
    public HlsPackage hlsPackage;

    @JsonPropertyDescription("MPEG-DASH with fMP4 segments.")
    public DashPackage dashPackage;

    @JsonPropertyDescription("Microsoft Smooth Streaming.")
    public MssPackage mssPackage;

    @JsonPropertyDescription("CMAF fMP4 segments with HLS manifests.")
    public CmafPackage cmafPackage;
}
