package dev.fount.operator.vod;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import dev.fount.api.v1alpha1.PackagingGroup;
import dev.fount.operator.GoldenFiles;
import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * Golden files of a PackagingGroup's desired children: for each case folder under
 * golden/vod/, packaginggroup.yaml in, one {kind}.yaml out per child, one dynamic test each.
 */
class VodOriginGoldenTest {

    static final String IMAGE = "fount/origin:0.1.0-test";

    @TestFactory
    Stream<DynamicNode> children() throws IOException {
        Path root = GoldenFiles.ROOT.resolve("vod");
        List<Path> cases;
        try (Stream<Path> dirs = Files.list(root)) {
            cases = dirs.filter(Files::isDirectory).sorted().toList();
        }
        return cases.stream().map(dir -> {
            String name = dir.getFileName().toString();
            PackagingGroup group = GoldenFiles.read("vod/" + name + "/packaginggroup.yaml", PackagingGroup.class);
            List<HasMetadata> children = VodOrigin.all(group, IMAGE);
            Stream<DynamicNode> perFile = children.stream().map(child -> DynamicTest.dynamicTest(file(child),
                    () -> GoldenFiles.assertMatches("vod/" + name + "/" + file(child), child)));
            DynamicTest noStale = DynamicTest.dynamicTest("no other expected files", () -> {
                Set<String> expected = new TreeSet<>();
                try (Stream<Path> files = Files.list(dir)) {
                    files.map(f -> f.getFileName().toString()).filter(f -> !f.equals("packaginggroup.yaml")).forEach(expected::add);
                }
                Set<String> actual = new TreeSet<>(children.stream().map(VodOriginGoldenTest::file).toList());
                if (!Boolean.getBoolean("fount.golden.update")) {
                    assertEquals(expected, actual, "expected files in " + dir + " vs children made");
                }
            });
            return DynamicContainer.dynamicContainer(name, Stream.concat(perFile, Stream.of(noStale)));
        });
    }

    static String file(HasMetadata child) {
        return child.getKind().toLowerCase() + ".yaml";
    }
}
