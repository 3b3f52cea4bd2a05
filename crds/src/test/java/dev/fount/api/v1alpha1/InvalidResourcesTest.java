package dev.fount.api.v1alpha1;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Bad YAML is refused with a message naming the field, as `kubectl apply` would show it.
 * Each file under src/test/resources/invalid/ holds one resource with one fault, and a
 * first line {@code # expect: <text>} that one of the refusals must contain.
 */
class InvalidResourcesTest {

    private static final Path INVALID = Path.of("src/test/resources/invalid");
    private static final Admission ADMISSION = new Admission(Crds.byKind());

    @TestFactory
    Stream<DynamicTest> eachInvalidResourceIsRefusedNamingTheField() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path file : ExamplesTest.yamlFiles(INVALID)) {
            String expected = Files.readAllLines(file).get(0).replaceFirst("^# expect: ", "");
            JsonNode resource = Crds.documents(file).get(0);
            tests.add(DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
                List<String> violations = ADMISSION.admit(resource).violations();
                assertFalse(violations.isEmpty(), file + " was accepted; expected: " + expected);
                assertTrue(violations.stream().anyMatch(v -> v.contains(expected)),
                        file + ": expected a refusal containing\n  " + expected + "\nbut got\n  " + String.join("\n  ", violations));
            }));
        }
        assertTrue(tests.size() >= 20, "expected the invalid fixtures under " + INVALID.toAbsolutePath());
        return tests.stream();
    }

    @Test
    void theValidTwinOfAnInvalidFixtureIsAccepted() throws IOException {
        // Guards against a validator that refuses everything: fix the one fault and it passes.
        ObjectNode endpoint = (ObjectNode) Crds.documents(INVALID.resolve("endpoint-two-packagers.yaml")).get(0);
        ((ObjectNode) endpoint.get("spec")).remove("dashPackage");
        assertTrue(ADMISSION.admit(endpoint).accepted(), () -> ADMISSION.admit(endpoint).violations().toString());

        ObjectNode harvest = (ObjectNode) Crds.documents(INVALID.resolve("harvest-end-before-start.yaml")).get(0);
        ((ObjectNode) harvest.get("spec")).put("endTime", "2026-11-26T10:30:00Z");
        assertTrue(ADMISSION.admit(harvest).accepted(), () -> ADMISSION.admit(harvest).violations().toString());
    }

    @Test
    void defaultsComeFromTheSchemaAsMediaPackageHasThem() throws IOException {
        ObjectNode endpoint = (ObjectNode) Crds.documents(INVALID.resolve("endpoint-two-packagers.yaml")).get(0);
        ((ObjectNode) endpoint.get("spec")).remove("hlsPackage");
        JsonNode stored = ADMISSION.admit(endpoint).stored();
        JsonNode dash = stored.at("/spec/dashPackage");
        assertTrue(dash.path("segmentDurationSeconds").asInt() == 2 && dash.path("manifestWindowSeconds").asInt() == 60
                && dash.path("minBufferTimeSeconds").asInt() == 30 && dash.path("minUpdatePeriodSeconds").asInt() == 15
                && dash.path("suggestedPresentationDelaySeconds").asInt() == 25
                && dash.path("segmentTemplateFormat").asText().equals("NUMBER_WITH_TIMELINE")
                && dash.path("manifestLayout").asText().equals("FULL"), "DASH defaults: " + dash);
        assertTrue(stored.at("/spec/manifestName").asText().equals("index") && stored.at("/spec/origination").asText().equals("ALLOW"),
                "endpoint defaults: " + stored.get("spec"));
    }
}
