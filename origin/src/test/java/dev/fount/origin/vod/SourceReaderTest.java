package dev.fount.origin.vod;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.fount.origin.e2e.InProcessS3;
import dev.fount.origin.vod.SourceException.Reason;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The same ranged-read contract checked against a real S3 API (s3proxy in-process), a JDK HTTP
 * server on loopback that implements Range, and a temporary folder; then what only one scheme
 * has: a server ignoring Range, HEAD refused, basic auth, redirects, S3 credentials and buckets.
 */
class SourceReaderTest {

    private static final byte[] MEDIA = new byte[100_000];
    private static final byte[] SPACED = "the object under a key with a space".getBytes(StandardCharsets.UTF_8);
    /** Objects by their path under each source's root. */
    private static final Map<String, byte[]> OBJECTS = Map.of("video/1.mp4", MEDIA, "video/b c.mp4", SPACED);
    private static final String BUCKET = "media";
    private static final String USER = "viewer";
    private static final String PASSWORD = "open-sesame";
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d+)");
    /** The Authorization header of the last request the server answered with an object ("" for none). */
    private static final AtomicReference<String> LAST_AUTHORIZATION = new AtomicReference<>();

    @TempDir
    static Path folder;

    private static InProcessS3 s3;
    private static HttpServer http;
    private static String httpBase;
    private static Source s3Source;
    private static Source httpSource;
    private static Source fileSource;

    /** A source's root URI and the reader opened for it. */
    private record Source(URI root, SourceReader reader) {
        URI at(String relative) {
            return root.resolve(relative);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        new Random(42).nextBytes(MEDIA);

        Path media = Files.createDirectories(folder.resolve("media/video"));
        Files.write(media.resolve("1.mp4"), MEDIA);
        Files.write(media.resolve("b c.mp4"), SPACED);
        URI fileRoot = folder.resolve("media").toUri();
        fileSource = new Source(fileRoot, Sources.open(fileRoot, SourceSettings.anonymous()));

        s3 = new InProcessS3();
        s3.client().createBucket(b -> b.bucket(BUCKET));
        for (Map.Entry<String, byte[]> object : OBJECTS.entrySet()) {
            s3.client().putObject(b -> b.bucket(BUCKET).key("vod/" + object.getKey()), RequestBody.fromBytes(object.getValue()));
        }
        URI s3Root = URI.create("s3://" + BUCKET + "/vod/");
        s3Source = new Source(s3Root, Sources.open(s3Root, s3Settings(InProcessS3.SECRET_KEY)));

        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/media/", exchange -> serve(exchange, "/media/", true, true));
        http.createContext("/whole/", exchange -> serve(exchange, "/whole/", false, true));
        http.createContext("/nohead/", exchange -> serve(exchange, "/nohead/", true, false));
        http.createContext("/private/", exchange -> serve(exchange, "/private/", true, true))
                .setAuthenticator(new BasicAuthenticator("fount") {
                    @Override
                    public boolean checkCredentials(String username, String password) {
                        return USER.equals(username) && PASSWORD.equals(password);
                    }
                });
        http.createContext("/moved/", exchange -> {
            exchange.getResponseHeaders().set("Location", "/media/" + exchange.getRequestURI().getRawPath().substring("/moved/".length()));
            respond(exchange, 302, new byte[0]);
        });
        http.createContext("/away/", exchange -> {
            exchange.getResponseHeaders().set("Location", "http://localhost:" + http.getAddress().getPort() + "/media/"
                    + exchange.getRequestURI().getRawPath().substring("/away/".length()));
            respond(exchange, 307, new byte[0]);
        });
        http.createContext("/broken/", exchange -> respond(exchange, 500, new byte[0]));
        http.start();
        httpBase = "http://127.0.0.1:" + http.getAddress().getPort();
        URI httpRoot = URI.create(httpBase + "/media/");
        httpSource = new Source(httpRoot, Sources.open(httpRoot, SourceSettings.anonymous()));
    }

    @AfterAll
    static void stop() throws Exception {
        for (Source source : new Source[] { s3Source, httpSource, fileSource }) {
            if (source != null) {
                source.reader().close();
            }
        }
        if (http != null) {
            http.stop(0);
        }
        if (s3 != null) {
            s3.close();
        }
    }

    static Stream<Named<Source>> sources() {
        return Stream.of(Named.of("s3", s3Source), Named.of("http", httpSource), Named.of("file", fileSource));
    }

    // ---- the contract, for every scheme ----

    @ParameterizedTest
    @MethodSource("sources")
    void readsARangeInTheMiddle(Source source) throws IOException {
        assertArrayEquals(Arrays.copyOfRange(MEDIA, 1000, 1500), source.reader().read(source.at("video/1.mp4"), 1000, 500));
        assertArrayEquals(new byte[0], source.reader().read(source.at("video/1.mp4"), 1000, 0));
    }

    @ParameterizedTest
    @MethodSource("sources")
    void aRangeCrossingTheEndIsCutShort(Source source) throws IOException {
        assertArrayEquals(Arrays.copyOfRange(MEDIA, MEDIA.length - 100, MEDIA.length),
                source.reader().read(source.at("video/1.mp4"), MEDIA.length - 100, 500));
    }

    @ParameterizedTest
    @MethodSource("sources")
    void aRangeAtOrAfterTheEndIsEmpty(Source source) throws IOException {
        assertArrayEquals(new byte[0], source.reader().read(source.at("video/1.mp4"), MEDIA.length, 10));
        assertArrayEquals(new byte[0], source.reader().read(source.at("video/1.mp4"), MEDIA.length + 5000, 10));
    }

    @ParameterizedTest
    @MethodSource("sources")
    void tellsTheSize(Source source) throws IOException {
        assertEquals(MEDIA.length, source.reader().size(source.at("video/1.mp4")));
    }

    @ParameterizedTest
    @MethodSource("sources")
    void readsWholeObjectsUpToTheLimit(Source source) throws IOException {
        URI uri = source.at("video/1.mp4");
        assertArrayEquals(MEDIA, source.reader().readAll(uri, MEDIA.length));
        SourceException refused = assertRefused(Reason.TOO_LARGE, () -> source.reader().readAll(uri, MEDIA.length - 1));
        assertTrue(refused.getMessage().startsWith(uri + ": "), refused.getMessage());
        assertTrue(refused.getMessage().contains("limit of " + (MEDIA.length - 1) + " bytes"), refused.getMessage());
    }

    @ParameterizedTest
    @MethodSource("sources")
    void resolvesRelativeUrisWithEscapes(Source source) throws IOException {
        URI spaced = source.at("video/b%20c.mp4");
        assertArrayEquals(SPACED, source.reader().readAll(spaced, 1000));
        assertArrayEquals(Arrays.copyOfRange(SPACED, 4, 10), source.reader().read(spaced, 4, 6));
        assertEquals(SPACED.length, source.reader().size(spaced));
    }

    @ParameterizedTest
    @MethodSource("sources")
    void aMissingObjectIsNotFoundByName(Source source) {
        URI missing = source.at("video/missing.mp4");
        for (Executable call : new Executable[] { () -> source.reader().read(missing, 0, 10), () -> source.reader().size(missing),
                () -> source.reader().readAll(missing, 1000) }) {
            SourceException refused = assertRefused(Reason.NOT_FOUND, call);
            assertTrue(refused.getMessage().startsWith(missing + ": "), refused.getMessage());
        }
    }

    @ParameterizedTest
    @MethodSource("sources")
    void anotherSchemeIsABadUri(Source source) {
        URI foreign = URI.create("ftp://example.com/video/1.mp4");
        assertRefused(Reason.BAD_URI, () -> source.reader().read(foreign, 0, 10));
        assertRefused(Reason.BAD_URI, () -> source.reader().size(foreign));
        assertRefused(Reason.BAD_URI, () -> source.reader().readAll(foreign, 10));
    }

    // ---- messages, by scheme ----

    @Test
    void notFoundMessagesNameTheUriAndTheAnswer() {
        URI s3Missing = URI.create("s3://media/vod/video/missing.mp4");
        assertEquals(s3Missing + ": no such object (S3 404 NoSuchKey)",
                assertRefused(Reason.NOT_FOUND, () -> s3Source.reader().read(s3Missing, 0, 10)).getMessage());
        URI httpMissing = URI.create(httpBase + "/media/video/missing.mp4");
        assertEquals(httpMissing + ": HTTP 404", assertRefused(Reason.NOT_FOUND, () -> httpSource.reader().read(httpMissing, 0, 10)).getMessage());
        URI fileMissing = fileSource.at("video/missing.mp4");
        assertEquals(fileMissing + ": no such file", assertRefused(Reason.NOT_FOUND, () -> fileSource.reader().read(fileMissing, 0, 10)).getMessage());
    }

    // ---- S3 ----

    @Test
    void s3RefusesAWrongSecretAndAnonymousRequests() throws IOException {
        URI uri = s3Source.at("video/1.mp4");
        try (SourceReader wrong = Sources.open(s3Source.root(), s3Settings("not-the-secret"))) {
            SourceException refused = assertRefused(Reason.ACCESS_DENIED, () -> wrong.read(uri, 0, 10));
            assertTrue(refused.getMessage().startsWith(uri + ": access denied (S3 403"), refused.getMessage());
            assertFalse(refused.getMessage().contains("not-the-secret"), refused.getMessage());
        }
        try (SourceReader anonymous = Sources.open(s3Source.root(), new SourceSettings(s3.endpoint().toString(), null, null, null, null, null))) {
            assertRefused(Reason.ACCESS_DENIED, () -> anonymous.size(uri));
        }
    }

    @Test
    void s3ReadsOneBucket() throws IOException {
        assertRefused(Reason.BAD_URI, () -> s3Source.reader().read(URI.create("s3://other/vod/video/1.mp4"), 0, 10));
        assertRefused(Reason.BAD_URI, () -> s3Source.reader().read(URI.create("s3://media/"), 0, 10));
        URI absent = URI.create("s3://absent/video/1.mp4");
        try (SourceReader reader = Sources.open(absent, s3Settings(InProcessS3.SECRET_KEY))) {
            assertEquals(absent + ": no such bucket (S3 404 NoSuchBucket)", assertRefused(Reason.NOT_FOUND, () -> reader.read(absent, 0, 10)).getMessage());
        }
    }

    @Test
    void s3WithoutAServerIsUnreachable() throws IOException {
        URI uri = s3Source.at("video/1.mp4");
        try (SourceReader reader = Sources.open(s3Source.root(), new SourceSettings("http://127.0.0.1:" + closedPort(), null,
                InProcessS3.ACCESS_KEY, InProcessS3.SECRET_KEY, null, null))) {
            SourceException refused = assertRefused(Reason.UNREACHABLE, () -> reader.read(uri, 0, 10));
            assertTrue(refused.getMessage().startsWith(uri + ": cannot reach the S3 endpoint http://127.0.0.1:"), refused.getMessage());
        }
    }

    // ---- HTTP ----

    @Test
    void httpServerIgnoringRangeIsReadWithoutTheRest() throws IOException {
        URI uri = URI.create(httpBase + "/whole/video/1.mp4");
        SourceReader reader = httpSource.reader();
        assertArrayEquals(Arrays.copyOfRange(MEDIA, 70_000, 71_000), reader.read(uri, 70_000, 1000));
        assertArrayEquals(Arrays.copyOfRange(MEDIA, MEDIA.length - 10, MEDIA.length), reader.read(uri, MEDIA.length - 10, 1000));
        assertArrayEquals(new byte[0], reader.read(uri, MEDIA.length + 1, 1000));
        assertArrayEquals(MEDIA, reader.readAll(uri, MEDIA.length));
        assertRefused(Reason.TOO_LARGE, () -> reader.readAll(uri, 1000));
    }

    @Test
    void httpSizeWithoutHeadComesFromContentRange() throws IOException {
        assertEquals(MEDIA.length, httpSource.reader().size(URI.create(httpBase + "/nohead/video/1.mp4")));
    }

    @Test
    void httpBasicAuthentication() throws IOException {
        URI uri = URI.create(httpBase + "/private/video/1.mp4");
        try (SourceReader reader = Sources.open(uri, new SourceSettings(null, null, null, null, USER, PASSWORD))) {
            assertArrayEquals(Arrays.copyOfRange(MEDIA, 10, 20), reader.read(uri, 10, 10));
            assertEquals(MEDIA.length, reader.size(uri));
        }
        try (SourceReader reader = Sources.open(uri, new SourceSettings(null, null, null, null, USER, "wrong"))) {
            assertEquals(uri + ": HTTP 401 (user name or password refused)", assertRefused(Reason.ACCESS_DENIED, () -> reader.read(uri, 10, 10)).getMessage());
        }
        assertEquals(uri + ": HTTP 401 (the server wants a user name and password)",
                assertRefused(Reason.ACCESS_DENIED, () -> httpSource.reader().readAll(uri, 1000)).getMessage());
    }

    @Test
    void httpCredentialsInTheUriAreRefusedAndNotShown() {
        URI uri = URI.create("http://" + USER + ":" + PASSWORD + "@127.0.0.1:" + http.getAddress().getPort() + "/private/video/1.mp4?token=abc");
        SourceException refused = assertRefused(Reason.BAD_URI, () -> httpSource.reader().read(uri, 0, 10));
        assertTrue(refused.getMessage().startsWith(httpBase + "/private/video/1.mp4?…: "), refused.getMessage());
        assertFalse(refused.getMessage().contains(PASSWORD) || refused.getMessage().contains("abc"), refused.getMessage());
    }

    @Test
    void httpFollowsRedirectsAndKeepsCredentialsToTheRootsOrigin() throws IOException {
        assertArrayEquals(Arrays.copyOfRange(MEDIA, 500, 600), httpSource.reader().read(URI.create(httpBase + "/moved/video/1.mp4"), 500, 100));
        URI root = URI.create(httpBase + "/private/");
        try (SourceReader reader = Sources.open(root, new SourceSettings(null, null, null, null, USER, PASSWORD))) {
            reader.read(URI.create(httpBase + "/moved/video/1.mp4"), 0, 10);
            assertTrue(LAST_AUTHORIZATION.get().startsWith("Basic "), "same origin after a redirect: credentials sent");
            assertArrayEquals(Arrays.copyOfRange(MEDIA, 500, 600), reader.read(URI.create(httpBase + "/away/video/1.mp4"), 500, 100));
            assertEquals("", LAST_AUTHORIZATION.get(), "another origin (localhost) after a redirect: no credentials");
        }
    }

    @Test
    void httpServerErrorsAndClosedPortsAreUnreachable() throws IOException {
        URI broken = URI.create(httpBase + "/broken/video/1.mp4");
        assertEquals(broken + ": HTTP 500 (server error)", assertRefused(Reason.UNREACHABLE, () -> httpSource.reader().read(broken, 0, 10)).getMessage());
        int port = closedPort();
        URI closed = URI.create("http://127.0.0.1:" + port + "/video/1.mp4");
        SourceException refused = assertRefused(Reason.UNREACHABLE, () -> httpSource.reader().read(closed, 0, 10));
        assertTrue(refused.getMessage().startsWith(closed + ": cannot connect to 127.0.0.1:" + port), refused.getMessage());
    }

    // ---- files, opening, settings ----

    @Test
    void aDirectoryIsNoFile() {
        assertRefused(Reason.NOT_FOUND, () -> fileSource.reader().size(fileSource.at("video/")));
    }

    @Test
    void openRefusesOtherSchemesAndBadEndpoints() {
        assertRefused(Reason.BAD_URI, () -> Sources.open(URI.create("ftp://example.com/a.mp4"), SourceSettings.anonymous()));
        assertRefused(Reason.BAD_URI, () -> Sources.open(URI.create("video/1.mp4"), SourceSettings.anonymous()));
        assertRefused(Reason.BAD_URI, () -> Sources.open(URI.create("file://host/a.mp4"), SourceSettings.anonymous()));
        assertRefused(Reason.BAD_URI, () -> Sources.open(URI.create("s3://media/a.mp4"), new SourceSettings("minio:9000", null, null, null, null, null)));
    }

    @Test
    void settingsHideSecretsAndTreatBlankAsAbsent() {
        SourceSettings settings = new SourceSettings("http://minio:9000", " ", "AKID", "s3-secret", "viewer", "http-secret");
        assertEquals(SourceSettings.DEFAULT_REGION, settings.region());
        assertFalse(settings.toString().contains("s3-secret") || settings.toString().contains("http-secret"), settings.toString());
        assertTrue(settings.toString().contains("AKID") && settings.toString().contains("viewer"), settings.toString());
        assertThrows(IllegalArgumentException.class, () -> new SourceSettings(null, null, "AKID", "", null, null));
    }

    // ---- helpers ----

    private static SourceException assertRefused(Reason reason, Executable call) {
        SourceException refused = assertThrows(SourceException.class, call);
        assertEquals(reason, refused.reason(), refused.getMessage());
        return refused;
    }

    private static SourceSettings s3Settings(String secret) {
        return new SourceSettings(s3.endpoint().toString(), null, InProcessS3.ACCESS_KEY, secret, null, null);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Serves {@link #OBJECTS} under {@code context}, honouring single byte ranges or not, answering HEAD or 405. */
    private static void serve(HttpExchange exchange, String context, boolean honoursRange, boolean answersHead) throws IOException {
        byte[] object = OBJECTS.get(exchange.getRequestURI().getPath().substring(context.length()));
        if (object == null) {
            respond(exchange, 404, new byte[0]);
            return;
        }
        LAST_AUTHORIZATION.set(Objects.requireNonNullElse(exchange.getRequestHeaders().getFirst("Authorization"), ""));
        if (exchange.getRequestMethod().equals("HEAD")) {
            if (answersHead) {
                exchange.getResponseHeaders().set("Content-Length", Integer.toString(object.length));
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            } else {
                respond(exchange, 405, new byte[0]);
            }
            return;
        }
        String range = exchange.getRequestHeaders().getFirst("Range");
        Matcher bytes = range == null ? null : RANGE.matcher(range);
        if (!honoursRange || bytes == null || !bytes.matches()) {
            respond(exchange, 200, object);
            return;
        }
        int first = (int) Math.min(Long.parseLong(bytes.group(1)), Integer.MAX_VALUE);
        if (first >= object.length) {
            exchange.getResponseHeaders().set("Content-Range", "bytes */" + object.length);
            respond(exchange, 416, new byte[0]);
            return;
        }
        int last = (int) Math.min(Long.parseLong(bytes.group(2)), object.length - 1);
        exchange.getResponseHeaders().set("Content-Range", "bytes " + first + "-" + last + "/" + object.length);
        respond(exchange, 206, Arrays.copyOfRange(object, first, last + 1));
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        try (exchange; OutputStream out = exchange.getResponseBody()) {
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            out.write(body);
        } catch (IOException e) {
            // the client dropped the connection after the bytes it wanted (a server ignoring Range)
        }
    }
}
