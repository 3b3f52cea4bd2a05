package dev.fount.api.v1alpha1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Renders the install manifests under config/ with {@code kubectl kustomize} and checks
 * what they would install. Rendering is the offline check: {@code kubectl apply
 * --dry-run=client} needs an API server for discovery, and the build machines have none.
 */
class InstallManifestsTest {

    /** Tests run with the crds module as working directory. */
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String KUBECTL = System.getenv().getOrDefault("KUBECTL", "kubectl");
    private static final String NAMESPACE = "fount-system";
    private static final String OPERATOR = "fount-operator";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static final List<String> CRUD = List.of("get", "list", "watch", "create", "update", "patch", "delete");
    private static final Set<String> NEVER_GRANTED = Set.of("*", "escalate", "bind", "impersonate");

    private static Map<String, String> crdKindsByPlural;
    private static List<JsonNode> defaultInstall;
    private static List<JsonNode> namespacedInstall;
    private static List<JsonNode> argoCd;

    @BeforeAll
    static void render() throws Exception {
        crdKindsByPlural = crdKindsByPlural();
        defaultInstall = kustomize(ROOT.resolve("config/default"));
        namespacedInstall = kustomize(ROOT.resolve("config/namespaced"));
        argoCd = kustomize(ROOT.resolve("config/argocd"));
    }

    // --- config/default ------------------------------------------------------------------

    @Test
    void defaultInstallsNamespaceCrdsRbacAndOperator() {
        one(defaultInstall, "Namespace", null, NAMESPACE);
        assertEquals(crdNames(), names(defaultInstall, "CustomResourceDefinition"), "CRDs installed");
        one(defaultInstall, "ServiceAccount", NAMESPACE, OPERATOR);
        one(defaultInstall, "ClusterRole", null, OPERATOR);
        JsonNode binding = one(defaultInstall, "ClusterRoleBinding", null, OPERATOR);
        assertEquals("ClusterRole", binding.path("roleRef").path("kind").asText(), "ClusterRoleBinding roleRef kind");
        one(defaultInstall, "Deployment", NAMESPACE, OPERATOR);
    }

    @Test
    void defaultGrantsExactlyWhatTheOperatorNeeds() {
        assertNoWildcardsOrEscalation(defaultInstall);
        JsonNode clusterRole = one(defaultInstall, "ClusterRole", null, OPERATOR);
        for (String plural : crdKindsByPlural.keySet()) {
            assertTrue(grants(clusterRole, "fount.dev", plural, "watch"), "ClusterRole does not grant watch on " + plural);
            assertTrue(grants(clusterRole, "fount.dev", plural + "/status", "patch"), "ClusterRole does not grant patch on " + plural + "/status");
        }
        assertEquals(expectedPermissions(), permissions(defaultInstall), "permissions of all roles together");
        // Leader election stays in the operator's namespace.
        for (JsonNode role : all(defaultInstall, "ClusterRole")) {
            assertFalse(grants(role, "coordination.k8s.io", "leases", "update"), role.path("metadata").path("name") + " grants leases cluster-wide");
        }
    }

    @Test
    void defaultBindingsPointAtRenderedRolesAndTheOperatorServiceAccount() {
        assertBindingsConsistent(defaultInstall, NAMESPACE);
    }

    @Test
    void operatorDeployment() {
        JsonNode deployment = one(defaultInstall, "Deployment", NAMESPACE, OPERATOR);
        JsonNode spec = deployment.path("spec");
        JsonNode pod = spec.path("template").path("spec");
        JsonNode container = operatorContainer(deployment);

        assertEquals(1, spec.path("replicas").asInt(), "replicas");
        assertEquals(OPERATOR, pod.path("serviceAccountName").asText(), "serviceAccountName");
        assertEquals("fount/operator:latest", container.path("image").asText(), "image");
        assertEquals("fount/origin:latest", env(container).get("FOUNT_ORIGIN_IMAGE"), "env FOUNT_ORIGIN_IMAGE");
        assertFalse(env(container).containsKey("QUARKUS_OPERATOR_SDK_NAMESPACES"), "the cluster-wide operator must watch all namespaces");

        JsonNode port = container.path("ports").path(0);
        assertEquals(8080, port.path("containerPort").asInt(), "container port");
        assertEquals("http", port.path("name").asText(), "container port name");
        assertProbe(container, "livenessProbe", "/q/health/live");
        assertProbe(container, "readinessProbe", "/q/health/ready");

        for (String bound : List.of("requests", "limits")) {
            JsonNode resources = container.path("resources").path(bound);
            assertFalse(resources.path("cpu").isMissingNode() || resources.path("memory").isMissingNode(), "resources." + bound + " cpu and memory");
        }

        JsonNode podSecurity = pod.path("securityContext");
        JsonNode security = container.path("securityContext");
        assertTrue(podSecurity.path("runAsNonRoot").asBoolean() || security.path("runAsNonRoot").asBoolean(), "runAsNonRoot");
        assertEquals("RuntimeDefault", podSecurity.path("seccompProfile").path("type").asText(security.path("seccompProfile").path("type").asText()), "seccompProfile");
        assertTrue(security.path("readOnlyRootFilesystem").asBoolean(), "readOnlyRootFilesystem");
        assertFalse(security.path("allowPrivilegeEscalation").asBoolean(true), "allowPrivilegeEscalation");
        assertEquals(List.of("ALL"), strings(security.path("capabilities").path("drop")), "capabilities.drop");

        String tmpVolume = null;
        for (JsonNode mount : container.path("volumeMounts")) {
            if ("/tmp".equals(mount.path("mountPath").asText())) {
                tmpVolume = mount.path("name").asText();
            }
        }
        assertNotNull(tmpVolume, "no volume on /tmp for the read-only root filesystem");
        boolean emptyDir = false;
        for (JsonNode volume : pod.path("volumes")) {
            emptyDir |= tmpVolume.equals(volume.path("name").asText()) && volume.has("emptyDir");
        }
        assertTrue(emptyDir, "/tmp is not an emptyDir");

        Map<String, String> labels = Map.of("app.kubernetes.io/name", "fount", "app.kubernetes.io/component", "operator");
        assertLabels(deployment.path("metadata").path("labels"), labels, "Deployment labels");
        assertLabels(spec.path("template").path("metadata").path("labels"), labels, "pod template labels");
        assertLabels(spec.path("template").path("metadata").path("labels"), toMap(spec.path("selector").path("matchLabels")), "selector must match the pod template");
    }

    // --- config/namespaced ---------------------------------------------------------------

    @Test
    void namespacedUsesARoleForTheFountKinds() {
        assertNoWildcardsOrEscalation(namespacedInstall);
        assertEquals(crdNames(), names(namespacedInstall, "CustomResourceDefinition"), "CRDs are still installed");
        one(namespacedInstall, "Namespace", null, NAMESPACE);
        one(namespacedInstall, "ServiceAccount", NAMESPACE, OPERATOR);

        JsonNode role = one(namespacedInstall, "Role", NAMESPACE, OPERATOR);
        for (String plural : crdKindsByPlural.keySet()) {
            assertTrue(grants(role, "fount.dev", plural, "watch"), "Role does not grant watch on " + plural);
            assertTrue(grants(role, "fount.dev", plural + "/status", "patch"), "Role does not grant patch on " + plural + "/status");
        }
        JsonNode binding = one(namespacedInstall, "RoleBinding", NAMESPACE, OPERATOR);
        assertEquals("Role", binding.path("roleRef").path("kind").asText(), "RoleBinding roleRef kind");

        // What is left cluster-wide reads CRDs and nothing else.
        for (JsonNode clusterRole : all(namespacedInstall, "ClusterRole")) {
            for (JsonNode rule : clusterRole.path("rules")) {
                assertEquals(List.of("apiextensions.k8s.io"), strings(rule.path("apiGroups")),
                        "ClusterRole " + clusterRole.path("metadata").path("name").asText() + " grants more than reading CRDs: " + rule);
            }
        }
        assertEquals(expectedPermissions(), permissions(namespacedInstall), "permissions of all roles together");
        assertBindingsConsistent(namespacedInstall, NAMESPACE);
    }

    @Test
    void namespacedOperatorWatchesItsOwnNamespace() {
        JsonNode container = operatorContainer(one(namespacedInstall, "Deployment", NAMESPACE, OPERATOR));
        assertEquals("JOSDK_WATCH_CURRENT", env(container).get("QUARKUS_OPERATOR_SDK_NAMESPACES"), "env QUARKUS_OPERATOR_SDK_NAMESPACES");
        assertEquals("fount/origin:latest", env(container).get("FOUNT_ORIGIN_IMAGE"), "env FOUNT_ORIGIN_IMAGE kept");
    }

    /** Users move the install with an overlay's `namespace:`; the bindings must follow. */
    @Test
    void anOverlayMovesEverythingToItsNamespace(@TempDir Path tmp) throws Exception {
        for (String variant : List.of("default", "namespaced")) {
            // Outside the repository: kustomize refuses an overlay inside crds/, itself a base.
            Path overlay = Files.createDirectories(tmp.toRealPath().resolve(variant));
            // Kustomize takes a base only as a relative path.
            Path base = overlay.relativize(ROOT.toRealPath().resolve("config/" + variant));
            Files.writeString(overlay.resolve("kustomization.yaml"),
                    "namespace: media\nresources:\n  - " + base.toString().replace('\\', '/') + "\n");
            List<JsonNode> rendered = kustomize(overlay);

            one(rendered, "Namespace", null, "media");
            for (JsonNode object : rendered) {
                String ns = object.path("metadata").path("namespace").asText(null);
                assertTrue(ns == null || "media".equals(ns), variant + ": " + id(object) + " left in namespace " + ns);
            }
            assertBindingsConsistent(rendered, "media");
        }
    }

    // --- config/argocd -------------------------------------------------------------------

    @Test
    void argoCdConfigMapCarriesEveryHealthCheckVerbatim() throws IOException {
        assertEquals(1, argoCd.size(), "config/argocd renders only argocd-cm");
        JsonNode configMap = one(argoCd, "ConfigMap", "argocd", "argocd-cm");
        assertEquals("argocd", configMap.path("metadata").path("labels").path("app.kubernetes.io/part-of").asText(),
                "Argo CD ignores an argocd-cm without label app.kubernetes.io/part-of=argocd");

        String prefix = "resource.customizations.health.fount.dev_";
        Set<String> keys = new TreeSet<>();
        configMap.path("data").fieldNames().forEachRemaining(keys::add);
        Set<String> expectedKeys = crdKindsByPlural.values().stream().map(kind -> prefix + kind).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(expectedKeys, keys, "argocd-cm keys");
        for (String kind : crdKindsByPlural.values()) {
            String lua = Files.readString(ROOT.resolve("config/argocd/health/fount.dev/" + kind + "/health.lua"), StandardCharsets.UTF_8);
            assertEquals(lua, configMap.path("data").path(prefix + kind).asText(), "argocd-cm value for " + kind + " differs from its health.lua");
        }
    }

    // --- RBAC checks ---------------------------------------------------------------------

    /** What the operator needs, as group|resource → verbs; anything more or less fails. */
    private static Map<String, Set<String>> expectedPermissions() {
        Map<String, Set<String>> expected = new TreeMap<>();
        for (String plural : crdKindsByPlural.keySet()) {
            expected.put("fount.dev|" + plural, sorted("get", "list", "watch", "patch", "update"));
            expected.put("fount.dev|" + plural + "/status", sorted("get", "patch", "update"));
            expected.put("fount.dev|" + plural + "/finalizers", sorted("update"));
        }
        for (String resource : List.of("secrets", "services", "serviceaccounts", "persistentvolumeclaims")) {
            expected.put("|" + resource, sorted(CRUD.toArray(String[]::new)));
        }
        expected.put("|events", sorted("create", "patch"));
        expected.put("|pods", sorted("list"));
        for (String groupResource : List.of("apps|deployments", "apps|statefulsets", "policy|poddisruptionbudgets",
                "networking.k8s.io|ingresses", "batch|jobs", "rbac.authorization.k8s.io|roles", "rbac.authorization.k8s.io|rolebindings")) {
            expected.put(groupResource, sorted(CRUD.toArray(String[]::new)));
        }
        expected.put("coordination.k8s.io|leases", sorted("get", "create", "update"));
        expected.put("apiextensions.k8s.io|customresourcedefinitions", sorted("get", "list"));
        return expected;
    }

    /** Every Role and ClusterRole rendered, flattened to group|resource → verbs. */
    private static Map<String, Set<String>> permissions(List<JsonNode> objects) {
        Map<String, Set<String>> granted = new TreeMap<>();
        for (JsonNode role : objects) {
            String kind = role.path("kind").asText();
            if (!kind.equals("Role") && !kind.equals("ClusterRole")) {
                continue;
            }
            for (JsonNode rule : role.path("rules")) {
                assertTrue(rule.path("resourceNames").isMissingNode(), id(role) + ": resourceNames not expected: " + rule);
                for (String group : strings(rule.path("apiGroups"))) {
                    for (String resource : strings(rule.path("resources"))) {
                        granted.computeIfAbsent(group + "|" + resource, k -> new TreeSet<>()).addAll(strings(rule.path("verbs")));
                    }
                }
            }
        }
        return granted;
    }

    private static Set<String> sorted(String... values) {
        return new TreeSet<>(List.of(values));
    }

    private static void assertNoWildcardsOrEscalation(List<JsonNode> objects) {
        for (JsonNode role : objects) {
            String kind = role.path("kind").asText();
            if (!kind.equals("Role") && !kind.equals("ClusterRole")) {
                continue;
            }
            assertTrue(role.path("aggregationRule").isMissingNode(), id(role) + " aggregates other roles");
            for (JsonNode rule : role.path("rules")) {
                for (String field : List.of("apiGroups", "resources", "verbs", "resourceNames", "nonResourceURLs")) {
                    for (String value : strings(rule.path(field))) {
                        assertFalse(value.contains("*"), id(role) + ": wildcard in " + field + ": " + rule);
                    }
                }
                for (String verb : strings(rule.path("verbs"))) {
                    assertFalse(NEVER_GRANTED.contains(verb), id(role) + ": verb " + verb + ": " + rule);
                }
            }
        }
    }

    private static boolean grants(JsonNode role, String group, String resource, String verb) {
        for (JsonNode rule : role.path("rules")) {
            if (strings(rule.path("apiGroups")).contains(group) && strings(rule.path("resources")).contains(resource)
                    && strings(rule.path("verbs")).contains(verb)) {
                return true;
            }
        }
        return false;
    }

    /** Each binding names a role rendered beside it and the operator's ServiceAccount, where it is. */
    private static void assertBindingsConsistent(List<JsonNode> objects, String namespace) {
        one(objects, "ServiceAccount", namespace, OPERATOR);
        int bindings = 0;
        for (JsonNode binding : objects) {
            String kind = binding.path("kind").asText();
            if (!kind.equals("RoleBinding") && !kind.equals("ClusterRoleBinding")) {
                continue;
            }
            bindings++;
            JsonNode roleRef = binding.path("roleRef");
            String roleKind = roleRef.path("kind").asText();
            if (kind.equals("ClusterRoleBinding")) {
                assertEquals("ClusterRole", roleKind, id(binding) + " roleRef");
                one(objects, "ClusterRole", null, roleRef.path("name").asText());
            } else {
                assertEquals(namespace, binding.path("metadata").path("namespace").asText(), id(binding) + " namespace");
                one(objects, roleKind, roleKind.equals("Role") ? namespace : null, roleRef.path("name").asText());
            }
            JsonNode subjects = binding.path("subjects");
            assertEquals(1, subjects.size(), id(binding) + " subjects");
            assertEquals("ServiceAccount", subjects.path(0).path("kind").asText(), id(binding) + " subject kind");
            assertEquals(OPERATOR, subjects.path(0).path("name").asText(), id(binding) + " subject name");
            assertEquals(namespace, subjects.path(0).path("namespace").asText(), id(binding) + " subject namespace");
        }
        assertTrue(bindings >= 2, "bindings rendered: " + bindings);
    }

    // --- Deployment helpers --------------------------------------------------------------

    private static JsonNode operatorContainer(JsonNode deployment) {
        JsonNode containers = deployment.path("spec").path("template").path("spec").path("containers");
        assertEquals(1, containers.size(), "operator containers");
        return containers.path(0);
    }

    private static Map<String, String> env(JsonNode container) {
        Map<String, String> env = new TreeMap<>();
        for (JsonNode var : container.path("env")) {
            env.put(var.path("name").asText(), var.path("value").asText(null));
        }
        return env;
    }

    private static void assertProbe(JsonNode container, String probe, String path) {
        JsonNode httpGet = container.path(probe).path("httpGet");
        assertEquals(path, httpGet.path("path").asText(null), probe + " path");
        String port = httpGet.path("port").asText();
        assertTrue(port.equals("http") || port.equals("8080"), probe + " port " + port);
    }

    private static void assertLabels(JsonNode actual, Map<String, String> expected, String what) {
        for (Map.Entry<String, String> label : expected.entrySet()) {
            assertEquals(label.getValue(), actual.path(label.getKey()).asText(null), what + ": " + label.getKey());
        }
    }

    // --- rendering and lookup ------------------------------------------------------------

    /** `kubectl kustomize dir`, parsed; fails with kubectl's own error output. */
    private static List<JsonNode> kustomize(Path dir) throws Exception {
        Process process;
        try {
            process = new ProcessBuilder(KUBECTL, "kustomize", dir.toString()).start();
        } catch (IOException e) {
            return fail("cannot run `" + KUBECTL + "` (set KUBECTL to its path): " + e.getMessage(), e);
        }
        process.getOutputStream().close();
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        String stdout = readAll(process.getInputStream());
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("kubectl kustomize " + dir + " did not finish in 120 s");
        }
        if (process.exitValue() != 0) {
            fail("kubectl kustomize " + dir + " failed (exit " + process.exitValue() + "):\n" + stderr.get());
        }
        List<JsonNode> objects = new ArrayList<>();
        try (var docs = YAML.readerFor(JsonNode.class).<JsonNode>readValues(stdout)) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc != null && doc.isObject() && doc.size() > 0) {
                    objects.add(doc);
                }
            }
        }
        assertFalse(objects.isEmpty(), "kubectl kustomize " + dir + " rendered nothing");
        return objects;
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<JsonNode> all(List<JsonNode> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    /** Exactly one object of this kind, name and namespace (null: cluster-scoped). */
    private static JsonNode one(List<JsonNode> objects, String kind, String namespace, String name) {
        List<JsonNode> found = all(objects, kind).stream()
                .filter(o -> name.equals(o.path("metadata").path("name").asText()))
                .filter(o -> java.util.Objects.equals(namespace, o.path("metadata").path("namespace").asText(null)))
                .toList();
        assertEquals(1, found.size(), "expected one " + kind + " " + (namespace == null ? "" : namespace + "/") + name
                + "; rendered: " + objects.stream().map(InstallManifestsTest::id).toList());
        return found.get(0);
    }

    private static Set<String> names(List<JsonNode> objects, String kind) {
        return all(objects, kind).stream().map(o -> o.path("metadata").path("name").asText()).collect(Collectors.toCollection(TreeSet::new));
    }

    private static String id(JsonNode object) {
        JsonNode metadata = object.path("metadata");
        String ns = metadata.path("namespace").asText(null);
        return object.path("kind").asText() + " " + (ns == null ? "" : ns + "/") + metadata.path("name").asText();
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static Map<String, String> toMap(JsonNode object) {
        Map<String, String> map = new TreeMap<>();
        if (object instanceof ObjectNode) {
            object.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
        }
        return map;
    }

    private static Set<String> crdNames() {
        return crdKindsByPlural.keySet().stream().map(plural -> plural + ".fount.dev").collect(Collectors.toCollection(TreeSet::new));
    }

    /** plural → kind, for the CRDs crds/Kustomization lists. */
    private static Map<String, String> crdKindsByPlural() throws IOException {
        Path crds = ROOT.resolve("crds");
        Map<String, String> kinds = new TreeMap<>();
        for (JsonNode resource : YAML.readTree(crds.resolve("Kustomization").toFile()).path("resources")) {
            JsonNode names = YAML.readTree(crds.resolve(resource.asText()).toFile()).path("spec").path("names");
            kinds.put(names.path("plural").asText(), names.path("kind").asText());
        }
        assertEquals(Set.of("channels", "originendpoints", "harvestjobs", "packaginggroups", "packagingconfigurations", "assets"),
                kinds.keySet(), "CRDs listed in crds/Kustomization");
        return kinds;
    }
}
