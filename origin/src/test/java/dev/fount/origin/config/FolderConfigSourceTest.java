package dev.fount.origin.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderConfigSourceTest {

    @Test
    void readsTheExamplesAsTheyAre() {
        try (FolderConfigSource source = new FolderConfigSource(Path.of("../examples/live"))) {
            ConfigSnapshot s = source.current();
            assertEquals(new IngestCredentials("encoder", "change-me-please"), s.channel("live").orElseThrow().credentials().orElseThrow());
            assertEquals(4, s.endpointsOf("live").size());
            HlsSettings hls = s.endpoint("live", "live-hls").orElseThrow().hls().orElseThrow();
            assertEquals(6, hls.segmentDurationSeconds());
            assertTrue(hls.useAudioRenditionGroup() && hls.includeIframeOnlyStream());
            assertEquals(3600, s.startoverWindowSeconds("live"));
            assertEquals(java.util.List.of(), s.problems());
        }
    }

    @Test
    void followsChangesAndReportsBadFilesWithoutLosingTheRest(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("channel.yaml"), """
                apiVersion: v1
                kind: Secret
                metadata: {name: a-ingest}
                data: {username: dXNlcg==, password: cGFzcw==}
                ---
                apiVersion: fount.dev/v1alpha1
                kind: Channel
                metadata: {name: a}
                """);
        try (FolderConfigSource source = new FolderConfigSource(dir)) {
            assertEquals(new IngestCredentials("user", "pass"), source.current().channel("a").orElseThrow().credentials().orElseThrow(),
                    "without a credentialsSecretRef the channel uses <channel>-ingest, as the operator names it");
            Files.writeString(dir.resolve("endpoint.yaml"), """
                    apiVersion: fount.dev/v1alpha1
                    kind: OriginEndpoint
                    metadata: {name: a-hls}
                    spec: {channelName: a, hlsPackage: {segmentDurationSeconds: 4}}
                    """);
            Files.writeString(dir.resolve("broken.yaml"), "kind: [unclosed\n");
            await(() -> source.current().endpoint("a", "a-hls").isPresent());
            assertEquals(4, source.current().endpoint("a", "a-hls").orElseThrow().hls().orElseThrow().segmentDurationSeconds());
            assertTrue(source.current().problems().stream().anyMatch(p -> p.startsWith("broken.yaml: not valid YAML")), source.current().problems().toString());

            Files.writeString(dir.resolve("endpoint.yaml"), """
                    apiVersion: fount.dev/v1alpha1
                    kind: OriginEndpoint
                    metadata: {name: a-hls}
                    spec: {channelName: nowhere, hlsPackage: {}}
                    """);
            await(() -> source.current().endpoint("a", "a-hls").isEmpty());
            assertTrue(source.current().problems().stream().anyMatch(p -> p.contains("names Channel nowhere, which does not exist")),
                    source.current().problems().toString());
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the folder's change was not picked up within 10 s");
            }
            Thread.sleep(100);
        }
    }
}
