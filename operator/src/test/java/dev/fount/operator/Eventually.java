package dev.fount.operator;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;

/** Polling for the asynchronous controllers (no Awaitility on the test classpath), and CRD setup. */
public final class Eventually {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private Eventually() {
    }

    /** As {@link #that(String, BooleanSupplier)}, adding {@code state} (what was seen last) to the failure. */
    public static void that(String what, BooleanSupplier condition, Supplier<String> state) {
        try {
            that(what, condition);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nlast seen:\n" + state.get(), e);
        }
    }

    public static void that(String what, BooleanSupplier condition) {
        Instant end = Instant.now().plus(TIMEOUT);
        RuntimeException last = null;
        while (Instant.now().isBefore(end)) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException e) {
                last = e; // e.g. status not written yet
            }
            sleep();
        }
        fail("not within " + TIMEOUT + ": " + what + (last != null ? " (last error: " + last + ")" : ""));
    }

    public static <T> T get(String what, Supplier<T> supplier) {
        Instant end = Instant.now().plus(TIMEOUT);
        while (Instant.now().isBefore(end)) {
            T t = supplier.get();
            if (t != null) {
                return t;
            }
            sleep();
        }
        fail("not within " + TIMEOUT + ": " + what);
        return null;
    }

    /** The committed CRDs, so the mock server knows the status subresources (idempotent). */
    public static void installCrds(KubernetesClient client) {
        for (String plural : List.of("channels", "originendpoints", "packaginggroups", "packagingconfigurations", "assets", "harvestjobs")) {
            try {
                CustomResourceDefinition crd = Serialization.unmarshal(
                        Files.readString(Path.of("../crds/" + plural + ".fount.dev-v1.yml")), CustomResourceDefinition.class);
                if (client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName()).get() == null) {
                    client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
