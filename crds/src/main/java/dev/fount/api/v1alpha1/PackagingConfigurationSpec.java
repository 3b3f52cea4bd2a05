package dev.fount.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.generator.annotation.Size;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "[has(self.hlsPackage), has(self.dashPackage), has(self.mssPackage), has(self.cmafPackage)].filter(x, x).size() == 1",
        message = "exactly one of hlsPackage, dashPackage, mssPackage or cmafPackage must be set")
public class PackagingConfigurationSpec {

    @Size(max = 63)
    @Required
    @Pattern(Names.DNS_LABEL)
    @ValidationRule(value = "self == oldSelf", message = "packagingGroupName is immutable")
    @JsonPropertyDescription("Name of the PackagingGroup (same namespace) this configuration belongs to.")
    public String packagingGroupName;

    @JsonPropertyDescription("HLS with MPEG-TS segments.")
    public VodPackages.Hls hlsPackage;

    @JsonPropertyDescription("MPEG-DASH with fMP4 segments.")
    public VodPackages.Dash dashPackage;

    @JsonPropertyDescription("Microsoft Smooth Streaming.")
    public VodPackages.Mss mssPackage;

    @JsonPropertyDescription("CMAF fMP4 segments with HLS manifests.")
    public VodPackages.Cmaf cmafPackage;
}
