package dev.fount.operator.harvest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import dev.fount.api.v1alpha1.Channel;
import dev.fount.api.v1alpha1.HarvestJob;
import dev.fount.api.v1alpha1.OriginEndpoint;
import dev.fount.operator.GoldenFiles;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * Desired state of a HarvestJob's Job: one folder per case under golden/harvest with
 * harvestjob.yaml, endpoint.yaml (and channel.yaml when the Channel matters) as input and
 * job.yaml as the expected output.
 */
class HarvestJobTemplateTest {

    static final String IMAGE = "fount/origin:0.1.0-SNAPSHOT";
    static final String DOMAIN = "cluster.local";

    @TestFactory
    Stream<DynamicTest> jobMatchesGoldenFile() throws IOException {
        return cases().map(c -> DynamicTest.dynamicTest(c + "/job.yaml",
                () -> GoldenFiles.assertMatches("harvest/" + c + "/job.yaml", jobFor(c))));
    }

    @TestFactory
    Stream<DynamicTest> noSecretValueInTheJob() throws IOException {
        return cases().filter(c -> Files.exists(GoldenFiles.ROOT.resolve("harvest/" + c + "/secret.yaml")))
                .map(c -> DynamicTest.dynamicTest(c, () -> {
                    Secret secret = GoldenFiles.read("harvest/" + c + "/secret.yaml", Secret.class);
                    Job job = jobFor(c);
                    Container container = job.getSpec().getTemplate().getSpec().getContainers().get(0);
                    String yaml = Serialization.asYaml(job);
                    for (String value : secret.getStringData().values()) {
                        for (String arg : container.getArgs()) {
                            assertFalse(arg.contains(value), "argument " + arg + " carries a secret value");
                        }
                        assertFalse(yaml.contains(value), "the Job carries the secret value " + value);
                    }
                    // Credentials arrive only by reference, under the names the AWS SDK reads.
                    List<EnvVar> env = container.getEnv();
                    assertEquals(List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"), env.stream().map(EnvVar::getName).toList());
                    for (EnvVar e : env) {
                        assertNull(e.getValue(), e.getName() + " must come from the Secret");
                        assertEquals(secret.getMetadata().getName(), e.getValueFrom().getSecretKeyRef().getName());
                        assertTrue(secret.getStringData().containsKey(e.getValueFrom().getSecretKeyRef().getKey()));
                    }
                }));
    }

    @Test
    void argumentsFollowTheContract() {
        HarvestJob harvest = GoldenFiles.read("harvest/s3-compatible-with-credentials/harvestjob.yaml", HarvestJob.class);
        assertEquals(List.of("harvest",
                "--origin", "http://live-origin.media.svc.cluster.local",
                "--channel", "live",
                "--endpoint", "live-hls",
                "--start", "2026-11-20T20:00:00Z",
                "--end", "2026-11-20T20:30:00Z",
                "--destination", "s3://fount-harvests/live/2026-11-20/clip/index.m3u8",
                "--s3-endpoint", "http://minio.minio.svc:9000",
                "--s3-region", "us-east-1"), HarvestJobTemplate.args(harvest, "live", DOMAIN));
    }

    @Test
    void channelOfReadsBackTheChannelArgument() {
        assertEquals("arena", HarvestJobTemplate.channelOf(jobFor("aws-default-chain")).orElseThrow());
    }

    static Job jobFor(String name) {
        String dir = "harvest/" + name + "/";
        HarvestJob harvest = GoldenFiles.read(dir + "harvestjob.yaml", HarvestJob.class);
        OriginEndpoint endpoint = GoldenFiles.read(dir + "endpoint.yaml", OriginEndpoint.class);
        Channel channel = Files.exists(GoldenFiles.ROOT.resolve(dir + "channel.yaml")) ? GoldenFiles.read(dir + "channel.yaml", Channel.class) : null;
        return HarvestJobTemplate.job(harvest, endpoint, channel, IMAGE, DOMAIN);
    }

    static Stream<String> cases() throws IOException {
        try (Stream<Path> dirs = Files.list(GoldenFiles.ROOT.resolve("harvest"))) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }
}
