package dev.fount.api.v1alpha1;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.generator.annotation.Size;

/** A live MPEG-DASH packager: MediaPackage's DashPackage. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.profile) || self.profile != 'HYBRIDCAST' || !has(self.periodTriggers) || size(self.periodTriggers) == 0",
        message = "profile HYBRIDCAST cannot be combined with periodTriggers")
@ValidationRule(value = "!has(self.utcTimingUri) || (has(self.utcTiming) && self.utcTiming != 'NONE')",
        message = "utcTimingUri is only used when utcTiming is HTTP-HEAD, HTTP-ISO or HTTP-XSDATE")
public class DashPackage {

    public enum Profile {
        NONE, HBBTV_1_5, HYBRIDCAST, DVB_DASH_2014
    }

    public enum ManifestLayout {
        FULL, COMPACT, DRM_TOP_LEVEL_COMPACT
    }

    public enum SegmentTemplateFormat {
        NUMBER_WITH_TIMELINE, TIME_WITH_TIMELINE, NUMBER_WITH_DURATION
    }

    public enum PeriodTrigger {
        ADS
    }

    public enum UtcTiming {
        NONE,
        @JsonProperty("HTTP-HEAD") HTTP_HEAD,
        @JsonProperty("HTTP-ISO") HTTP_ISO,
        @JsonProperty("HTTP-XSDATE") HTTP_XSDATE
    }

    @Min(1)
    @Max(30)
    @Default("2")
    @JsonPropertyDescription("Target duration of segments in seconds, rounded to a multiple of the input segment duration.")
    public Integer segmentDurationSeconds;

    @Min(1)
    @Max(900)
    @Default("60")
    @JsonPropertyDescription("Time-shift buffer of the MPD (MPD@timeShiftBufferDepth), in seconds.")
    public Integer manifestWindowSeconds;

    @Min(0)
    @Max(3600)
    @Default("30")
    @JsonPropertyDescription("MPD@minBufferTime, in seconds.")
    public Integer minBufferTimeSeconds;

    @Min(1)
    @Max(3600)
    @Default("15")
    @JsonPropertyDescription("MPD@minimumUpdatePeriod, in seconds.")
    public Integer minUpdatePeriodSeconds;

    @Min(0)
    @Max(3600)
    @Default("25")
    @JsonPropertyDescription("MPD@suggestedPresentationDelay, in seconds; added to the endpoint's timeDelaySeconds.")
    public Integer suggestedPresentationDelaySeconds;

    @Default("NONE")
    @JsonPropertyDescription("DASH profile signalled: NONE (isoff-live), HBBTV_1_5, HYBRIDCAST or DVB_DASH_2014.")
    public Profile profile;

    @Default("FULL")
    @JsonPropertyDescription("FULL repeats SegmentTemplate and ContentProtection in each Representation; COMPACT hoists them to the AdaptationSet; DRM_TOP_LEVEL_COMPACT puts ContentProtection at MPD level.")
    public ManifestLayout manifestLayout;

    @Default("NUMBER_WITH_TIMELINE")
    @JsonPropertyDescription("Segment addressing: $Number$ with SegmentTimeline, $Time$ with SegmentTimeline, or $Number$ with @duration.")
    public SegmentTemplateFormat segmentTemplateFormat;

    @JsonPropertyDescription("Events that start a new Period: ADS starts one at each SCTE-35 ad marker.")
    public List<PeriodTrigger> periodTriggers;

    @Default("[\"SPLICE_INSERT\",\"PROVIDER_ADVERTISEMENT\",\"DISTRIBUTOR_ADVERTISEMENT\",\"PROVIDER_PLACEMENT_OPPORTUNITY\",\"DISTRIBUTOR_PLACEMENT_OPPORTUNITY\"]")
    @JsonPropertyDescription("SCTE-35 message types that become ad markers.")
    public List<AdTrigger> adTriggers;

    @Default("RESTRICTED")
    @JsonPropertyDescription("Which SCTE-35 messages become ads by their delivery restriction flags: NONE, RESTRICTED, UNRESTRICTED or BOTH.")
    public AdsOnDeliveryRestrictions adsOnDeliveryRestrictions;

    @Default("NONE")
    @JsonPropertyDescription("UTCTiming element of the MPD: NONE, HTTP-HEAD, HTTP-ISO or HTTP-XSDATE. Without utcTimingUri the origin's own timing URL is used.")
    public UtcTiming utcTiming;

    @Size(max = 2048)
    @Pattern("^https?://.+")
    @JsonPropertyDescription("UTCTiming@value: a time server URL; the origin's own when unset.")
    public String utcTimingUri;

    @Default("false")
    @JsonPropertyDescription("Add an I-frame-only trick-play AdaptationSet (DASH-IF trickmode EssentialProperty).")
    public Boolean includeIframeOnlyStream;

    @JsonPropertyDescription("Which Representations the MPD lists, and their order.")
    public StreamSelection streamSelection;

    @JsonPropertyDescription("Encrypt segments (cenc Common Encryption) with keys from a SPEKE key server.")
    public Encryption.Dash encryption;
}
