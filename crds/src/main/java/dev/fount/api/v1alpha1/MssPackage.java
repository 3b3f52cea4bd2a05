package dev.fount.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** A live Microsoft Smooth Streaming packager: MediaPackage's MssPackage. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MssPackage {

    @Min(1)
    @Max(30)
    @Default("2")
    @JsonPropertyDescription("Target duration of fragments in seconds, rounded to a multiple of the input segment duration.")
    public Integer segmentDurationSeconds;

    @Min(1)
    @Max(900)
    @Default("60")
    @JsonPropertyDescription("DVRWindowLength of the client manifest, in seconds.")
    public Integer manifestWindowSeconds;

    @JsonPropertyDescription("Which QualityLevels the manifest lists, and their order.")
    public StreamSelection streamSelection;

    @JsonPropertyDescription("Encrypt fragments (PlayReady, cenc) with keys from a SPEKE key server.")
    public Encryption.Mss encryption;
}
