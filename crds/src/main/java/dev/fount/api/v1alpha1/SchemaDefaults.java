package dev.fount.api.v1alpha1;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * Structural defaulting exactly as the API server does it, from the CRDs generated into this
 * jar: a missing property with a schema default gets it, inside every object that exists.
 * The API server applies these in a cluster; anything that reads the same YAML without an
 * API server (the origin run standalone on a folder, the tests) applies them here, so the
 * defaults have one source: the annotations on the Java types.
 */
public final class SchemaDefaults {

    private static final Map<String, JSONSchemaProps> SCHEMAS = new ConcurrentHashMap<>();

    private SchemaDefaults() {
    }

    /** Applies the defaults of {@code kind}'s CRD to {@code resource} in place and returns it. */
    public static ObjectNode apply(String kind, ObjectNode resource) {
        apply(schema(kind), resource);
        return resource;
    }

    /** The openAPIV3Schema of a kind's CRD, read once from META-INF/fabric8 in this jar. */
    public static JSONSchemaProps schema(String kind) {
        return SCHEMAS.computeIfAbsent(kind, SchemaDefaults::load);
    }

    private static JSONSchemaProps load(String kind) {
        String plural = switch (kind) {
            case "Channel" -> "channels";
            case "OriginEndpoint" -> "originendpoints";
            case "HarvestJob" -> "harvestjobs";
            case "PackagingGroup" -> "packaginggroups";
            case "PackagingConfiguration" -> "packagingconfigurations";
            case "Asset" -> "assets";
            default -> throw new IllegalArgumentException("not a fount.dev kind: " + kind);
        };
        String resource = "META-INF/fabric8/" + plural + "." + Channel.GROUP + "-v1.yml";
        try (InputStream in = SchemaDefaults.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the classpath");
            }
            CustomResourceDefinition crd = Serialization.unmarshal(in, CustomResourceDefinition.class);
            return crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void apply(JSONSchemaProps schema, JsonNode node) {
        if (schema == null) {
            return;
        }
        if (node instanceof ObjectNode object && schema.getProperties() != null) {
            schema.getProperties().forEach((name, property) -> {
                if (!object.has(name) && property.getDefault() != null) {
                    object.set(name, property.getDefault().deepCopy());
                }
                if (object.has(name)) {
                    apply(property, object.get(name));
                }
            });
        } else if (node instanceof ArrayNode array && schema.getItems() != null) {
            array.forEach(item -> apply(schema.getItems().getSchema(), item));
        }
    }
}
