package dev.fount.api.v1alpha1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** What `kubectl explain`, `kubectl get` and the API server's CEL compiler need from every CRD. */
class CrdSchemaTest {

    private final Map<String, JsonNode> crds = Crds.byKind();

    @Test
    void theSixKindsAreNamespacedInFountDevV1alpha1WithStatusSubresource() {
        assertEquals(Set.of("Channel", "OriginEndpoint", "HarvestJob", "PackagingGroup", "PackagingConfiguration", "Asset"), crds.keySet());
        crds.forEach((kind, crd) -> {
            assertEquals("fount.dev", crd.at("/spec/group").asText(), kind);
            assertEquals("Namespaced", crd.at("/spec/scope").asText(), kind);
            assertEquals("v1alpha1", crd.at("/spec/versions/0/name").asText(), kind);
            assertTrue(crd.at("/spec/versions/0/subresources/status").isObject(), kind + " has no status subresource");
            assertFalse(crd.at("/spec/names/shortNames").isEmpty(), kind + " has no short name");
        });
    }

    @Test
    void everyFieldHasADescription() {
        List<String> undescribed = new ArrayList<>();
        crds.forEach((kind, crd) -> {
            JsonNode root = crd.at("/spec/versions/0/schema/openAPIV3Schema/properties");
            root.fields().forEachRemaining(p -> walk(kind + "." + p.getKey(), p.getValue(), undescribed));
        });
        assertEquals(List.of(), undescribed, "fields without a description (they become kubectl explain text)");
    }

    @Test
    void everySpecNumberIsBounded() {
        List<String> unbounded = new ArrayList<>();
        crds.forEach((kind, crd) -> numbers(kind + ".spec", crd.at("/spec/versions/0/schema/openAPIV3Schema/properties/spec"), unbounded));
        assertEquals(List.of(), unbounded, "integer fields without minimum and maximum");
    }

    @Test
    void printerColumnsShowReadinessOrPhaseAndAge() {
        crds.forEach((kind, crd) -> {
            Set<String> columns = new TreeSet<>();
            crd.at("/spec/versions/0/additionalPrinterColumns").forEach(c -> columns.add(c.path("name").asText()));
            assertTrue(columns.contains("Age"), kind + " columns " + columns);
            assertTrue(columns.contains(kind.equals("HarvestJob") ? "Phase" : "Ready"), kind + " columns " + columns);
        });
        assertTrue(crds.get("OriginEndpoint").toString().contains("\".status.url\""), "OriginEndpoint shows its URL");
    }

    @Test
    void everyCelRuleCompiles() {
        List<String> broken = new ArrayList<>();
        crds.forEach((kind, crd) -> rules(kind, crd.at("/spec/versions/0/schema/openAPIV3Schema"), broken));
        assertEquals(List.of(), broken);
    }

    private static void walk(String at, JsonNode schema, List<String> out) {
        if (!schema.has("description")) {
            out.add(at);
        }
        schema.path("properties").fields().forEachRemaining(p -> walk(at + "." + p.getKey(), p.getValue(), out));
        JsonNode items = schema.path("items");
        // Items of a list of objects are described by their fields; a list's own description covers its scalars.
        items.path("properties").fields().forEachRemaining(p -> walk(at + "[]." + p.getKey(), p.getValue(), out));
    }

    private static void numbers(String at, JsonNode schema, List<String> out) {
        if (schema.path("type").asText().equals("integer") && !(schema.has("minimum") && schema.has("maximum"))) {
            out.add(at);
        }
        schema.path("properties").fields().forEachRemaining(p -> numbers(at + "." + p.getKey(), p.getValue(), out));
        if (schema.has("items")) {
            numbers(at + "[]", schema.get("items"), out);
        }
    }

    private static void rules(String at, JsonNode schema, List<String> out) {
        for (JsonNode rule : schema.path("x-kubernetes-validations")) {
            Object verdict = Admission.evaluate(rule.path("rule").asText(), Map.of("self", Map.of(), "oldSelf", Map.of()));
            if (verdict instanceof String error && error.startsWith("rule does not compile")) {
                out.add(at + ": " + error);
            }
        }
        schema.path("properties").fields().forEachRemaining(p -> rules(at + "." + p.getKey(), p.getValue(), out));
        if (schema.has("items")) {
            rules(at + "[]", schema.get("items"), out);
        }
    }
}
