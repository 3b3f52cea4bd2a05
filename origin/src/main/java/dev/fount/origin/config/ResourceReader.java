package dev.fount.origin.config;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.fount.origin.media.mp4.Cenc;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.fount.api.v1alpha1.Channel;
import dev.fount.api.v1alpha1.CmafPackage;
import dev.fount.api.v1alpha1.DashPackage;
import dev.fount.api.v1alpha1.MssPackage;
import dev.fount.api.v1alpha1.HlsPackage;
import dev.fount.api.v1alpha1.OriginEndpoint;
import dev.fount.api.v1alpha1.OriginEndpointSpec;
import dev.fount.api.v1alpha1.SchemaDefaults;

/**
 * Turns custom resources (and the Secrets they name) into the origin's settings. Pure: the
 * same documents give the same snapshot, whether they came from a folder or from informers.
 */
public final class ResourceReader {

    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    private ResourceReader() {
    }

    /** A resource document and where it came from (a file name, or namespace/name), for messages. */
    public record Document(String origin, JsonNode resource) {
    }

    /** Reads documents whose Secrets, if any, are among them (a folder of YAML). */
    public static ConfigSnapshot read(List<Document> documents) {
        Map<String, Map<String, String>> secrets = new HashMap<>();
        for (Document d : documents) {
            if (d.resource().path("kind").asText().equals("Secret")) {
                secrets.put(d.resource().at("/metadata/name").asText(), secretData(d.resource()));
            }
        }
        return read(documents, secrets::get);
    }

    /** Reads documents, finding the Secrets they name through {@code secrets} (name to data, or null). */
    public static ConfigSnapshot read(List<Document> documents, java.util.function.Function<String, Map<String, String>> secrets) {
        List<String> problems = new ArrayList<>();
        List<Document> channels = new ArrayList<>();
        List<Document> endpoints = new ArrayList<>();
        List<Document> vod = new ArrayList<>();
        for (Document d : documents) {
            String kind = d.resource().path("kind").asText();
            String apiVersion = d.resource().path("apiVersion").asText();
            switch (kind) {
                case "Secret" -> {
                }
                case "Channel" -> channels.add(d);
                case "OriginEndpoint" -> endpoints.add(d);
                case "PackagingGroup", "PackagingConfiguration", "Asset" -> vod.add(d);
                default -> {
                    if (!apiVersion.startsWith(Channel.GROUP + "/")) {
                        problems.add(d.origin() + ": " + kind + " is not a resource the origin reads; ignored");
                    }
                }
            }
        }
        Map<String, ChannelConfig> channelConfigs = new LinkedHashMap<>();
        for (Document d : channels) {
            try {
                Channel c = typed(d, Channel.class);
                String name = c.getMetadata().getName();
                channelConfigs.put(name, new ChannelConfig(name, c.getSpec() == null ? null : c.getSpec().description,
                        credentials(name, c, secrets, problems, d.origin())));
            } catch (IllegalArgumentException e) {
                problems.add(d.origin() + ": " + e.getMessage());
            }
        }
        Map<String, EndpointConfig> endpointConfigs = new LinkedHashMap<>();
        for (Document d : endpoints) {
            try {
                OriginEndpoint e = typed(d, OriginEndpoint.class);
                EndpointConfig config = endpoint(e, secrets, problems, d.origin());
                if (!channelConfigs.containsKey(config.channelName())) {
                    problems.add(d.origin() + ": OriginEndpoint " + config.name() + " names Channel " + config.channelName() + ", which does not exist");
                }
                endpointConfigs.put(config.name(), config);
            } catch (IllegalArgumentException ex) {
                problems.add(d.origin() + ": " + ex.getMessage());
            }
        }
        VodConfig vodConfig = VodReader.read(vod, secrets, problems, ResourceReader::typed);
        for (String group : vodConfig.groups().keySet()) {
            if (channelConfigs.containsKey(group)) {
                problems.add("PackagingGroup " + group + " has the name of a Channel: /out/v1/" + group + "/… serves the Channel");
            }
        }
        return new ConfigSnapshot(Map.copyOf(channelConfigs), Map.copyOf(endpointConfigs), List.copyOf(problems), vodConfig);
    }

    static <T> T typed(Document d, Class<T> type) {
        ObjectNode copy = d.resource().deepCopy();
        SchemaDefaults.apply(copy.path("kind").asText(), copy);
        try {
            return JSON.treeToValue(copy, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(type.getSimpleName() + " " + d.resource().at("/metadata/name").asText()
                    + " is not valid: " + e.getOriginalMessage());
        }
    }

    private static Optional<IngestCredentials> credentials(String channel, Channel c, java.util.function.Function<String, Map<String, String>> secrets,
            List<String> problems, String origin) {
        // The operator makes <channel>-ingest when the spec names no Secret; standalone, the folder provides it.
        String secretName = c.getSpec() != null && c.getSpec().ingest != null && c.getSpec().ingest.credentialsSecretRef != null
                ? c.getSpec().ingest.credentialsSecretRef.name
                : channel + "-ingest";
        Map<String, String> data = secrets.apply(secretName);
        if (data == null || data.get("username") == null || data.get("password") == null) {
            problems.add(origin + ": Channel " + channel + " needs Secret " + secretName
                    + " with keys username and password; its ingest refuses every upload until then");
            return Optional.empty();
        }
        return Optional.of(new IngestCredentials(data.get("username"), data.get("password")));
    }

    private static EndpointConfig endpoint(OriginEndpoint e, java.util.function.Function<String, Map<String, String>> secrets,
            List<String> problems, String origin) {
        OriginEndpointSpec s = e.getSpec();
        if (s == null || s.channelName == null) {
            throw new IllegalArgumentException("OriginEndpoint " + e.getMetadata().getName() + " has no spec.channelName");
        }
        return new EndpointConfig(e.getMetadata().getName(), s.channelName, s.manifestName,
                s.startoverWindowSeconds, s.timeDelaySeconds, s.whitelist == null ? List.of() : List.copyOf(s.whitelist),
                s.origination, Optional.ofNullable(s.hlsPackage).map(p -> hls(p, encryption(p.encryption, secrets, problems, origin))),
                Optional.ofNullable(s.dashPackage).map(p -> dash(p, Optional.ofNullable(p.encryption).map(x -> CencEncryption.of(
                        CencEncryption.scheme(x.encryptionMethod, Cenc.Scheme.CENC), x.constantInitializationVector, x.keyRotationIntervalSeconds,
                        x.spekeKeyProvider,
                        keyServer(x.spekeKeyProvider, x.staticKeyProvider, secrets, problems, origin))))),
                Optional.ofNullable(s.cmafPackage).map(p -> cmaf(p, s.channelName, s.manifestName, Optional.ofNullable(p.encryption)
                        .map(x -> CencEncryption.of(CencEncryption.scheme(x.encryptionMethod, Cenc.Scheme.CBCS), x.constantInitializationVector, x.keyRotationIntervalSeconds, x.spekeKeyProvider,
                                keyServer(x.spekeKeyProvider, x.staticKeyProvider, secrets, problems, origin))))),
                Optional.ofNullable(s.mssPackage).map(p -> mss(p, Optional.ofNullable(p.encryption).map(x -> CencEncryption.of(
                        Cenc.Scheme.CENC, null, 0, x.spekeKeyProvider, keyServer(x.spekeKeyProvider, x.staticKeyProvider, secrets, problems, origin))))));
    }

    private static DashSettings dash(DashPackage p, Optional<CencEncryption> encryption) {
        return new DashSettings(p.segmentDurationSeconds, p.manifestWindowSeconds, p.minBufferTimeSeconds, p.minUpdatePeriodSeconds,
                p.suggestedPresentationDelaySeconds, p.profile, p.manifestLayout, p.segmentTemplateFormat,
                p.periodTriggers == null ? List.of() : p.periodTriggers, p.utcTiming, p.utcTimingUri,
                p.includeIframeOnlyStream, StreamSelectionSettings.of(p.streamSelection),
                AdTriggerSettings.of(p.adTriggers, p.adsOnDeliveryRestrictions), encryption);
    }

    private static CmafSettings cmaf(CmafPackage p, String channel, String endpointManifestName, Optional<CencEncryption> encryption) {
        List<CmafSettings.Manifest> manifests = new ArrayList<>();
        for (CmafPackage.HlsManifest m : p.hlsManifests == null ? List.<CmafPackage.HlsManifest>of() : p.hlsManifests) {
            manifests.add(new CmafSettings.Manifest(m.id, m.manifestName == null ? endpointManifestName : m.manifestName,
                    m.playlistWindowSeconds, m.playlistType, m.programDateTimeIntervalSeconds, m.adMarkers, m.includeIframeOnlyStream,
                    AdTriggerSettings.of(m.adTriggers, m.adsOnDeliveryRestrictions)));
        }
        return new CmafSettings(p.segmentDurationSeconds, p.segmentPrefix == null ? channel : p.segmentPrefix, manifests,
                StreamSelectionSettings.of(p.streamSelection), encryption);
    }

    private static MssSettings mss(MssPackage p, Optional<CencEncryption> encryption) {
        return new MssSettings(p.segmentDurationSeconds, p.manifestWindowSeconds, StreamSelectionSettings.of(p.streamSelection), encryption);
    }

    private static HlsSettings hls(HlsPackage p, Optional<HlsEncryption> encryption) {
        return new HlsSettings(p.segmentDurationSeconds, p.playlistWindowSeconds, p.playlistType,
                p.programDateTimeIntervalSeconds, p.adMarkers, p.includeIframeOnlyStream, p.useAudioRenditionGroup,
                StreamSelectionSettings.of(p.streamSelection), AdTriggerSettings.of(p.adTriggers, p.adsOnDeliveryRestrictions), encryption);
    }

    private static Optional<HlsEncryption> encryption(dev.fount.api.v1alpha1.Encryption.Hls e,
            java.util.function.Function<String, Map<String, String>> secrets, List<String> problems, String origin) {
        if (e == null) {
            return Optional.empty();
        }
        return Optional.of(new HlsEncryption(e.encryptionMethod == null ? "AES_128" : e.encryptionMethod.name(), e.constantInitializationVector,
                e.keyRotationIntervalSeconds == null ? 0 : e.keyRotationIntervalSeconds, Boolean.TRUE.equals(e.repeatExtXKey),
                keyServer(e.spekeKeyProvider, e.staticKeyProvider, secrets, problems, origin)));
    }

    /**
     * The keys of an {@code encryption}: its static key's Secret read now (a missing or malformed one
     * is reported, and every key request then fails naming it), or the SPEKE key server.
     */
    static HlsEncryption.KeyServer keyServer(dev.fount.api.v1alpha1.SpekeKeyProvider k, dev.fount.api.v1alpha1.StaticKeyProvider fixed,
            java.util.function.Function<String, Map<String, String>> secrets, List<String> problems, String origin) {
        if (fixed != null && fixed.keySecretRef != null) {
            String name = fixed.keySecretRef.name;
            Map<String, String> data = secrets.apply(name);
            String fault;
            try {
                if (data == null) {
                    throw new IllegalArgumentException("Secret " + name + " does not exist");
                }
                return HlsEncryption.KeyServer.fixed("Secret " + name, dev.fount.origin.crypto.StaticKeyProvider.fromSecret(data));
            } catch (IllegalArgumentException e) {
                fault = e.getMessage();
            }
            problems.add(origin + ": the static key Secret " + name + " is unusable: " + fault + "; encrypted media is refused until it is fixed");
            String why = "static key Secret " + name + " is unusable: " + fault;
            return HlsEncryption.KeyServer.fixed("Secret " + name, request -> {
                throw new dev.fount.origin.crypto.KeyException(java.net.URI.create("static-key:" + name), why, false, null);
            });
        }
        return keyServer(k, secrets, problems, origin);
    }

    /** The key server of an {@code encryption}: its Secret of headers read now (a missing one is reported, and no header is sent). */
    static HlsEncryption.KeyServer keyServer(dev.fount.api.v1alpha1.SpekeKeyProvider k,
            java.util.function.Function<String, Map<String, String>> secrets, List<String> problems, String origin) {
        Map<String, String> headers = Map.of();
        if (k.headersSecretRef != null && k.headersSecretRef.name != null) {
            Map<String, String> data = secrets.apply(k.headersSecretRef.name);
            if (data == null) {
                problems.add(origin + ": the key server's headers Secret " + k.headersSecretRef.name + " does not exist; keys are asked for without it");
            } else {
                headers = data;
            }
        }
        dev.fount.origin.crypto.ClientCertificate certificate = null;
        String ca = null;
        if (k.certificateSecretRef != null && k.certificateSecretRef.name != null) {
            Map<String, String> tls = secrets.apply(k.certificateSecretRef.name);
            if (tls == null || tls.get("tls.crt") == null || tls.get("tls.key") == null) {
                problems.add(origin + ": the key server's certificate Secret " + k.certificateSecretRef.name
                        + " does not exist or lacks tls.crt and tls.key; keys are asked for without a certificate");
            } else {
                try {
                    certificate = dev.fount.origin.crypto.ClientCertificate.fromPem(tls.get("tls.crt"), tls.get("tls.key"));
                    ca = tls.get("ca.crt");
                } catch (IllegalArgumentException e) {
                    problems.add(origin + ": the key server's certificate Secret " + k.certificateSecretRef.name + " is unusable: " + e.getMessage()
                            + "; keys are asked for without a certificate");
                }
            }
        }
        return new HlsEncryption.KeyServer(k.url, k.resourceId, k.systemIds == null ? List.of() : k.systemIds, headers, certificate, ca);
    }

    private static Map<String, String> secretData(JsonNode secret) {
        Map<String, String> data = new HashMap<>();
        secret.path("data").fields().forEachRemaining(
                f -> data.put(f.getKey(), new String(Base64.getMimeDecoder().decode(f.getValue().asText()), StandardCharsets.UTF_8)));
        secret.path("stringData").fields().forEachRemaining(f -> data.put(f.getKey(), f.getValue().asText()));
        return data;
    }
}
