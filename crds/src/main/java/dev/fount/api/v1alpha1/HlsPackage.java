package dev.fount.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** A live HLS (MPEG-TS) packager: MediaPackage's HlsPackage. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HlsPackage extends HlsPlaylistSettings {

    @Min(1)
    @Max(30)
    @Default("6")
    @JsonPropertyDescription("Target duration of output segments in seconds, rounded to a multiple of the input segment duration (segments are joined on key frames).")
    public Integer segmentDurationSeconds;

    @Default("false")
    @JsonPropertyDescription("Put all audio renditions in one EXT-X-MEDIA group instead of muxing audio with each video rendition.")
    public Boolean useAudioRenditionGroup;

    @Default("false")
    @JsonPropertyDescription("Pass DVB subtitles through.")
    public Boolean includeDvbSubtitles;

    @JsonPropertyDescription("Which renditions the multivariant playlist lists, and their order.")
    public StreamSelection streamSelection;

    @JsonPropertyDescription("Encrypt segments (AES-128 or SAMPLE-AES) with keys from a SPEKE key server.")
    public Encryption.Hls encryption;
}
