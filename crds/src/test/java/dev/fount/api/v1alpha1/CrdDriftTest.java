package dev.fount.api.v1alpha1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.junit.jupiter.api.Test;

/** The CRDs at crds/ are exactly what the Java types generate; a hand edit or a forgotten refresh fails here. */
class CrdDriftTest {

    @Test
    void committedCrdsMatchTheGeneratedOnes() {
        List<String> problems = differences(Crds.generated(), Crds.committed());
        if (!problems.isEmpty()) {
            fail("The committed CRDs are stale:\n  " + String.join("\n  ", problems)
                    + "\nRefresh them from the Java types with:\n  " + Crds.REFRESH_COMMAND + "\nand commit the result.");
        }
    }

    @Test
    void oneGeneratedCrdPerKind() {
        assertEquals(6, Crds.generated().size(), "expected one CRD for each of the six kinds: " + Crds.generated().keySet());
    }

    @Test
    void theKustomizeBaseListsEveryCrd() throws IOException {
        String kustomization = Files.readString(Crds.MODULE.resolve("Kustomization"));
        for (String file : Crds.committed().keySet()) {
            assertTrue(kustomization.contains("- " + file), "crds/Kustomization does not list " + file);
        }
    }

    /** The comparison itself: an edited, a missing and an extra file are each reported. */
    @Test
    void aHandEditIsReported() {
        Map<String, String> generated = Crds.generated();
        String name = generated.keySet().iterator().next();
        Map<String, String> edited = new java.util.TreeMap<>(generated);
        edited.put(name, generated.get(name).replace("type: \"integer\"", "type: \"string\""));
        assertFalse(differences(generated, edited).isEmpty(), "an edited CRD must be reported");

        Map<String, String> missing = new java.util.TreeMap<>(generated);
        missing.remove(name);
        assertEquals(List.of(name + " is generated but not committed"), differences(generated, missing));

        Map<String, String> extra = new java.util.TreeMap<>(generated);
        extra.put("widgets.fount.dev-v1.yml", "kind: CustomResourceDefinition");
        assertEquals(List.of("widgets.fount.dev-v1.yml is committed but no Java type generates it"), differences(generated, extra));
    }

    static List<String> differences(Map<String, String> generated, Map<String, String> committed) {
        List<String> problems = new ArrayList<>();
        generated.forEach((name, text) -> {
            String mine = committed.get(name);
            if (mine == null) {
                problems.add(name + " is generated but not committed");
            } else if (!Objects.equals(normalise(text), normalise(mine))) {
                problems.add(name + " differs from the generated CRD (first difference at line " + firstDifferentLine(text, mine) + ")");
            }
        });
        committed.keySet().stream().filter(n -> !generated.containsKey(n))
                .forEach(n -> problems.add(n + " is committed but no Java type generates it"));
        return problems;
    }

    private static String normalise(String text) {
        return text.replace("\r\n", "\n").strip();
    }

    private static int firstDifferentLine(String a, String b) {
        String[] x = normalise(a).split("\n");
        String[] y = normalise(b).split("\n");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            if (!x[i].equals(y[i])) {
                return i + 1;
            }
        }
        return Math.min(x.length, y.length) + 1;
    }
}
