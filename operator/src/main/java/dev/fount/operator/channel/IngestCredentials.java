package dev.fount.operator.channel;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.fount.api.v1alpha1.Channel;
import dev.fount.operator.common.ChildNames;
import dev.fount.operator.common.Labels;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;

/**
 * The credentials encoders use on a Channel's two ingest endpoints: a Secret with the keys
 * {@code username} and {@code password}, either named by the Channel or generated once by the
 * operator as {@code <channel>-ingest}.
 */
public final class IngestCredentials {

    public static final String USERNAME = "username";
    public static final String PASSWORD = "password";
    static final int PASSWORD_LENGTH = 32;

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private IngestCredentials() {
    }

    /** True when the Channel names its own Secret, so the operator generates none. */
    public static boolean named(Channel channel) {
        return channel.getSpec() != null && channel.getSpec().ingest != null
                && channel.getSpec().ingest.credentialsSecretRef != null
                && channel.getSpec().ingest.credentialsSecretRef.name != null;
    }

    /** The Secret the origin mounts and status points at: the named one, else the generated one. */
    public static String secretName(Channel channel) {
        return named(channel) ? channel.getSpec().ingest.credentialsSecretRef.name
                : ChildNames.channelIngestSecret(channel.getMetadata().getName());
    }

    /** The generated Secret: user name = the channel's name, a random password. Created once, never updated. */
    public static Secret generated(Channel channel, String password) {
        // stringData: the API server stores it as data; the object stays readable in tests and logs.
        Map<String, String> data = new LinkedHashMap<>();
        data.put(USERNAME, channel.getMetadata().getName());
        data.put(PASSWORD, password);
        return new SecretBuilder()
                .withNewMetadata()
                    .withName(ChildNames.channelIngestSecret(channel.getMetadata().getName()))
                    .withNamespace(channel.getMetadata().getNamespace())
                    .withLabels(Labels.of("ingest", channel))
                .endMetadata()
                .withType("Opaque")
                .withStringData(data)
                .build();
    }

    /** A new random password of {@value #PASSWORD_LENGTH} letters and digits (about 190 bits). */
    public static String randomPassword() {
        StringBuilder password = new StringBuilder(PASSWORD_LENGTH);
        for (int i = 0; i < PASSWORD_LENGTH; i++) {
            password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }

    /** The value of {@code key} of a Secret: from data (base64), or stringData as written; null when absent. */
    public static String value(Secret secret, String key) {
        if (secret.getData() != null && secret.getData().get(key) != null) {
            return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
        }
        if (secret.getStringData() != null) {
            return secret.getStringData().get(key);
        }
        return null;
    }
}
