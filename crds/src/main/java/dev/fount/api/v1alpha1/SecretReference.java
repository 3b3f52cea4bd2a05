package dev.fount.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A Secret in the resource's own namespace: what Fount uses wherever AWS takes an ARN or IAM role. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecretReference {

    @Size(max = 253)
    @Required
    @Pattern(Names.DNS_SUBDOMAIN)
    @JsonPropertyDescription("Name of a Secret in the same namespace.")
    public String name;

    public SecretReference() {
    }

    public SecretReference(String name) {
        this.name = name;
    }
}
