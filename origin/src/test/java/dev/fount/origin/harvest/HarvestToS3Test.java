package dev.fount.origin.harvest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.Blob;
import org.jclouds.blobstore.options.PutOptions;
import org.jclouds.blobstore.util.ForwardingBlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A harvest into a real S3 API (s3proxy in-process, path-style, signed requests) read back with
 * the AWS SDK: every file, playlists without query strings, the multivariant playlist PUT last
 * (seen by the server), and a clip ffprobe plays from the downloaded copy.
 */
class HarvestToS3Test {

    private static final String ACCESS_KEY = "harvest-test-access";
    private static final String SECRET_KEY = "harvest-test-secret";
    private static final Map<String, String> ENV = Map.of("AWS_ACCESS_KEY_ID", ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", SECRET_KEY);
    private static final String BUCKET = "clips";

    /** Object keys in the order the S3 server stored them. */
    private static final List<String> PUTS = new CopyOnWriteArrayList<>();
    private static BlobStoreContext blobs;
    private static S3Proxy s3proxy;
    private static URI s3Endpoint;
    private static S3Client s3;

    @TempDir
    Path temp;

    private FakeOrigin origin;

    @BeforeAll
    static void startS3() throws Exception {
        blobs = ContextBuilder.newBuilder("transient").credentials("identity", "credential").build(BlobStoreContext.class);
        BlobStore recording = new ForwardingBlobStore(blobs.getBlobStore()) {
            @Override
            public String putBlob(String container, Blob blob) {
                PUTS.add(blob.getMetadata().getName());
                return super.putBlob(container, blob);
            }

            @Override
            public String putBlob(String container, Blob blob, PutOptions options) {
                PUTS.add(blob.getMetadata().getName());
                return super.putBlob(container, blob, options);
            }
        };
        s3proxy = S3Proxy.builder()
                .blobStore(recording)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        s3proxy.start();
        for (int i = 0; i < 500 && !s3proxy.getState().equals("STARTED"); i++) {
            Thread.sleep(10);
        }
        s3Endpoint = URI.create("http://127.0.0.1:" + s3proxy.getPort());
        s3 = S3ClipStore.client(Optional.of(s3Endpoint), "us-east-1",
                StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)));
        s3.createBucket(b -> b.bucket(BUCKET));
    }

    @AfterAll
    static void stopS3() throws Exception {
        s3.close();
        s3proxy.stop();
        blobs.close();
    }

    @BeforeEach
    void startOrigin() throws Exception {
        origin = new FakeOrigin(HlsFixture.tree());
        PUTS.clear();
    }

    @AfterEach
    void stopOrigin() {
        origin.close();
    }

    @Test
    void writesTheClipToS3MultivariantPlaylistLast() throws Exception {
        String prefix = "2026/game-" + System.nanoTime() + "/";

        CommandRun run = CommandRun.of(ENV, CommandRun.args(origin, "s3://" + BUCKET + "/" + prefix + "index.m3u8",
                "--s3-endpoint", s3Endpoint.toString(), "--s3-region", "eu-west-3"));

        assertEquals(HarvestCommand.OK, run.exit(), run.err());
        assertTrue(run.out().contains("multivariant playlist s3://" + BUCKET + "/" + prefix + "index.m3u8"), run.out());

        Set<String> expected = new TreeSet<>();
        HlsFixture.files().forEach(f -> expected.add(prefix + f));
        assertEquals(expected, keys(prefix), "every playlist and segment under the multivariant playlist's prefix");

        // Order as the server saw it: all segments, then media playlists, the multivariant playlist last.
        assertEquals(prefix + "index.m3u8", PUTS.get(PUTS.size() - 1), PUTS.toString());
        int firstPlaylist = PUTS.indexOf(PUTS.stream().filter(k -> k.endsWith(".m3u8")).findFirst().orElseThrow());
        assertTrue(PUTS.subList(0, firstPlaylist).stream().allMatch(k -> k.endsWith(".ts")), PUTS.toString());
        assertTrue(PUTS.subList(firstPlaylist, PUTS.size()).stream().allMatch(k -> k.endsWith(".m3u8")), PUTS.toString());
        assertEquals(expected.size(), PUTS.size(), "each file PUT once");

        Path copy = temp.resolve("clip");
        Files.createDirectories(copy);
        Path tree = HlsFixture.tree();
        for (String key : expected) {
            ResponseBytes<GetObjectResponse> object = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key));
            String name = key.substring(prefix.length());
            Files.write(copy.resolve(name), object.asByteArray());
            if (name.endsWith(".m3u8")) {
                assertEquals("application/vnd.apple.mpegurl", object.response().contentType(), key);
                String text = object.asUtf8String();
                assertFalse(text.contains("?"), key + " still names query strings:\n" + text);
                assertFalse(text.contains("I-FRAME"), key);
            } else {
                assertEquals("video/mp2t", object.response().contentType(), key);
                assertArrayEquals(Files.readAllBytes(tree.resolve(name)), object.asByteArray(), key);
            }
        }
        ClipProbe probe = ClipProbe.of(copy.resolve("index.m3u8"));
        assertEquals(HlsFixture.DURATION_SECONDS, probe.durationSeconds(), HlsFixture.SEGMENT_SECONDS, "duration within one segment");
        assertEquals(Set.of("aac", "h264"), probe.codecs());
    }

    @Test
    void aFailureMidwayLeavesNoMultivariantPlaylistInTheBucket() throws Exception {
        String prefix = "2026/broken-" + System.nanoTime() + "/";
        String failing = HlsFixture.segments().get(HlsFixture.segments().size() - 1);
        origin.failAlways(failing);

        CommandRun run = CommandRun.of(ENV, CommandRun.args(origin, "s3://" + BUCKET + "/" + prefix + "index.m3u8",
                "--s3-endpoint", s3Endpoint.toString()));

        assertEquals(HarvestCommand.FAILED, run.exit());
        assertEquals(1, run.errLines().size(), run.err());
        assertTrue(run.err().startsWith("harvest failed: segment " + failing), run.err());
        Set<String> written = keys(prefix);
        assertFalse(written.isEmpty(), "segments before the failing one were written");
        assertTrue(written.stream().allMatch(k -> k.endsWith(".ts")), "no playlist of a half clip: " + written);
        assertFalse(written.contains(prefix + failing));
    }

    @Test
    void aRefusedWriteFailsWithOneLineNamingTheObject() throws Exception {
        CommandRun run = CommandRun.of(ENV, CommandRun.args(origin, "s3://no-such-bucket/x/index.m3u8",
                "--s3-endpoint", s3Endpoint.toString()));

        assertEquals(HarvestCommand.FAILED, run.exit());
        assertEquals(1, run.errLines().size(), run.err());
        // The first write to the destination is the removal of a stale multivariant playlist, before any segment is fetched.
        assertTrue(run.err().startsWith("harvest failed: cannot remove s3://no-such-bucket/x/index.m3u8: "), run.err());
        assertTrue(run.err().contains("NoSuchBucket") || run.err().contains("bucket does not exist"), run.err());
        assertEquals(0, origin.requests().stream().filter(r -> r.contains(".ts")).count(), origin.requests().toString());
    }

    private static Set<String> keys(String prefix) {
        Set<String> keys = new TreeSet<>();
        s3.listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix(prefix)).contents().stream().map(S3Object::key).forEach(keys::add);
        return keys;
    }
}
