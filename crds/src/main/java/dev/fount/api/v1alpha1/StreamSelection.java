package dev.fount.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/** MediaPackage's StreamSelection: which renditions a manifest lists, and in which order. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.minVideoBitsPerSecond) || !has(self.maxVideoBitsPerSecond) || self.minVideoBitsPerSecond <= self.maxVideoBitsPerSecond",
        message = "minVideoBitsPerSecond must not exceed maxVideoBitsPerSecond")
public class StreamSelection {

    public enum StreamOrder {
        ORIGINAL, VIDEO_BITRATE_ASCENDING, VIDEO_BITRATE_DESCENDING
    }

    @Min(0)
    @Max(2147483647)
    @Default("0")
    @JsonPropertyDescription("Renditions whose video bitrate (bits per second) is below this are left out. Only the video bitrate counts.")
    public Integer minVideoBitsPerSecond;

    @Min(0)
    @Max(2147483647)
    @Default("2147483647")
    @JsonPropertyDescription("Renditions whose video bitrate (bits per second) is above this are left out.")
    public Integer maxVideoBitsPerSecond;

    @Default("ORIGINAL")
    @JsonPropertyDescription("Order of the renditions in the manifest: as ingested, or by video bitrate.")
    public StreamOrder streamOrder;
}
