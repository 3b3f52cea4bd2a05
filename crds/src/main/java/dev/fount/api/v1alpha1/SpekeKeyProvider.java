package dev.fount.api.v1alpha1;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * A SPEKE (v1, or v2 with an encryption contract) key server. AWS's RoleArn and
 * CertificateArn become Secret references: request headers and a client certificate.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SpekeKeyProvider {

    static final String UUID = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

    @Size(max = 2048)
    @Required
    @Pattern("^https?://.+")
    @JsonPropertyDescription("URL of the SPEKE key server (http or https).")
    public String url;

    @Size(max = 256)
    @Pattern("^[A-Za-z0-9_.:-]{1,256}$")
    @JsonPropertyDescription("Content id sent to the key server (CPIX contentId). Live endpoints require it; for VOD it comes from the Asset's resourceId.")
    public String resourceId;

    @Required
    @Size(min = 1, max = 3)
    @JsonPropertyDescription("DRM system ids (DASH-IF UUIDs), e.g. edef8ba9-79d6-4ace-a3c8-27dcd51d21ed for Widevine, 9a04f079-9840-4286-ab92-e65be0885f95 for PlayReady, 94ce86fb-07ff-4f43-adb8-93d2fa968ca2 for FairPlay, e2719d58-a985-b3c9-781a-b030af78d30e for ClearKey.")
    public List<@Pattern(UUID) @Size(max = 36) String> systemIds;

    @JsonPropertyDescription("Secret whose keys become HTTP headers on every key request (e.g. Authorization, X-Api-Key); replaces MediaPackage's roleArn.")
    public SecretReference headersSecretRef;

    @JsonPropertyDescription("Secret of type kubernetes.io/tls with a client certificate and key for content key encryption (CPIX encrypted keys); replaces MediaPackage's certificateArn.")
    public SecretReference certificateSecretRef;

    @JsonPropertyDescription("SPEKE 2.0 (CPIX 2.3) encryption contract: which content keys audio and video get. DASH and CMAF only; requires keyRotationIntervalSeconds 0.")
    public EncryptionContractConfiguration encryptionContractConfiguration;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @io.fabric8.generator.annotation.ValidationRule(value = "(self.presetSpeke20Video == 'SHARED') == (self.presetSpeke20Audio == 'SHARED')",
            message = "SHARED is one key for every track: choose it for both presetSpeke20Video and presetSpeke20Audio, or for neither")
    @io.fabric8.generator.annotation.ValidationRule(value = "!(self.presetSpeke20Video == 'UNENCRYPTED' && self.presetSpeke20Audio == 'UNENCRYPTED')",
            message = "UNENCRYPTED for both presetSpeke20Video and presetSpeke20Audio encrypts nothing: leave out the encryption instead")
    public static class EncryptionContractConfiguration {

        public enum PresetSpeke20Audio {
            @JsonProperty("PRESET-AUDIO-1") PRESET_AUDIO_1,
            @JsonProperty("PRESET-AUDIO-2") PRESET_AUDIO_2,
            @JsonProperty("PRESET-AUDIO-3") PRESET_AUDIO_3,
            SHARED,
            UNENCRYPTED
        }

        public enum PresetSpeke20Video {
            @JsonProperty("PRESET-VIDEO-1") PRESET_VIDEO_1,
            @JsonProperty("PRESET-VIDEO-2") PRESET_VIDEO_2,
            @JsonProperty("PRESET-VIDEO-3") PRESET_VIDEO_3,
            @JsonProperty("PRESET-VIDEO-4") PRESET_VIDEO_4,
            @JsonProperty("PRESET-VIDEO-5") PRESET_VIDEO_5,
            @JsonProperty("PRESET-VIDEO-6") PRESET_VIDEO_6,
            @JsonProperty("PRESET-VIDEO-7") PRESET_VIDEO_7,
            @JsonProperty("PRESET-VIDEO-8") PRESET_VIDEO_8,
            SHARED,
            UNENCRYPTED
        }

        @Required
        @JsonPropertyDescription("Audio key preset: PRESET-AUDIO-1 (one key for all audio), -2 (stereo / multichannel), -3 (stereo / 3-6 / more channels), SHARED (the video key), UNENCRYPTED.")
        public PresetSpeke20Audio presetSpeke20Audio;

        @Required
        @JsonPropertyDescription("Video key preset: PRESET-VIDEO-1 (one key) to PRESET-VIDEO-8 (SD+HD1 / HD2 / UHD1 / UHD2), SHARED (the audio key), UNENCRYPTED.")
        public PresetSpeke20Video presetSpeke20Video;
    }
}
