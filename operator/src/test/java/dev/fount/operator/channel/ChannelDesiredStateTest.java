package dev.fount.operator.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import dev.fount.api.v1alpha1.Channel;
import dev.fount.operator.GoldenFiles;
import dev.fount.operator.common.OperatorSettings;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;

/**
 * Golden files of a Channel's desired children: for each folder under golden/channel, the
 * Channel in channel.yaml and one expected YAML per child the operator makes for it. Children
 * the operator does not make for that Channel must have no file.
 */
class ChannelDesiredStateTest {

    static final String ROOT = "channel";
    /** Stands for the random password in golden files; the real one is checked by {@link #generatedPasswordsAreRandom()}. */
    static final String MASKED_PASSWORD = "<generated: 32 random letters and digits>";

    static final OperatorSettings SETTINGS = new OperatorSettings() {
        @Override
        public String originImage() {
            return "fount/origin:0.1.0-SNAPSHOT";
        }

        @Override
        public String clusterDomain() {
            return "cluster.local";
        }

        @Override
        public java.util.Optional<String> vodStatusBase() {
            return java.util.Optional.empty();
        }

        @Override
        public java.util.Optional<String> liveStatusBase() {
            return java.util.Optional.empty();
        }

        @Override
        public java.time.Duration keyServerRecheck() {
            return java.time.Duration.ofSeconds(30);
        }
    };

    static final Set<String> ALL_FILES = Set.of("secret.yaml", "deployment.yaml", "statefulset.yaml", "service-ingest.yaml",
            "service-egress.yaml", "serviceaccount.yaml", "role.yaml", "rolebinding.yaml", "pdb.yaml", "ingress.yaml");

    /** The children the operator makes for {@code channel}, by golden file name, as the workflow's preconditions decide. */
    static Map<String, HasMetadata> children(Channel channel) {
        Map<String, HasMetadata> children = new LinkedHashMap<>();
        if (!IngestCredentials.named(channel)) {
            children.put("secret.yaml", IngestCredentials.generated(channel, MASKED_PASSWORD));
        }
        if (ChannelWorkload.archived(channel)) {
            children.put("statefulset.yaml", ChannelWorkload.statefulSet(channel, SETTINGS));
        } else {
            children.put("deployment.yaml", ChannelWorkload.deployment(channel, SETTINGS));
        }
        children.put("service-ingest.yaml", ChannelNetwork.ingestService(channel));
        children.put("service-egress.yaml", ChannelNetwork.egressService(channel));
        children.put("serviceaccount.yaml", ChannelAccess.serviceAccount(channel));
        children.put("role.yaml", ChannelAccess.role(channel));
        children.put("rolebinding.yaml", ChannelAccess.roleBinding(channel));
        if (ChannelWorkload.replicas(channel) > 1) {
            children.put("pdb.yaml", ChannelWorkload.podDisruptionBudget(channel));
        }
        if (ChannelNetwork.exposed(channel)) {
            children.put("ingress.yaml", ChannelNetwork.ingress(channel));
        }
        return children;
    }

    @TestFactory
    Stream<DynamicNode> desiredChildren() throws IOException {
        List<Path> cases;
        try (Stream<Path> dirs = Files.list(GoldenFiles.ROOT.resolve(ROOT))) {
            cases = dirs.filter(Files::isDirectory).sorted().toList();
        }
        assertFalse(cases.isEmpty(), "no golden cases under " + GoldenFiles.ROOT.resolve(ROOT));
        return cases.stream().map(dir -> {
            String name = dir.getFileName().toString();
            Channel channel = GoldenFiles.read(ROOT + "/" + name + "/channel.yaml", Channel.class);
            Map<String, HasMetadata> children = children(channel);
            Stream<DynamicNode> files = children.entrySet().stream().map(child -> DynamicTest.dynamicTest(child.getKey(),
                    () -> GoldenFiles.assertMatches(ROOT + "/" + name + "/" + child.getKey(), child.getValue())));
            Stream<DynamicNode> absent = Stream.of(DynamicTest.dynamicTest("no file for a child not made", () -> {
                for (String file : ALL_FILES) {
                    if (!children.containsKey(file)) {
                        assertFalse(Files.exists(dir.resolve(file)), dir.resolve(file) + " exists, but the operator makes no such child");
                    }
                }
            }));
            return DynamicContainer.dynamicContainer(name, Stream.concat(files, absent));
        });
    }

    @Test
    void generatedPasswordsAreRandom() {
        Channel channel = GoldenFiles.read(ROOT + "/minimal/channel.yaml", Channel.class);
        Secret one = new IngestSecretDependent().desired(channel, null);
        Secret two = new IngestSecretDependent().desired(channel, null);
        String password = IngestCredentials.value(one, IngestCredentials.PASSWORD);
        assertEquals(IngestCredentials.PASSWORD_LENGTH, password.length());
        assertTrue(password.matches("[A-Za-z0-9]{32}"), password);
        assertNotEquals(password, IngestCredentials.value(two, IngestCredentials.PASSWORD));
        assertEquals("news", IngestCredentials.value(one, IngestCredentials.USERNAME));
    }
}
