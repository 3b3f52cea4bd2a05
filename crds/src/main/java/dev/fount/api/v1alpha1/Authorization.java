package dev.fount.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Required;

/** CDN authorization: MediaPackage's Authorization, with the Secrets Manager ARN as a Secret. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Authorization {

    @Required
    @JsonPropertyDescription("Secret whose key cdnIdentifier holds the value the CDN sends in X-MediaPackage-CDNIdentifier; a key previousCdnIdentifier is accepted too, so the value can be rotated without refusing the CDN.")
    public SecretReference cdnIdentifierSecretRef;
}
