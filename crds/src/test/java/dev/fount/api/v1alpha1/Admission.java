package dev.fount.api.v1alpha1;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;

/**
 * What the Kubernetes API server does with a custom resource on create, as far as the CRD
 * decides it: strict field validation (unknown fields are errors, as kubectl asks since 1.27),
 * structural defaulting, the OpenAPI schema (an independent JSON Schema validator checks
 * types, enums, required, bounds, patterns) and the {@code x-kubernetes-validations} CEL
 * rules evaluated on the defaulted object. Transition rules (those naming oldSelf) are
 * skipped, as on create.
 */
final class Admission {

    /** Kubernetes' own limit and rule for object names (a DNS-1123 subdomain). */
    private static final String NAME = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

    private static final CelCompiler CEL = CelCompilerFactory.standardCelCompilerBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("self", SimpleType.DYN)
            .addVar("oldSelf", SimpleType.DYN)
            .build();
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();

    private final Map<String, JsonNode> crdsByKind;
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    Admission(Map<String, JsonNode> crdsByKind) {
        this.crdsByKind = crdsByKind;
    }

    /** The object as stored (defaulted) and every reason the API server would give for refusing it. */
    record Result(JsonNode stored, List<String> violations) {
        boolean accepted() {
            return violations.isEmpty();
        }
    }

    Result admit(JsonNode resource) {
        List<String> violations = new ArrayList<>();
        String kind = resource.path("kind").asText();
        JsonNode crd = crdsByKind.get(kind);
        if (crd == null) {
            return new Result(resource, List.of("kind: no CRD for kind \"" + kind + "\""));
        }
        String apiVersion = crd.at("/spec/group").asText() + "/" + crd.at("/spec/versions/0/name").asText();
        if (!apiVersion.equals(resource.path("apiVersion").asText())) {
            violations.add("apiVersion: must be " + apiVersion + ", not \"" + resource.path("apiVersion").asText() + "\"");
        }
        String name = resource.at("/metadata/name").asText("");
        if (name.isEmpty() || name.length() > 253 || !name.matches(NAME)) {
            violations.add("metadata.name: Invalid value: \"" + name + "\": a lowercase RFC 1123 subdomain is required");
        }

        JsonNode schema = crd.at("/spec/versions/0/schema/openAPIV3Schema");
        ObjectNode stored = resource.deepCopy();
        unknownFields(schema, stored, "", violations, true);
        SchemaDefaults.apply(kind, stored);

        Schema jsonSchema = schemas.computeIfAbsent(kind,
                k -> SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(schema.toString(), InputFormat.JSON));
        List<Error> errors = jsonSchema.validate(stored.toString(), InputFormat.JSON);
        for (Error e : errors) {
            violations.add(path(e.getInstanceLocation().toString()) + ": " + e.getMessage());
        }
        if (errors.isEmpty()) {
            rules(schema, stored, "", violations);
        }
        return new Result(stored, violations);
    }

    /**
     * An update: the new object must be admissible, and every transition rule (one naming
     * oldSelf) holds wherever both the old and the new object have the value.
     */
    Result update(JsonNode old, JsonNode resource) {
        Result created = admit(resource);
        Result before = admit(old);
        List<String> violations = new ArrayList<>(created.violations());
        JsonNode schema = crdsByKind.get(resource.path("kind").asText()).at("/spec/versions/0/schema/openAPIV3Schema");
        transitions(schema, before.stored(), created.stored(), "", violations);
        return new Result(created.stored(), violations);
    }

    private static void transitions(JsonNode schema, JsonNode old, JsonNode now, String at, List<String> out) {
        for (JsonNode rule : schema.path("x-kubernetes-validations")) {
            String expression = rule.path("rule").asText();
            if (expression.contains("oldSelf")) {
                Object verdict = evaluate(expression, Map.of("self", celValue(now), "oldSelf", celValue(old)));
                if (!Boolean.TRUE.equals(verdict)) {
                    out.add((at.isEmpty() ? "<root>" : at) + ": Invalid value: " + rule.path("message").asText(expression));
                }
            }
        }
        if (now.isObject() && old.isObject()) {
            schema.path("properties").fields().forEachRemaining(p -> {
                if (now.has(p.getKey()) && old.has(p.getKey())) {
                    transitions(p.getValue(), old.get(p.getKey()), now.get(p.getKey()), join(at, p.getKey()), out);
                }
            });
        }
    }

    /** Strict field validation: a field the schema does not declare is an error, naming it. */
    private static void unknownFields(JsonNode schema, JsonNode node, String at, List<String> out, boolean root) {
        if (schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
            return;
        }
        if (node instanceof ObjectNode object) {
            JsonNode properties = schema.path("properties");
            JsonNode additional = schema.path("additionalProperties");
            for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
                String field = it.next();
                if (root && (field.equals("apiVersion") || field.equals("kind") || field.equals("metadata"))) {
                    continue;
                }
                if (properties.has(field)) {
                    unknownFields(properties.get(field), object.get(field), join(at, field), out, false);
                } else if (additional.isObject()) {
                    unknownFields(additional, object.get(field), join(at, field), out, false);
                } else {
                    out.add(join(at, field) + ": unknown field \"" + field + "\"");
                }
            }
        } else if (node instanceof ArrayNode array && schema.has("items")) {
            for (int i = 0; i < array.size(); i++) {
                unknownFields(schema.get("items"), array.get(i), at + "[" + i + "]", out, false);
            }
        }
    }

    /** Evaluates every x-kubernetes-validations rule on the node it is declared at. */
    private static void rules(JsonNode schema, JsonNode node, String at, List<String> out) {
        for (JsonNode rule : schema.path("x-kubernetes-validations")) {
            String expression = rule.path("rule").asText();
            if (expression.contains("oldSelf")) {
                continue; // a transition rule: the API server evaluates it on update only
            }
            Object verdict = evaluate(expression, Map.of("self", celValue(node)));
            if (!Boolean.TRUE.equals(verdict)) {
                String message = rule.has("message") ? rule.get("message").asText() : "failed rule: " + expression;
                out.add((at.isEmpty() ? "<root>" : at) + ": Invalid value: " + message
                        + (verdict instanceof String error ? " (" + error + ")" : ""));
            }
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> property = it.next();
                if (node.has(property.getKey())) {
                    rules(property.getValue(), node.get(property.getKey()), join(at, property.getKey()), out);
                }
            }
            if (schema.path("additionalProperties").isObject()) {
                node.fields().forEachRemaining(e -> rules(schema.get("additionalProperties"), e.getValue(), join(at, e.getKey()), out));
            }
        } else if (node.isArray() && schema.has("items")) {
            for (int i = 0; i < node.size(); i++) {
                rules(schema.get("items"), node.get(i), at + "[" + i + "]", out);
            }
        }
    }

    /** The rule's value, or a String saying why it could not be compiled or evaluated. */
    static Object evaluate(String expression, Map<String, Object> variables) {
        try {
            CelAbstractSyntaxTree ast = CEL.compile(expression).getAst();
            return RUNTIME.createProgram(ast).eval(variables);
        } catch (CelValidationException e) {
            return "rule does not compile: " + e.getMessage();
        } catch (CelEvaluationException e) {
            return "rule failed to evaluate: " + e.getMessage();
        }
    }

    /** JSON as CEL sees it: maps, lists, int64, double, string, bool. */
    static Object celValue(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.fields().forEachRemaining(e -> {
                if (!e.getValue().isNull()) {
                    map.put(e.getKey(), celValue(e.getValue()));
                }
            });
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(n -> list.add(celValue(n)));
            return list;
        }
        if (node.isIntegralNumber()) {
            return node.asLong();
        }
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        return node.asText();
    }

    private static String join(String at, String field) {
        return at.isEmpty() ? field : at + "." + field;
    }

    /** networknt's instance location (/spec/x/0) in the API server's spelling (spec.x[0]). */
    private static String path(String pointer) {
        StringBuilder p = new StringBuilder();
        for (String token : pointer.split("/")) {
            if (token.isEmpty()) {
                continue;
            }
            if (token.chars().allMatch(Character::isDigit)) {
                p.append('[').append(token).append(']');
            } else {
                p.append(p.length() == 0 ? "" : ".").append(token.replace("~1", "/").replace("~0", "~"));
            }
        }
        return p.length() == 0 ? "<root>" : p.toString();
    }
}
