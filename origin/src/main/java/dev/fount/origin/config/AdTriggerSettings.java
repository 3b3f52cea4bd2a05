package dev.fount.origin.config;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import dev.fount.api.v1alpha1.AdTrigger;
import dev.fount.api.v1alpha1.AdsOnDeliveryRestrictions;

/**
 * Which SCTE-35 signals an endpoint treats as ads (MediaPackage's {@code adTriggers} and
 * {@code adsOnDeliveryRestrictions}), defaults applied.
 */
public record AdTriggerSettings(Set<AdTrigger> triggers, AdsOnDeliveryRestrictions restrictions) {

    /** MediaPackage's defaults: splice inserts, advertisements and placement opportunities; restricted messages only. */
    public static final AdTriggerSettings DEFAULT = new AdTriggerSettings(EnumSet.of(AdTrigger.SPLICE_INSERT,
            AdTrigger.PROVIDER_ADVERTISEMENT, AdTrigger.DISTRIBUTOR_ADVERTISEMENT, AdTrigger.PROVIDER_PLACEMENT_OPPORTUNITY,
            AdTrigger.DISTRIBUTOR_PLACEMENT_OPPORTUNITY), AdsOnDeliveryRestrictions.RESTRICTED);

    public AdTriggerSettings {
        triggers = triggers.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(triggers));
    }

    /** From the resource's fields; null ones take the defaults. */
    public static AdTriggerSettings of(List<AdTrigger> triggers, AdsOnDeliveryRestrictions restrictions) {
        return new AdTriggerSettings(triggers == null ? DEFAULT.triggers() : Set.copyOf(triggers),
                restrictions == null ? DEFAULT.restrictions() : restrictions);
    }
}
