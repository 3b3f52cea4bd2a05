package dev.fount.api.v1alpha1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Runs the Argo CD health checks of config/argocd the way Argo CD does: each
 * {@code health.lua} with the resource as global {@code obj}, returning a table with
 * {@code status} and {@code message}, checked against Argo CD's {@code health_test.yaml}
 * format. Argo CD uses gopher-lua (Lua 5.1); LuaJ (Lua 5.2) runs the same scripts as
 * long as they keep to 5.1, which {@link #scriptsKeepToLua51AndArgoCdLibraries} checks.
 */
class ArgoCdHealthTest {

    /** Tests run with the crds module as working directory. */
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path HEALTH = ROOT.resolve("config/argocd/health/fount.dev");
    private static final Path ARGOCD_KUSTOMIZATION = ROOT.resolve("config/argocd/kustomization.yaml");
    private static final String KEY_PREFIX = "resource.customizations.health.fount.dev_";

    private static final Set<String> ARGO_STATUSES = Set.of("Healthy", "Progressing", "Degraded", "Suspended", "Missing");
    /** Lua 5.2 syntax LuaJ accepts and gopher-lua (5.1) refuses. */
    private static final Pattern LUA_52_ONLY = Pattern.compile("\\bgoto\\b|::\\w+::|\\b_ENV\\b");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @TestFactory
    Stream<DynamicNode> everyHealthCheckMatchesItsTests() throws IOException {
        List<Path> kindDirs = kindDirectories();
        assertFalse(kindDirs.isEmpty(), "no health checks under " + HEALTH);
        return kindDirs.stream().<DynamicNode>map(dir -> {
            String kind = dir.getFileName().toString();
            List<DynamicTest> cases = new ArrayList<>();
            for (JsonNode testCase : testCases(dir)) {
                String inputPath = testCase.path("inputPath").asText();
                JsonNode expected = testCase.path("healthStatus");
                cases.add(DynamicTest.dynamicTest(inputPath, dir.resolve(inputPath).toUri(),
                        () -> assertHealth(dir, inputPath, expected)));
            }
            return DynamicContainer.dynamicContainer(kind, cases);
        });
    }

    private static void assertHealth(Path dir, String inputPath, JsonNode expected) throws IOException {
        String kind = dir.getFileName().toString();
        JsonNode resource = YAML.readTree(dir.resolve(inputPath).toFile());
        assertEquals("fount.dev/v1alpha1", resource.path("apiVersion").asText(), inputPath + ": apiVersion");
        assertEquals(kind, resource.path("kind").asText(), inputPath + ": a sample of another kind");

        LuaValue hs = runHealthCheck(dir.resolve("health.lua"), resource);

        assertTrue(hs.istable(), kind + "/health.lua returned " + hs.typename() + ", not a table");
        String status = hs.get("status").optjstring(null);
        String message = hs.get("message").optjstring(null);
        assertTrue(ARGO_STATUSES.contains(status), kind + "/health.lua returned status " + status);
        assertEquals(expected.path("status").asText(), status, inputPath + ": status");
        assertEquals(expected.path("message").asText(), message, inputPath + ": message");
    }

    static LuaValue runHealthCheck(Path script, JsonNode resource) throws IOException {
        Globals globals = JsePlatform.standardGlobals();
        // Argo CD opens only its safe libraries: a script needing these would fail there.
        for (String lib : List.of("io", "luajava", "debug")) {
            globals.set(lib, LuaValue.NIL);
        }
        globals.set("obj", toLua(resource));
        String source = Files.readString(script, StandardCharsets.UTF_8);
        return globals.load(source, script.getParent().getFileName() + "/health.lua").call();
    }

    /** As Argo CD hands a live object to Lua: maps become tables, lists 1-based tables. */
    static LuaValue toLua(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return LuaValue.NIL;
        }
        if (node.isObject()) {
            LuaTable table = new LuaTable();
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                table.set(field.getKey(), toLua(field.getValue()));
            }
            return table;
        }
        if (node.isArray()) {
            LuaTable table = new LuaTable();
            int i = 1;
            for (JsonNode element : node) {
                table.set(i++, toLua(element));
            }
            return table;
        }
        if (node.isBoolean()) {
            return LuaValue.valueOf(node.booleanValue());
        }
        if (node.isIntegralNumber() && node.canConvertToInt()) {
            return LuaValue.valueOf(node.intValue());
        }
        if (node.isNumber()) {
            return LuaValue.valueOf(node.doubleValue());
        }
        return LuaValue.valueOf(node.asText());
    }

    @Test
    void everyKindHasAHealthCheckWithProgressingHealthyAndDegradedSamples() throws IOException {
        Set<String> kinds = crdKinds();
        assertEquals(6, kinds.size(), "kinds in crds/Kustomization: " + kinds);
        for (String kind : kinds) {
            Path dir = HEALTH.resolve(kind);
            assertTrue(Files.isRegularFile(dir.resolve("health.lua")), "no health check for " + kind + ": " + dir.resolve("health.lua"));
            assertTrue(Files.isRegularFile(dir.resolve("health_test.yaml")), "no health_test.yaml for " + kind);
            Set<String> statuses = new TreeSet<>();
            for (JsonNode testCase : testCases(dir)) {
                statuses.add(testCase.path("healthStatus").path("status").asText());
            }
            assertTrue(statuses.containsAll(Set.of("Progressing", "Healthy", "Degraded")),
                    kind + "/health_test.yaml covers only " + statuses);
        }
        Set<String> dirs = kindDirectories().stream().map(d -> d.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(kinds, dirs, "health checks for kinds that crds/Kustomization does not install, or the reverse");
    }

    @Test
    void everySampleIsUsedByATest() throws IOException {
        for (Path dir : kindDirectories()) {
            Set<String> used = new TreeSet<>();
            for (JsonNode testCase : testCases(dir)) {
                used.add(testCase.path("inputPath").asText());
            }
            Set<String> present;
            try (Stream<Path> files = Files.list(dir.resolve("testdata"))) {
                present = files.map(f -> "testdata/" + f.getFileName()).collect(Collectors.toCollection(TreeSet::new));
            }
            assertEquals(present, used, dir.getFileName() + ": testdata files and health_test.yaml inputPaths differ");
        }
    }

    @Test
    void argoCdKustomizationReadsEveryHealthCheckFromItsFile() throws IOException {
        JsonNode kustomization = YAML.readTree(ARGOCD_KUSTOMIZATION.toFile());
        JsonNode generator = null;
        for (JsonNode g : kustomization.path("configMapGenerator")) {
            if ("argocd-cm".equals(g.path("name").asText())) {
                generator = g;
            }
        }
        if (generator == null) {
            fail("config/argocd/kustomization.yaml has no configMapGenerator named argocd-cm");
        }
        assertEquals("merge", generator.path("behavior").asText(), "argocd-cm generator behavior");
        assertTrue(generator.path("options").path("disableNameSuffixHash").asBoolean(), "argocd-cm needs disableNameSuffixHash: true");

        Map<String, String> files = new LinkedHashMap<>();
        for (JsonNode entry : generator.path("files")) {
            String[] keyAndPath = entry.asText().split("=", 2);
            assertEquals(2, keyAndPath.length, "files: entry without key=path form: " + entry.asText());
            files.put(keyAndPath[0], keyAndPath[1]);
        }
        Map<String, String> expected = new LinkedHashMap<>();
        for (String kind : crdKinds()) {
            expected.put(KEY_PREFIX + kind, "health/fount.dev/" + kind + "/health.lua");
        }
        assertEquals(new TreeSet<>(expected.entrySet().stream().map(Object::toString).toList()),
                new TreeSet<>(files.entrySet().stream().map(Object::toString).toList()),
                "argocd-cm generator files: one per kind, each its health.lua");
    }

    @Test
    void scriptsKeepToLua51AndArgoCdLibraries() throws IOException {
        for (Path dir : kindDirectories()) {
            String source = Files.readString(dir.resolve("health.lua"), StandardCharsets.UTF_8);
            assertFalse(LUA_52_ONLY.matcher(source).find(), dir.getFileName() + "/health.lua uses Lua 5.2 syntax gopher-lua refuses");
        }
    }

    // --- helpers -------------------------------------------------------------------------

    private static List<Path> kindDirectories() throws IOException {
        try (Stream<Path> dirs = Files.list(HEALTH)) {
            return dirs.filter(Files::isDirectory).sorted().toList();
        }
    }

    private static List<JsonNode> testCases(Path kindDir) {
        try {
            JsonNode tests = YAML.readTree(kindDir.resolve("health_test.yaml").toFile()).path("tests");
            List<JsonNode> cases = new ArrayList<>();
            tests.forEach(cases::add);
            assertFalse(cases.isEmpty(), kindDir.getFileName() + "/health_test.yaml has no tests");
            return cases;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The kinds whose CRDs crds/Kustomization installs. */
    static Set<String> crdKinds() throws IOException {
        Path crds = ROOT.resolve("crds");
        JsonNode kustomization = YAML.readTree(crds.resolve("Kustomization").toFile());
        Set<String> kinds = new TreeSet<>();
        for (JsonNode resource : kustomization.path("resources")) {
            JsonNode crd = YAML.readTree(crds.resolve(resource.asText()).toFile());
            kinds.add(crd.path("spec").path("names").path("kind").asText());
        }
        return kinds;
    }
}
