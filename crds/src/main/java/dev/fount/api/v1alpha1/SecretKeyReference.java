package dev.fount.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One key of a Secret; used in status to point at a generated password without revealing it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecretKeyReference {

    @JsonPropertyDescription("Name of the Secret in the same namespace.")
    public String name;

    @JsonPropertyDescription("Key inside the Secret's data.")
    public String key;

    public SecretKeyReference() {
    }

    public SecretKeyReference(String name, String key) {
        this.name = name;
        this.key = key;
    }
}
