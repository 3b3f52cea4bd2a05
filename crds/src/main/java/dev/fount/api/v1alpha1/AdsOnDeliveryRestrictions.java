package dev.fount.api.v1alpha1;

/** Which SCTE-35 messages become ads, by their segmentation_descriptor delivery restriction flags. */
public enum AdsOnDeliveryRestrictions {
    /** None become ads. */
    NONE,
    /** Only messages that carry delivery restrictions (MediaPackage's default). */
    RESTRICTED,
    /** Only messages without restrictions. */
    UNRESTRICTED,
    /** All messages. */
    BOTH
}
