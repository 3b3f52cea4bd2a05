package dev.fount.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * A Kubernetes condition (the fields of metav1.Condition), declared here so that each field
 * carries its {@code kubectl explain} text in the CRDs.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Condition {

    public static final String READY = "Ready";
    public static final String RESOLVED_REFS = "ResolvedRefs";
    /** On encrypted OriginEndpoints and PackagingConfigurations: whether the origin gets keys from its key server. */
    public static final String KEY_SERVER = "KeyServer";

    public enum Status {
        True, False, Unknown
    }

    @JsonPropertyDescription("Type of the condition, in CamelCase: Ready, ResolvedRefs, KeyServer.")
    public String type;

    @JsonPropertyDescription("True, False or Unknown.")
    public Status status;

    @JsonPropertyDescription("The metadata.generation the condition was set from.")
    public Long observedGeneration;

    @JsonPropertyDescription("When status last changed (RFC 3339).")
    public String lastTransitionTime;

    @JsonPropertyDescription("Why the condition is as it is, in CamelCase (e.g. ChannelNotFound).")
    public String reason;

    @JsonPropertyDescription("What a human should know about the transition, naming the field or object at fault.")
    public String message;

    public Condition() {
    }

    public Condition(String type, Status status, Long observedGeneration, String lastTransitionTime, String reason, String message) {
        this.type = type;
        this.status = status;
        this.observedGeneration = observedGeneration;
        this.lastTransitionTime = lastTransitionTime;
        this.reason = reason;
        this.message = message;
    }
}
