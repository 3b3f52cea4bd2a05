package dev.fount.origin.config;

import java.util.List;

import dev.fount.api.v1alpha1.DashPackage.ManifestLayout;
import dev.fount.api.v1alpha1.DashPackage.PeriodTrigger;
import dev.fount.api.v1alpha1.DashPackage.Profile;
import dev.fount.api.v1alpha1.DashPackage.SegmentTemplateFormat;
import dev.fount.api.v1alpha1.DashPackage.UtcTiming;

/**
 * What the DASH packager needs of an endpoint's dashPackage, defaults applied.
 *
 * @param utcTimingUri the UTCTiming@value; null means the origin's own timing URL
 */
public record DashSettings(
        int segmentDurationSeconds,
        int manifestWindowSeconds,
        int minBufferTimeSeconds,
        int minUpdatePeriodSeconds,
        int suggestedPresentationDelaySeconds,
        Profile profile,
        ManifestLayout manifestLayout,
        SegmentTemplateFormat segmentTemplateFormat,
        List<PeriodTrigger> periodTriggers,
        UtcTiming utcTiming,
        String utcTimingUri,
        boolean includeIframeOnlyStream,
        StreamSelectionSettings streamSelection,
        AdTriggerSettings adTriggers,
        java.util.Optional<CencEncryption> encryption) {

    public DashSettings {
        periodTriggers = List.copyOf(periodTriggers);
    }

    /** In the clear. */
    public DashSettings(int segmentDurationSeconds, int manifestWindowSeconds, int minBufferTimeSeconds, int minUpdatePeriodSeconds,
            int suggestedPresentationDelaySeconds, Profile profile, ManifestLayout manifestLayout, SegmentTemplateFormat segmentTemplateFormat,
            List<PeriodTrigger> periodTriggers, UtcTiming utcTiming, String utcTimingUri, boolean includeIframeOnlyStream,
            StreamSelectionSettings streamSelection, AdTriggerSettings adTriggers) {
        this(segmentDurationSeconds, manifestWindowSeconds, minBufferTimeSeconds, minUpdatePeriodSeconds, suggestedPresentationDelaySeconds,
                profile, manifestLayout, segmentTemplateFormat, periodTriggers, utcTiming, utcTimingUri, includeIframeOnlyStream, streamSelection,
                adTriggers, java.util.Optional.empty());
    }

    /** With MediaPackage's default ad triggers. */
    public DashSettings(int segmentDurationSeconds, int manifestWindowSeconds, int minBufferTimeSeconds, int minUpdatePeriodSeconds,
            int suggestedPresentationDelaySeconds, Profile profile, ManifestLayout manifestLayout, SegmentTemplateFormat segmentTemplateFormat,
            List<PeriodTrigger> periodTriggers, UtcTiming utcTiming, String utcTimingUri, boolean includeIframeOnlyStream,
            StreamSelectionSettings streamSelection) {
        this(segmentDurationSeconds, manifestWindowSeconds, minBufferTimeSeconds, minUpdatePeriodSeconds, suggestedPresentationDelaySeconds,
                profile, manifestLayout, segmentTemplateFormat, periodTriggers, utcTiming, utcTimingUri, includeIframeOnlyStream, streamSelection,
                AdTriggerSettings.DEFAULT);
    }
}
