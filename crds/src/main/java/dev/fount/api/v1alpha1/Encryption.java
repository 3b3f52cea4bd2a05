package dev.fount.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.generator.annotation.Size;

/**
 * The encryption settings of each package type. MediaPackage gives every packager its own
 * shape (methods, rotation, constant IV); these nest here so the shapes sit side by side.
 */
public final class Encryption {

    static final String CONSTANT_IV = "^[0-9a-fA-F]{32}$";
    static final String CONSTANT_IV_DESCRIPTION = "A 128-bit initialization vector as 32 hexadecimal characters; one is derived per key period when unset.";
    static final String ROTATION_DESCRIPTION = "Seconds between content key changes; 0 keeps one key. Must be 0 with a SPEKE 2.0 encryptionContractConfiguration.";
    static final String PRESETS_NEED_NO_ROTATION = "!has(self.spekeKeyProvider) || !has(self.spekeKeyProvider.encryptionContractConfiguration) || self.keyRotationIntervalSeconds == 0";
    static final String PRESETS_NEED_NO_ROTATION_MESSAGE = "spekeKeyProvider.encryptionContractConfiguration (SPEKE 2.0) requires keyRotationIntervalSeconds: 0";
    static final String LIVE_RESOURCE_ID = "!has(self.spekeKeyProvider) || has(self.spekeKeyProvider.resourceId)";
    static final String LIVE_RESOURCE_ID_MESSAGE = "spekeKeyProvider.resourceId is required on live endpoints";
    static final String NO_PRESETS = "!has(self.spekeKeyProvider) || !has(self.spekeKeyProvider.encryptionContractConfiguration)";
    static final String NO_PRESETS_MESSAGE = "spekeKeyProvider.encryptionContractConfiguration (SPEKE 2.0) is for DASH and CMAF only";
    static final String VOD_RESOURCE_ID = "!has(self.spekeKeyProvider) || !has(self.spekeKeyProvider.resourceId)";
    static final String ONE_PROVIDER = "has(self.spekeKeyProvider) != has(self.staticKeyProvider)";
    static final String ONE_PROVIDER_MESSAGE = "set exactly one of spekeKeyProvider and staticKeyProvider";
    static final String SPEKE_DESCRIPTION = "The SPEKE key server. Exactly one of spekeKeyProvider and staticKeyProvider.";
    static final String STATIC_DESCRIPTION = "One fixed key from a Secret instead of a key server (tests, simple setups). Exactly one of spekeKeyProvider and staticKeyProvider.";
    static final String VOD_RESOURCE_ID_MESSAGE = "VOD takes the content id from the Asset's resourceId; remove spekeKeyProvider.resourceId";

    private Encryption() {
    }

    /** Live HLS: AES-128 whole-segment or SAMPLE-AES (FairPlay) encryption. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @ValidationRule(value = ONE_PROVIDER, message = ONE_PROVIDER_MESSAGE)
    @ValidationRule(value = NO_PRESETS, message = NO_PRESETS_MESSAGE)
    @ValidationRule(value = LIVE_RESOURCE_ID, message = LIVE_RESOURCE_ID_MESSAGE)
    @ValidationRule(value = "!has(self.spekeKeyProvider) || self.spekeKeyProvider.systemIds.size() == 1", message = "HLS encryption takes exactly one DRM system id")
    public static class Hls {

        public enum Method {
            AES_128, SAMPLE_AES
        }

        @Default("AES_128")
        @JsonPropertyDescription("AES_128 (EXT-X-KEY METHOD=AES-128, whole segments) or SAMPLE_AES (FairPlay).")
        public Method encryptionMethod;

        @Size(max = 32)
        @Pattern(CONSTANT_IV)
        @JsonPropertyDescription(CONSTANT_IV_DESCRIPTION)
        public String constantInitializationVector;

        @Min(0)
        @Max(31536000)
        @Default("60")
        @JsonPropertyDescription(ROTATION_DESCRIPTION)
        public Integer keyRotationIntervalSeconds;

        @Default("false")
        @JsonPropertyDescription("Repeat EXT-X-KEY before every segment instead of only where the key changes.")
        public Boolean repeatExtXKey;

        @JsonPropertyDescription("The key server. Exactly one of spekeKeyProvider and staticKeyProvider.")
        public SpekeKeyProvider spekeKeyProvider;

        @JsonPropertyDescription(STATIC_DESCRIPTION)
        public StaticKeyProvider staticKeyProvider;
    }

    /** Live CMAF: Common Encryption, cbcs (SAMPLE_AES) or cenc (AES_CTR). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @ValidationRule(value = ONE_PROVIDER, message = ONE_PROVIDER_MESSAGE)
    @ValidationRule(value = PRESETS_NEED_NO_ROTATION, message = PRESETS_NEED_NO_ROTATION_MESSAGE)
    @ValidationRule(value = LIVE_RESOURCE_ID, message = LIVE_RESOURCE_ID_MESSAGE)
    public static class Cmaf {

        public enum Method {
            SAMPLE_AES, AES_CTR
        }

        @Default("SAMPLE_AES")
        @JsonPropertyDescription("SAMPLE_AES (cbcs: FairPlay, Widevine, PlayReady 4+) or AES_CTR (cenc: Widevine, PlayReady).")
        public Method encryptionMethod;

        @Size(max = 32)
        @Pattern(CONSTANT_IV)
        @JsonPropertyDescription(CONSTANT_IV_DESCRIPTION)
        public String constantInitializationVector;

        @Min(0)
        @Max(31536000)
        @Default("60")
        @JsonPropertyDescription(ROTATION_DESCRIPTION)
        public Integer keyRotationIntervalSeconds;

        @JsonPropertyDescription("The key server. Exactly one of spekeKeyProvider and staticKeyProvider.")
        public SpekeKeyProvider spekeKeyProvider;

        @JsonPropertyDescription(STATIC_DESCRIPTION)
        public StaticKeyProvider staticKeyProvider;
    }

    /** Live DASH: Common Encryption, cenc (AES_CTR, default) or cbcs (SAMPLE_AES). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @ValidationRule(value = ONE_PROVIDER, message = ONE_PROVIDER_MESSAGE)
    @ValidationRule(value = PRESETS_NEED_NO_ROTATION, message = PRESETS_NEED_NO_ROTATION_MESSAGE)
    @ValidationRule(value = LIVE_RESOURCE_ID, message = LIVE_RESOURCE_ID_MESSAGE)
    @ValidationRule(value = "!has(self.spekeKeyProvider) || self.spekeKeyProvider.systemIds.size() <= 2", message = "DASH encryption takes at most two DRM system ids")
    public static class Dash {

        @Default("AES_CTR")
        @JsonPropertyDescription("AES_CTR (cenc: Widevine, PlayReady; MediaPackage's only DASH scheme) or SAMPLE_AES (cbcs: Widevine, PlayReady 4+, the scheme one set of CMAF segments can share with HLS).")
        public Cmaf.Method encryptionMethod;

        @Size(max = 32)
        @Pattern(CONSTANT_IV)
        @JsonPropertyDescription(CONSTANT_IV_DESCRIPTION)
        public String constantInitializationVector;

        @Min(0)
        @Max(31536000)
        @Default("60")
        @JsonPropertyDescription(ROTATION_DESCRIPTION)
        public Integer keyRotationIntervalSeconds;

        @JsonPropertyDescription("The key server. Exactly one of spekeKeyProvider and staticKeyProvider.")
        public SpekeKeyProvider spekeKeyProvider;

        @JsonPropertyDescription(STATIC_DESCRIPTION)
        public StaticKeyProvider staticKeyProvider;
    }

    /** Live Smooth Streaming: PlayReady (cenc), one key, no rotation. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @ValidationRule(value = ONE_PROVIDER, message = ONE_PROVIDER_MESSAGE)
    @ValidationRule(value = NO_PRESETS, message = NO_PRESETS_MESSAGE)
    @ValidationRule(value = LIVE_RESOURCE_ID, message = LIVE_RESOURCE_ID_MESSAGE)
    @ValidationRule(value = "!has(self.spekeKeyProvider) || self.spekeKeyProvider.systemIds.size() == 1", message = "Smooth Streaming encryption takes exactly one DRM system id (PlayReady)")
    public static class Mss {

        @JsonPropertyDescription("The key server. Exactly one of spekeKeyProvider and staticKeyProvider.")
        public SpekeKeyProvider spekeKeyProvider;

        @JsonPropertyDescription(STATIC_DESCRIPTION)
        public StaticKeyProvider staticKeyProvider;
    }

    /** VOD DASH: cenc (default) or cbcs with a key server; SPEKE 2.0 presets allowed. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @ValidationRule(value = ONE_PROVIDER, message = ONE_PROVIDER_MESSAGE)
    @ValidationRule(value = VOD_RESOURCE_ID, message = VOD_RESOURCE_ID_MESSAGE)
    public static class VodDash {

        @Default("AES_CTR")
        @JsonPropertyDescription("AES_CTR (cenc: Widevine, PlayReady; MediaPackage's only DASH scheme) or SAMPLE_AES (cbcs: Widevine, PlayReady 4+, the scheme one set of CMAF segments can share with HLS).")
        public Cmaf.Method encryptionMethod;

        @Size(max = 32)
        @Pattern(CONSTANT_IV)
        @JsonPropertyDescription(CONSTANT_IV_DESCRIPTION)
        public String constantInitializationVector;

        @JsonPropertyDescription("The key server; the content id is the Asset's resourceId. Exactly one of spekeKeyProvider and staticKeyProvider.")
        public SpekeKeyProvider spekeKeyProvider;

        @JsonPropertyDescription(STATIC_DESCRIPTION)
        public StaticKeyProvider staticKeyProvider;
    }

    /** VOD Smooth Streaming: PlayReady (cenc). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @ValidationRule(value = ONE_PROVIDER, message = ONE_PROVIDER_MESSAGE)
    @ValidationRule(value = VOD_RESOURCE_ID, message = VOD_RESOURCE_ID_MESSAGE)
    @ValidationRule(value = NO_PRESETS, message = NO_PRESETS_MESSAGE)
    public static class VodMss {

        @JsonPropertyDescription("The key server. Exactly one of spekeKeyProvider and staticKeyProvider.")
        public SpekeKeyProvider spekeKeyProvider;

        @JsonPropertyDescription(STATIC_DESCRIPTION)
        public StaticKeyProvider staticKeyProvider;
    }

    /** VOD HLS: AES-128 or SAMPLE-AES, no rotation. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @ValidationRule(value = ONE_PROVIDER, message = ONE_PROVIDER_MESSAGE)
    @ValidationRule(value = VOD_RESOURCE_ID, message = VOD_RESOURCE_ID_MESSAGE)
    @ValidationRule(value = NO_PRESETS, message = NO_PRESETS_MESSAGE)
    public static class VodHls {

        @Default("AES_128")
        @JsonPropertyDescription("AES_128 (EXT-X-KEY METHOD=AES-128, whole segments) or SAMPLE_AES (FairPlay).")
        public Hls.Method encryptionMethod;

        @Size(max = 32)
        @Pattern(CONSTANT_IV)
        @JsonPropertyDescription(CONSTANT_IV_DESCRIPTION)
        public String constantInitializationVector;

        @JsonPropertyDescription("The key server; the content id is the Asset's resourceId. Exactly one of spekeKeyProvider and staticKeyProvider.")
        public SpekeKeyProvider spekeKeyProvider;

        @JsonPropertyDescription(STATIC_DESCRIPTION)
        public StaticKeyProvider staticKeyProvider;
    }

    /** VOD CMAF: cbcs Common Encryption, no rotation. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @ValidationRule(value = ONE_PROVIDER, message = ONE_PROVIDER_MESSAGE)
    @ValidationRule(value = VOD_RESOURCE_ID, message = VOD_RESOURCE_ID_MESSAGE)
    public static class VodCmaf {

        @Size(max = 32)
        @Pattern(CONSTANT_IV)
        @JsonPropertyDescription(CONSTANT_IV_DESCRIPTION)
        public String constantInitializationVector;

        @JsonPropertyDescription("The key server; the content id is the Asset's resourceId. Exactly one of spekeKeyProvider and staticKeyProvider.")
        public SpekeKeyProvider spekeKeyProvider;

        @JsonPropertyDescription(STATIC_DESCRIPTION)
        public StaticKeyProvider staticKeyProvider;
    }
}
