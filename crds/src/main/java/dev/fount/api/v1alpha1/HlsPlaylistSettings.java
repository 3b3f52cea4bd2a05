package dev.fount.api.v1alpha1;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * The settings a live HLS media playlist is written with, shared by the HLS package and
 * each of a CMAF package's HLS manifests (MediaPackage repeats them in both).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.adMarkers) || self.adMarkers != 'DATERANGE' || (has(self.programDateTimeIntervalSeconds) && self.programDateTimeIntervalSeconds > 0)",
        message = "adMarkers DATERANGE needs programDateTimeIntervalSeconds greater than 0 (EXT-X-DATERANGE is anchored to EXT-X-PROGRAM-DATE-TIME)")
public abstract class HlsPlaylistSettings {

    @Min(1)
    @Max(900)
    @Default("60")
    @JsonPropertyDescription("Length of the live window in a media playlist, in seconds (Fount allows up to 900).")
    public Integer playlistWindowSeconds;

    @Default("NONE")
    @JsonPropertyDescription("EXT-X-PLAYLIST-TYPE of live media playlists: NONE (no tag, a sliding window), EVENT or VOD. Fount defaults to NONE because RFC 8216 forbids removing segments from an EVENT playlist.")
    public PlaylistType playlistType;

    @Min(0)
    @Max(3600)
    @Default("0")
    @JsonPropertyDescription("Seconds between EXT-X-PROGRAM-DATE-TIME tags; 0 writes none.")
    public Integer programDateTimeIntervalSeconds;

    @Default("NONE")
    @JsonPropertyDescription("How SCTE-35 ad markers appear: NONE, SCTE35_ENHANCED (EXT-X-CUE-OUT/-IN), PASSTHROUGH (the input's tags) or DATERANGE (EXT-X-DATERANGE; needs programDateTimeIntervalSeconds > 0).")
    public AdMarkers adMarkers;

    @Default("[\"SPLICE_INSERT\",\"PROVIDER_ADVERTISEMENT\",\"DISTRIBUTOR_ADVERTISEMENT\",\"PROVIDER_PLACEMENT_OPPORTUNITY\",\"DISTRIBUTOR_PLACEMENT_OPPORTUNITY\"]")
    @JsonPropertyDescription("SCTE-35 message types that become ad markers.")
    public List<AdTrigger> adTriggers;

    @Default("RESTRICTED")
    @JsonPropertyDescription("Which SCTE-35 messages become ads by their delivery restriction flags: NONE, RESTRICTED, UNRESTRICTED or BOTH.")
    public AdsOnDeliveryRestrictions adsOnDeliveryRestrictions;

    @Default("false")
    @JsonPropertyDescription("Also publish an I-frame-only playlist (EXT-X-I-FRAME-STREAM-INF with byte ranges) for trick play, from the first video rendition.")
    public Boolean includeIframeOnlyStream;
}
