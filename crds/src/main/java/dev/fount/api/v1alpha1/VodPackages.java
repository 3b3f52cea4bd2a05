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

/**
 * The VOD packages of a PackagingConfiguration. Unlike live, MediaPackage VOD splits each
 * into package-level settings (segmenting, encryption) and a list of manifests.
 */
public final class VodPackages {

    static final String UNIQUE_MANIFEST_NAMES = "self.all(m, self.exists_one(n, (has(n.manifestName) ? n.manifestName : 'index') == (has(m.manifestName) ? m.manifestName : 'index')))";
    static final String UNIQUE_MANIFEST_NAMES_MESSAGE = "manifest names must be unique within the package";

    private VodPackages() {
    }

    /** VOD HLS (MPEG-TS segments). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Hls {

        @Required
        @Size(min = 1, max = 10)
        @ValidationRule(value = UNIQUE_MANIFEST_NAMES, message = UNIQUE_MANIFEST_NAMES_MESSAGE)
        @JsonPropertyDescription("The HLS manifests of each asset.")
        public List<HlsManifest> hlsManifests;

        @Min(1)
        @Max(30)
        @Default("6")
        @JsonPropertyDescription("Target segment duration in seconds; segments are cut on key frames.")
        public Integer segmentDurationSeconds;

        @Default("false")
        @JsonPropertyDescription("Put all audio renditions in one EXT-X-MEDIA group.")
        public Boolean useAudioRenditionGroup;

        @Default("false")
        @JsonPropertyDescription("Pass DVB subtitles through.")
        public Boolean includeDvbSubtitles;

        @JsonPropertyDescription("Encrypt segments (AES-128 or SAMPLE-AES) with keys from a SPEKE key server.")
        public Encryption.VodHls encryption;
    }

    /** VOD CMAF (fMP4 segments, HLS manifests). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Cmaf {

        @Required
        @Size(min = 1, max = 10)
        @ValidationRule(value = UNIQUE_MANIFEST_NAMES, message = UNIQUE_MANIFEST_NAMES_MESSAGE)
        @JsonPropertyDescription("The HLS manifests of each asset.")
        public List<HlsManifest> hlsManifests;

        @Min(1)
        @Max(30)
        @Default("6")
        @JsonPropertyDescription("Target segment duration in seconds; segments are cut on key frames.")
        public Integer segmentDurationSeconds;

        @Default("false")
        @JsonPropertyDescription("Repeat the parameter sets (SPS/PPS/VPS) in every segment instead of only the init segment.")
        public Boolean includeEncoderConfigurationInSegments;

        @JsonPropertyDescription("Encrypt segments (cbcs Common Encryption) with keys from a SPEKE key server.")
        public Encryption.VodCmaf encryption;
    }

    /** VOD MPEG-DASH. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Dash {

        @Required
        @Size(min = 1, max = 10)
        @ValidationRule(value = UNIQUE_MANIFEST_NAMES, message = UNIQUE_MANIFEST_NAMES_MESSAGE)
        @JsonPropertyDescription("The MPDs of each asset.")
        public List<DashManifest> dashManifests;

        @Min(1)
        @Max(30)
        @Default("6")
        @JsonPropertyDescription("Target segment duration in seconds; segments are cut on key frames.")
        public Integer segmentDurationSeconds;

        @Default("NUMBER_WITH_TIMELINE")
        @JsonPropertyDescription("Segment addressing: $Number$ with SegmentTimeline, $Time$ with SegmentTimeline, or $Number$ with @duration.")
        public DashPackage.SegmentTemplateFormat segmentTemplateFormat;

        @JsonPropertyDescription("Events that start a new Period: ADS starts one at each SCTE-35 ad marker.")
        public List<DashPackage.PeriodTrigger> periodTriggers;

        @Default("false")
        @JsonPropertyDescription("Add an I-frame-only trick-play AdaptationSet.")
        public Boolean includeIframeOnlyStream;

        @Default("false")
        @JsonPropertyDescription("Repeat the parameter sets (SPS/PPS/VPS) in every segment instead of only the init segment.")
        public Boolean includeEncoderConfigurationInSegments;

        @JsonPropertyDescription("Encrypt segments (cenc Common Encryption) with keys from a SPEKE key server.")
        public Encryption.VodDash encryption;
    }

    /** VOD Microsoft Smooth Streaming. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Mss {

        @Required
        @Size(min = 1, max = 10)
        @ValidationRule(value = UNIQUE_MANIFEST_NAMES, message = UNIQUE_MANIFEST_NAMES_MESSAGE)
        @JsonPropertyDescription("The client manifests of each asset.")
        public List<MssManifest> mssManifests;

        @Min(1)
        @Max(30)
        @Default("2")
        @JsonPropertyDescription("Target fragment duration in seconds; fragments are cut on key frames.")
        public Integer segmentDurationSeconds;

        @JsonPropertyDescription("Encrypt fragments (PlayReady, cenc) with keys from a SPEKE key server.")
        public Encryption.VodMss encryption;
    }

    /** One VOD HLS manifest (HLS and CMAF packages). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class HlsManifest {

        /** MediaPackage VOD has no DATERANGE markers. */
        public enum AdMarkers {
            NONE, SCTE35_ENHANCED, PASSTHROUGH
        }

        @Size(max = 100)
        @Pattern(Names.MANIFEST_NAME)
        @Default("index")
        @JsonPropertyDescription("File name of the multivariant playlist, without .m3u8.")
        public String manifestName;

        @Default("NONE")
        @JsonPropertyDescription("How the source's SCTE-35 markers appear: NONE, SCTE35_ENHANCED or PASSTHROUGH.")
        public AdMarkers adMarkers;

        @Default("false")
        @JsonPropertyDescription("Also publish an I-frame-only playlist for trick play.")
        public Boolean includeIframeOnlyStream;

        @Min(0)
        @Max(3600)
        @Default("0")
        @JsonPropertyDescription("Seconds between EXT-X-PROGRAM-DATE-TIME tags; 0 writes none.")
        public Integer programDateTimeIntervalSeconds;

        @Default("false")
        @JsonPropertyDescription("Repeat EXT-X-KEY before every segment.")
        public Boolean repeatExtXKey;

        @JsonPropertyDescription("Which renditions the manifest lists, and their order.")
        public StreamSelection streamSelection;
    }

    /** One VOD MPD. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class DashManifest {

        public enum Profile {
            NONE, HBBTV_1_5
        }

        public enum ManifestLayout {
            FULL, COMPACT
        }

        public enum ScteMarkersSource {
            SEGMENTS, MANIFEST
        }

        @Size(max = 100)
        @Pattern(Names.MANIFEST_NAME)
        @Default("index")
        @JsonPropertyDescription("File name of the MPD, without .mpd.")
        public String manifestName;

        @Default("FULL")
        @JsonPropertyDescription("FULL repeats SegmentTemplate in each Representation; COMPACT hoists it to the AdaptationSet.")
        public ManifestLayout manifestLayout;

        @Min(0)
        @Max(3600)
        @Default("30")
        @JsonPropertyDescription("MPD@minBufferTime, in seconds.")
        public Integer minBufferTimeSeconds;

        @Default("NONE")
        @JsonPropertyDescription("DASH profile signalled: NONE (isoff-on-demand/live) or HBBTV_1_5.")
        public Profile profile;

        @Default("SEGMENTS")
        @JsonPropertyDescription("Where SCTE-35 markers are read: SEGMENTS (the media) or MANIFEST (#EXT-OATCLS-SCTE35 in the source's HLS playlists).")
        public ScteMarkersSource scteMarkersSource;

        @JsonPropertyDescription("Which Representations the MPD lists, and their order.")
        public StreamSelection streamSelection;
    }

    /** One VOD Smooth Streaming client manifest. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class MssManifest {

        @Size(max = 100)
        @Pattern(Names.MANIFEST_NAME)
        @Default("index")
        @JsonPropertyDescription("Name of the manifest; served as {manifestName}.ism/Manifest.")
        public String manifestName;

        @JsonPropertyDescription("Which QualityLevels the manifest lists, and their order.")
        public StreamSelection streamSelection;
    }
}
