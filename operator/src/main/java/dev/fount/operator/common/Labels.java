package dev.fount.operator.common;

import java.util.LinkedHashMap;
import java.util.Map;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** The labels on every object the operator makes (app.kubernetes.io recommended labels). */
public final class Labels {

    public static final String MANAGED_BY = "fount-operator";

    private Labels() {
    }

    /**
     * @param component what the object is for: origin, ingest, egress, harvest…
     * @param owner     the custom resource it belongs to; its name becomes the instance
     */
    public static Map<String, String> of(String component, HasMetadata owner) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/name", "fount");
        labels.put("app.kubernetes.io/instance", owner.getMetadata().getName());
        labels.put("app.kubernetes.io/component", component);
        labels.put("app.kubernetes.io/managed-by", MANAGED_BY);
        labels.put("app.kubernetes.io/part-of", owner.getKind().toLowerCase() + "-" + owner.getMetadata().getName());
        return labels;
    }

    /** The subset that selects a workload's pods: stable for the workload's life. */
    public static Map<String, String> selector(String component, HasMetadata owner) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/name", "fount");
        labels.put("app.kubernetes.io/instance", owner.getMetadata().getName());
        labels.put("app.kubernetes.io/component", component);
        return labels;
    }
}
