package dev.fount.origin.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Self-signed certificates for tests, made by {@code openssl} at test time (the JDK has no public
 * API to issue certificates). Each is valid for 127.0.0.1 and localhost, so it can serve TLS as well
 * as identify a client. Pairs are made once per name and JVM.
 */
final class TestPki {

    private static final Map<String, Pair> PAIRS = new ConcurrentHashMap<>();

    private TestPki() {
    }

    /** A certificate and its key, as the tls.crt and tls.key of a Secret. */
    record Pair(String certificatePem, String keyPem, Path dir) {

        ClientCertificate identity() {
            return ClientCertificate.fromPem(certificatePem, keyPem);
        }

        X509Certificate certificate() {
            return identity().certificate();
        }

        /** The key converted by {@code openssl <command> <args>}, e.g. to PKCS#1 or SEC1. */
        String keyPem(String... command) {
            List<String> args = new ArrayList<>(List.of(command));
            args.addAll(List.of("-in", "key.pem"));
            return openssl(dir, args.toArray(String[]::new));
        }
    }

    /** A 2048-bit RSA pair with subject CN={@code name}. */
    static Pair rsa(String name) {
        return PAIRS.computeIfAbsent("rsa/" + name, k -> pair(name, "rsa:2048"));
    }

    /** A P-256 EC pair with subject CN={@code name}. */
    static Pair ec(String name) {
        return PAIRS.computeIfAbsent("ec/" + name, k -> pair(name, "ec", "-pkeyopt", "ec_paramgen_curve:P-256"));
    }

    private static Pair pair(String name, String... newKey) {
        try {
            Path dir = Files.createTempDirectory("fount-pki-");
            dir.toFile().deleteOnExit();
            List<String> args = new ArrayList<>(List.of("req", "-x509", "-newkey"));
            args.addAll(List.of(newKey));
            args.addAll(List.of("-nodes", "-keyout", "key.pem", "-out", "cert.pem", "-days", "2", "-subj", "/CN=" + name, "-addext",
                    "subjectAltName=IP:127.0.0.1,DNS:localhost"));
            openssl(dir, args.toArray(String[]::new));
            for (String file : List.of("key.pem", "cert.pem")) {
                dir.resolve(file).toFile().deleteOnExit();
            }
            return new Pair(Files.readString(dir.resolve("cert.pem")), Files.readString(dir.resolve("key.pem")), dir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot make a test certificate", e);
        }
    }

    /** Runs openssl in {@code dir}; its standard output. */
    static String openssl(Path dir, String... args) {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("openssl " + String.join(" ", args) + " failed");
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("these tests need openssl on the PATH to make certificates: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
