package dev.fount.origin.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.fount.origin.media.mp4.Cenc;
import java.util.function.BiFunction;
import java.util.function.Function;

import dev.fount.api.v1alpha1.AdMarkers;
import dev.fount.api.v1alpha1.Asset;
import dev.fount.api.v1alpha1.AssetSpec;
import dev.fount.api.v1alpha1.DashPackage;
import dev.fount.api.v1alpha1.OriginEndpointSpec.Origination;
import dev.fount.api.v1alpha1.PackagingConfiguration;
import dev.fount.api.v1alpha1.PackagingConfigurationSpec;
import dev.fount.api.v1alpha1.PackagingGroup;
import dev.fount.api.v1alpha1.PlaylistType;
import dev.fount.api.v1alpha1.VodPackages;

/**
 * Turns PackagingGroups, PackagingConfigurations and Assets into {@link VodConfig}. A VOD
 * configuration becomes the live settings of its packager with what VOD implies: the whole
 * asset in every manifest, VOD playlists, static MPDs. Problems (a missing group or Secret)
 * are reported; the resource still applies where it can.
 */
final class VodReader {

    /** Longer than any asset: every manifest lists the whole asset. */
    private static final int WHOLE = 15 * 24 * 3600;

    private VodReader() {
    }

    static VodConfig read(List<ResourceReader.Document> documents, Function<String, Map<String, String>> secrets, List<String> problems,
            BiFunction<ResourceReader.Document, Class<?>, Object> typed) {
        Map<String, VodConfig.Group> groups = new LinkedHashMap<>();
        Map<String, VodConfig.Packaging> configurations = new LinkedHashMap<>();
        Map<String, VodConfig.AssetConfig> assets = new LinkedHashMap<>();
        for (ResourceReader.Document d : documents) {
            if (d.resource().path("kind").asText().equals("PackagingGroup")) {
                try {
                    PackagingGroup g = (PackagingGroup) typed.apply(d, PackagingGroup.class);
                    groups.put(g.getMetadata().getName(), new VodConfig.Group(g.getMetadata().getName()));
                } catch (IllegalArgumentException e) {
                    problems.add(d.origin() + ": " + e.getMessage());
                }
            }
        }
        for (ResourceReader.Document d : documents) {
            String kind = d.resource().path("kind").asText();
            try {
                if (kind.equals("PackagingConfiguration")) {
                    VodConfig.Packaging p = packaging((PackagingConfiguration) typed.apply(d, PackagingConfiguration.class), secrets, problems,
                            d.origin());
                    if (!groups.containsKey(p.group())) {
                        problems.add(d.origin() + ": PackagingConfiguration " + p.name() + " names PackagingGroup " + p.group()
                                + ", which does not exist");
                    }
                    configurations.put(p.name(), p);
                } else if (kind.equals("Asset")) {
                    VodConfig.AssetConfig a = asset((Asset) typed.apply(d, Asset.class), secrets, problems, d.origin());
                    if (!groups.containsKey(a.group())) {
                        problems.add(d.origin() + ": Asset " + a.name() + " names PackagingGroup " + a.group() + ", which does not exist");
                    }
                    assets.put(a.name(), a);
                }
            } catch (IllegalArgumentException e) {
                problems.add(d.origin() + ": " + e.getMessage());
            }
        }
        return new VodConfig(groups, configurations, assets);
    }

    private static VodConfig.AssetConfig asset(Asset a, Function<String, Map<String, String>> secrets, List<String> problems, String origin) {
        AssetSpec s = a.getSpec();
        String name = a.getMetadata().getName();
        if (s == null || s.packagingGroupName == null || s.sourceUri == null) {
            throw new IllegalArgumentException("Asset " + name + " needs spec.packagingGroupName and spec.sourceUri");
        }
        Map<String, String> credentials = Map.of();
        if (s.sourceCredentialsSecretRef != null && s.sourceCredentialsSecretRef.name != null) {
            Map<String, String> data = secrets.apply(s.sourceCredentialsSecretRef.name);
            if (data == null) {
                problems.add(origin + ": Asset " + name + " names Secret " + s.sourceCredentialsSecretRef.name
                        + ", which does not exist; its source is read without credentials");
            } else {
                credentials = data;
            }
        }
        return new VodConfig.AssetConfig(name, s.packagingGroupName, s.sourceUri, s.sourceEndpoint, s.sourceRegion, credentials,
                s.resourceId == null ? name : s.resourceId);
    }

    private static VodConfig.Packaging packaging(PackagingConfiguration c, Function<String, Map<String, String>> secrets, List<String> problems,
            String origin) {
        PackagingConfigurationSpec s = c.getSpec();
        String name = c.getMetadata().getName();
        if (s == null || s.packagingGroupName == null) {
            throw new IllegalArgumentException("PackagingConfiguration " + name + " has no spec.packagingGroupName");
        }
        String group = s.packagingGroupName;
        List<EndpointConfig> manifests = new ArrayList<>();
        String type;
        if (s.hlsPackage != null) {
            type = "hls";
            VodPackages.Hls p = s.hlsPackage;
            for (VodPackages.HlsManifest m : p.hlsManifests) {
                Optional<HlsEncryption> encryption = Optional.ofNullable(p.encryption).map(e -> new HlsEncryption(
                        e.encryptionMethod == null ? "AES_128" : e.encryptionMethod.name(), e.constantInitializationVector, 0,
                        Boolean.TRUE.equals(m.repeatExtXKey), ResourceReader.keyServer(e.spekeKeyProvider, e.staticKeyProvider, secrets, problems, origin)));
                manifests.add(endpoint(name, group, m.manifestName, Optional.of(new HlsSettings(p.segmentDurationSeconds, WHOLE, PlaylistType.VOD,
                        m.programDateTimeIntervalSeconds, adMarkers(m.adMarkers), m.includeIframeOnlyStream, p.useAudioRenditionGroup,
                        StreamSelectionSettings.of(m.streamSelection), AdTriggerSettings.DEFAULT, encryption)),
                        Optional.empty(), Optional.empty(), Optional.empty()));
            }
        } else if (s.dashPackage != null) {
            type = "dash";
            VodPackages.Dash p = s.dashPackage;
            for (VodPackages.DashManifest m : p.dashManifests) {
                manifests.add(endpoint(name, group, m.manifestName, Optional.empty(), Optional.of(new DashSettings(p.segmentDurationSeconds, WHOLE,
                        m.minBufferTimeSeconds, 0, 0,
                        m.profile == VodPackages.DashManifest.Profile.HBBTV_1_5 ? DashPackage.Profile.HBBTV_1_5 : DashPackage.Profile.NONE,
                        m.manifestLayout == VodPackages.DashManifest.ManifestLayout.COMPACT ? DashPackage.ManifestLayout.COMPACT
                                : DashPackage.ManifestLayout.FULL,
                        p.segmentTemplateFormat, p.periodTriggers == null ? List.of() : p.periodTriggers, DashPackage.UtcTiming.NONE, null,
                        p.includeIframeOnlyStream, StreamSelectionSettings.of(m.streamSelection), AdTriggerSettings.DEFAULT,
                        Optional.ofNullable(p.encryption).map(e -> CencEncryption.of(CencEncryption.scheme(e.encryptionMethod, Cenc.Scheme.CENC),
                                e.constantInitializationVector, 0, e.spekeKeyProvider,
                                ResourceReader.keyServer(e.spekeKeyProvider, e.staticKeyProvider, secrets, problems, origin))))),
                        Optional.empty(), Optional.empty()));
            }
        } else if (s.mssPackage != null) {
            type = "mss";
            VodPackages.Mss p = s.mssPackage;
            for (VodPackages.MssManifest m : p.mssManifests) {
                manifests.add(endpoint(name, group, m.manifestName, Optional.empty(), Optional.empty(), Optional.empty(),
                        Optional.of(new MssSettings(p.segmentDurationSeconds, WHOLE, StreamSelectionSettings.of(m.streamSelection),
                                Optional.ofNullable(p.encryption).map(e -> CencEncryption.of(Cenc.Scheme.CENC, null, 0, e.spekeKeyProvider,
                                        ResourceReader.keyServer(e.spekeKeyProvider, e.staticKeyProvider, secrets, problems, origin)))))));
            }
        } else if (s.cmafPackage != null) {
            type = "cmaf";
            VodPackages.Cmaf p = s.cmafPackage;
            for (VodPackages.HlsManifest m : p.hlsManifests) {
                // One endpoint per manifest, each with its own stream selection; all share the segments
                // (the configuration's name is their id and segment prefix).
                CmafSettings.Manifest manifest = new CmafSettings.Manifest(name, m.manifestName, WHOLE, PlaylistType.VOD,
                        m.programDateTimeIntervalSeconds, adMarkers(m.adMarkers), m.includeIframeOnlyStream);
                manifests.add(endpoint(name, group, m.manifestName, Optional.empty(), Optional.empty(),
                        Optional.of(new CmafSettings(p.segmentDurationSeconds, name, List.of(manifest), StreamSelectionSettings.of(m.streamSelection),
                                Optional.ofNullable(p.encryption).map(e -> CencEncryption.of(Cenc.Scheme.CBCS, e.constantInitializationVector, 0,
                                        e.spekeKeyProvider, ResourceReader.keyServer(e.spekeKeyProvider, e.staticKeyProvider, secrets, problems, origin))))),
                        Optional.empty()));
            }
        } else {
            throw new IllegalArgumentException("PackagingConfiguration " + name + " has no package");
        }
        return new VodConfig.Packaging(name, group, type, manifests);
    }

    private static EndpointConfig endpoint(String name, String group, String manifestName, Optional<HlsSettings> hls, Optional<DashSettings> dash,
            Optional<CmafSettings> cmaf, Optional<MssSettings> mss) {
        return new EndpointConfig(name, group, manifestName, WHOLE, 0, List.of(), Origination.ALLOW, hls, dash, cmaf, mss);
    }

    private static AdMarkers adMarkers(VodPackages.HlsManifest.AdMarkers m) {
        return m == null ? AdMarkers.NONE : AdMarkers.valueOf(m.name());
    }
}
