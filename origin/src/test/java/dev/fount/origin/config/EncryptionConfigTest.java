package dev.fount.origin.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.fount.origin.media.mp4.Cenc;

/**
 * Every packager's {@code encryption} read from YAML into settings: schemes, rotation, constant IV,
 * SPEKE 2.0 presets, the key server's header and certificate Secrets — and a missing or unusable
 * Secret reported while the endpoint is still served.
 */
class EncryptionConfigTest {

    @Test
    void encryptionOfEveryPackagerIsRead(@TempDir Path dir) throws Exception {
        Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "key.pem", "-out", "cert.pem",
                "-days", "1", "-subj", "/CN=fount-config-test").directory(dir.toFile()).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "openssl is needed (.ci/run installs it)");
        String cert = Files.readString(dir.resolve("cert.pem")).indent(6);
        String key = Files.readString(dir.resolve("key.pem")).indent(6);
        Path config = Files.createDirectory(dir.resolve("config"));
        Files.writeString(config.resolve("all.yaml"), """
                apiVersion: v1
                kind: Secret
                metadata: {name: key-server-tls}
                type: kubernetes.io/tls
                stringData:
                  tls.crt: |
                %s
                  tls.key: |
                %s
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: broken-tls}
                stringData: {tls.crt: not a certificate, tls.key: nor a key}
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: key-server-headers}
                stringData: {X-Api-Key: s3cret}
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: c-ingest}
                stringData: {username: encoder, password: test-password}
                ---
                apiVersion: fount.dev/v1alpha1
                kind: Channel
                metadata: {name: c}
                ---
                apiVersion: fount.dev/v1alpha1
                kind: OriginEndpoint
                metadata: {name: c-dash}
                spec:
                  channelName: c
                  dashPackage:
                    encryption:
                      keyRotationIntervalSeconds: 8
                      spekeKeyProvider:
                        url: https://keys.example/speke
                        resourceId: c-dash
                        systemIds: [e2719d58-a985-b3c9-781a-b030af78d30e]
                        headersSecretRef: {name: key-server-headers}
                        certificateSecretRef: {name: key-server-tls}
                ---
                apiVersion: fount.dev/v1alpha1
                kind: OriginEndpoint
                metadata: {name: c-cmaf}
                spec:
                  channelName: c
                  cmafPackage:
                    hlsManifests: [{id: main}]
                    encryption:
                      encryptionMethod: AES_CTR
                      constantInitializationVector: 00112233445566778899aabbccddeeff
                      keyRotationIntervalSeconds: 0
                      spekeKeyProvider:
                        url: https://keys.example/speke
                        resourceId: c-cmaf
                        systemIds: [edef8ba9-79d6-4ace-a3c8-27dcd51d21ed]
                        encryptionContractConfiguration: {presetSpeke20Video: PRESET-VIDEO-1, presetSpeke20Audio: SHARED}
                ---
                apiVersion: fount.dev/v1alpha1
                kind: OriginEndpoint
                metadata: {name: c-mss}
                spec:
                  channelName: c
                  mssPackage:
                    encryption:
                      spekeKeyProvider:
                        url: https://keys.example/speke
                        resourceId: c-mss
                        systemIds: [9a04f079-9840-4286-ab92-e65be0885f95]
                        certificateSecretRef: {name: broken-tls}
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: fixed-key}
                stringData: {keyId: 11112222-3333-4444-5555-666677778888, key: 000102030405060708090a0b0c0d0e0f, hlsKeyUri: "https://keys.example/k1"}
                ---
                apiVersion: fount.dev/v1alpha1
                kind: OriginEndpoint
                metadata: {name: c-static}
                spec:
                  channelName: c
                  dashPackage:
                    encryption:
                      encryptionMethod: SAMPLE_AES
                      constantInitializationVector: 0f0e0d0c0b0a09080706050403020100
                      keyRotationIntervalSeconds: 0
                      staticKeyProvider: {keySecretRef: {name: fixed-key}}
                ---
                apiVersion: fount.dev/v1alpha1
                kind: OriginEndpoint
                metadata: {name: c-static-missing}
                spec:
                  channelName: c
                  hlsPackage:
                    encryption:
                      staticKeyProvider: {keySecretRef: {name: no-such-key}}
                ---
                apiVersion: fount.dev/v1alpha1
                kind: OriginEndpoint
                metadata: {name: c-hls}
                spec:
                  channelName: c
                  hlsPackage:
                    encryption:
                      encryptionMethod: SAMPLE_AES
                      spekeKeyProvider:
                        url: https://keys.example/speke
                        resourceId: c-hls
                        systemIds: [94ce86fb-07ff-4f43-adb8-93d2fa968ca2]
                        certificateSecretRef: {name: no-such-secret}
                """.formatted(cert, key));
        try (FolderConfigSource source = new FolderConfigSource(config)) {
            ConfigSnapshot s = source.current();

            CencEncryption dash = s.endpoint("c", "c-dash").orElseThrow().dash().orElseThrow().encryption().orElseThrow();
            assertEquals(Cenc.Scheme.CENC, dash.scheme());
            assertEquals(8, dash.keyRotationSeconds());
            assertEquals("c-dash", dash.keyServer().resourceId());
            assertEquals("s3cret", dash.keyServer().headers().get("X-Api-Key"));
            assertNotNull(dash.keyServer().certificate(), s.problems().toString());
            assertEquals("CN=fount-config-test", dash.keyServer().certificate().certificate().getSubjectX500Principal().getName());
            assertTrue(!dash.speke2());

            CencEncryption cmaf = s.endpoint("c", "c-cmaf").orElseThrow().cmaf().orElseThrow().encryption().orElseThrow();
            assertEquals(Cenc.Scheme.CENC, cmaf.scheme());
            assertEquals("00112233445566778899aabbccddeeff", cmaf.constantIv());
            assertTrue(cmaf.speke2());
            assertEquals("PRESET-VIDEO-1", cmaf.videoPreset());
            assertEquals("SHARED", cmaf.audioPreset());

            CencEncryption mss = s.endpoint("c", "c-mss").orElseThrow().mss().orElseThrow().encryption().orElseThrow();
            assertEquals(List.of("9a04f079-9840-4286-ab92-e65be0885f95"), mss.keyServer().systemIds());
            assertNull(mss.keyServer().certificate(), "an unusable certificate Secret is reported, and keys are asked for without it");

            HlsEncryption hls = s.endpoint("c", "c-hls").orElseThrow().hls().orElseThrow().encryption().orElseThrow();
            assertEquals("SAMPLE_AES", hls.method());
            assertNull(hls.keyServer().certificate());

            // A static key: the Secret's key for every request; a missing Secret fails every key request naming it.
            CencEncryption fixed = s.endpoint("c", "c-static").orElseThrow().dash().orElseThrow().encryption().orElseThrow();
            assertEquals(Cenc.Scheme.CBCS, fixed.scheme(), "DASH with encryptionMethod SAMPLE_AES is cbcs");
            assertEquals("0f0e0d0c0b0a09080706050403020100", fixed.constantIv());
            var staticKey = fixed.keyServer().fixed().keys(new dev.fount.origin.crypto.KeyRequest("any", List.of(java.util.UUID.randomUUID()), 5,
                    List.of(), false)).get(0);
            assertEquals(java.util.UUID.fromString("11112222-3333-4444-5555-666677778888"), staticKey.keyId());
            HlsEncryption missing = s.endpoint("c", "c-static-missing").orElseThrow().hls().orElseThrow().encryption().orElseThrow();
            var refused = org.junit.jupiter.api.Assertions.assertThrows(dev.fount.origin.crypto.KeyException.class, () -> missing.keyServer().fixed()
                    .keys(new dev.fount.origin.crypto.KeyRequest("any", List.of(java.util.UUID.randomUUID()), -1, List.of(), false)));
            assertTrue(refused.getMessage().contains("no-such-key"), refused.getMessage());

            List<String> problems = s.problems();
            assertEquals(3, problems.size(), problems.toString());
            assertTrue(problems.stream().anyMatch(x -> x.contains("static key Secret no-such-key is unusable")), problems.toString());
            assertTrue(problems.stream().anyMatch(x -> x.contains("broken-tls is unusable")), problems.toString());
            assertTrue(problems.stream().anyMatch(x -> x.contains("no-such-secret does not exist or lacks tls.crt and tls.key")), problems.toString());
        }
    }
}
