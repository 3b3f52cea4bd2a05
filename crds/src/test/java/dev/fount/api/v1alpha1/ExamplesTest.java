package dev.fount.api.v1alpha1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import com.fasterxml.jackson.databind.JsonNode;

/** Every example under examples/ is what the API server would accept, so the examples never rot. */
class ExamplesTest {

    private static final Path EXAMPLES = Crds.REPO.resolve("examples");
    private static final Admission ADMISSION = new Admission(Crds.byKind());

    @TestFactory
    Stream<DynamicTest> everyExampleIsAdmitted() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path file : yamlFiles(EXAMPLES)) {
            for (JsonNode resource : Crds.documents(file)) {
                String label = EXAMPLES.relativize(file) + " " + resource.path("kind").asText() + "/" + resource.at("/metadata/name").asText();
                tests.add(DynamicTest.dynamicTest(label, () -> check(resource, file)));
            }
        }
        assertFalse(tests.isEmpty(), "no examples found under " + EXAMPLES);
        return tests.stream();
    }

    /** Each folder names every kind it needs, so `kubectl apply -f examples/<folder>/` works on its own. */
    @Test
    void foldersCoverTheSixKindsAndEachPackagerType() throws IOException {
        Set<String> kinds = new TreeSet<>();
        Set<String> endpointPackagers = new TreeSet<>();
        Set<String> configurationPackagers = new TreeSet<>();
        for (Path file : yamlFiles(EXAMPLES)) {
            for (JsonNode r : Crds.documents(file)) {
                kinds.add(r.path("kind").asText());
                r.path("spec").fieldNames().forEachRemaining(f -> {
                    if (f.endsWith("Package")) {
                        (r.path("kind").asText().equals("OriginEndpoint") ? endpointPackagers : configurationPackagers).add(f);
                    }
                });
            }
        }
        assertTrue(kinds.containsAll(Crds.byKind().keySet()), "examples miss kinds: " + kinds);
        Set<String> all = Set.of("hlsPackage", "dashPackage", "mssPackage", "cmafPackage");
        assertEquals(all, endpointPackagers, "one OriginEndpoint example per packager type");
        assertEquals(all, configurationPackagers, "one PackagingConfiguration example per packager type");
    }

    private static void check(JsonNode resource, Path file) {
        String kind = resource.path("kind").asText();
        if (kind.equals("Secret")) {
            assertEquals("v1", resource.path("apiVersion").asText(), file + ": Secret apiVersion");
            assertTrue(resource.at("/metadata/name").asText().matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?"), file + ": Secret name");
            assertTrue(resource.has("stringData") || resource.has("data"), file + ": a Secret with no data");
            return;
        }
        Admission.Result result = ADMISSION.admit(resource);
        assertTrue(result.accepted(), file + " would be refused:\n  " + String.join("\n  ", result.violations()));
    }

    static List<Path> yamlFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        }
    }
}
