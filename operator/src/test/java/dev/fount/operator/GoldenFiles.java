package dev.fount.operator;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * Golden-file comparison of desired state (Kroxylicious' DerivedResourcesTest style): the
 * object as YAML against a committed file, with a readable diff. Run with
 * {@code -Dfount.golden.update=true} to rewrite the files from the code, then review the diff.
 */
public final class GoldenFiles {

    public static final Path ROOT = Path.of("src/test/resources/golden");
    static final boolean UPDATE = Boolean.getBoolean("fount.golden.update");

    private GoldenFiles() {
    }

    /** Reads a custom resource (or any object) from a YAML file under src/test/resources/golden. */
    public static <T> T read(String relative, Class<T> type) {
        try {
            return Serialization.unmarshal(Files.readString(ROOT.resolve(relative)), type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts that {@code actual}, as YAML, equals the file {@code relative} under src/test/resources/golden. */
    public static void assertMatches(String relative, HasMetadata actual) {
        Path file = ROOT.resolve(relative);
        String yaml = Serialization.asYaml(actual);
        try {
            if (UPDATE) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, yaml);
                return;
            }
            if (!Files.exists(file)) {
                fail(file + " does not exist; write it with -Dfount.golden.update=true and review it. Actual:\n" + yaml);
            }
            String expected = Files.readString(file);
            if (!expected.strip().equals(yaml.strip())) {
                fail("desired state differs from " + file + " (run with -Dfount.golden.update=true to accept):\n" + diff(expected, yaml));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A line diff: '-' expected, '+' actual, with the line number. */
    static String diff(String expected, String actual) {
        List<String> a = expected.strip().lines().toList();
        List<String> b = actual.strip().lines().toList();
        StringBuilder d = new StringBuilder();
        int n = Math.max(a.size(), b.size());
        for (int i = 0; i < n; i++) {
            String x = i < a.size() ? a.get(i) : null;
            String y = i < b.size() ? b.get(i) : null;
            if (x == null || !x.equals(y)) {
                if (x != null) {
                    d.append(String.format("%4d - %s%n", i + 1, x));
                }
                if (y != null) {
                    d.append(String.format("%4d + %s%n", i + 1, y));
                }
            }
        }
        return d.toString();
    }
}
