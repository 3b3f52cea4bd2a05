package dev.fount.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Required;

/**
 * One fixed content key from a Secret, in place of a key server: for tests and simple setups
 * (Fount's addition; MediaPackage always asks a SPEKE server).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StaticKeyProvider {

    @Required
    @JsonPropertyDescription("Secret with keyId (a UUID), key (32 hex characters or base64 of 16 bytes) and, for HLS, hlsKeyUri (the URI players fetch the key from). The same key encrypts every track and period.")
    public SecretReference keySecretRef;
}
