package dev.fount.operator.common;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.fount.api.v1alpha1.OriginEndpointSpec;
import dev.fount.api.v1alpha1.PackagingConfigurationSpec;
import dev.fount.api.v1alpha1.SecretReference;
import dev.fount.api.v1alpha1.SpekeKeyProvider;
import dev.fount.api.v1alpha1.StaticKeyProvider;

/**
 * The Secrets an endpoint's or packaging configuration's encryption names: the key server's
 * headers and certificate, or the static key. The origin may not read Secrets through the API, so
 * the operator mounts these in the origin pod (optional: a missing one is reported by the origin
 * and fails key requests, not the pod).
 */
public final class EncryptionSecrets {

    private EncryptionSecrets() {
    }

    /** The Secrets of an OriginEndpoint's packager encryption, in no particular order. */
    public static List<String> of(OriginEndpointSpec s) {
        List<String> out = new ArrayList<>();
        if (s == null) {
            return out;
        }
        if (s.hlsPackage != null && s.hlsPackage.encryption != null) {
            add(out, s.hlsPackage.encryption.spekeKeyProvider, s.hlsPackage.encryption.staticKeyProvider);
        }
        if (s.dashPackage != null && s.dashPackage.encryption != null) {
            add(out, s.dashPackage.encryption.spekeKeyProvider, s.dashPackage.encryption.staticKeyProvider);
        }
        if (s.cmafPackage != null && s.cmafPackage.encryption != null) {
            add(out, s.cmafPackage.encryption.spekeKeyProvider, s.cmafPackage.encryption.staticKeyProvider);
        }
        if (s.mssPackage != null && s.mssPackage.encryption != null) {
            add(out, s.mssPackage.encryption.spekeKeyProvider, s.mssPackage.encryption.staticKeyProvider);
        }
        return out;
    }

    /** The Secrets of a PackagingConfiguration's encryption. */
    public static List<String> of(PackagingConfigurationSpec s) {
        List<String> out = new ArrayList<>();
        if (s == null) {
            return out;
        }
        if (s.hlsPackage != null && s.hlsPackage.encryption != null) {
            add(out, s.hlsPackage.encryption.spekeKeyProvider, s.hlsPackage.encryption.staticKeyProvider);
        }
        if (s.dashPackage != null && s.dashPackage.encryption != null) {
            add(out, s.dashPackage.encryption.spekeKeyProvider, s.dashPackage.encryption.staticKeyProvider);
        }
        if (s.cmafPackage != null && s.cmafPackage.encryption != null) {
            add(out, s.cmafPackage.encryption.spekeKeyProvider, s.cmafPackage.encryption.staticKeyProvider);
        }
        if (s.mssPackage != null && s.mssPackage.encryption != null) {
            add(out, s.mssPackage.encryption.spekeKeyProvider, s.mssPackage.encryption.staticKeyProvider);
        }
        return out;
    }

    private static void add(List<String> out, SpekeKeyProvider speke, StaticKeyProvider fixed) {
        if (speke != null) {
            name(out, speke.headersSecretRef);
            name(out, speke.certificateSecretRef);
        }
        if (fixed != null) {
            name(out, fixed.keySecretRef);
        }
    }

    private static void name(List<String> out, SecretReference ref) {
        if (ref != null && ref.name != null && !out.contains(ref.name)) {
            out.add(Objects.requireNonNull(ref.name));
        }
    }
}
