package dev.fount.origin.harvest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The command line as the operator's HarvestJobTemplate writes it, and every way it can be wrong. */
class HarvestArgumentsTest {

    private static final List<String> OPERATOR_ARGS = List.of(
            "--origin", "http://live1-origin.media.svc.cluster.local",
            "--channel", "live1",
            "--endpoint", "hls1",
            "--start", "2026-11-26T10:00:00Z",
            "--end", "2026-11-26T11:30:00+01:00",
            "--destination", "s3://clips/2026/game/index.m3u8",
            "--s3-endpoint", "http://minio.storage:9000",
            "--s3-region", "eu-west-3");

    @Test
    void readsTheOperatorsArguments() throws UsageException {
        HarvestRequest request = HarvestArguments.parse(OPERATOR_ARGS);

        assertEquals(URI.create("http://live1-origin.media.svc.cluster.local"), request.origin());
        assertEquals("live1", request.channel());
        assertEquals("hls1", request.endpoint());
        assertEquals(Instant.parse("2026-11-26T10:00:00Z"), request.range().from());
        assertEquals(Instant.parse("2026-11-26T10:30:00Z"), request.range().to());
        assertEquals(Duration.ofMinutes(30), request.range().length());
        assertEquals(new Destination.S3("clips", "2026/game/index.m3u8"), request.destination());
        assertEquals("2026/game/", ((Destination.S3) request.destination()).prefix());
        assertEquals("index.m3u8", request.destination().manifestName());
        assertEquals(Optional.of(URI.create("http://minio.storage:9000")), request.s3Endpoint());
        assertEquals(Optional.of("eu-west-3"), request.s3Region());
        // The origin is asked with the values verbatim (URL-encoded), not with normalised instants.
        assertEquals(URI.create("http://live1-origin.media.svc.cluster.local/harvest/v1/live1/hls1/index.m3u8"
                + "?start=2026-11-26T10%3A00%3A00Z&end=2026-11-26T11%3A30%3A00%2B01%3A00"), request.sourceUri());
    }

    @Test
    void readsAFolderDestinationAndEqualsSignOptions() throws UsageException {
        HarvestRequest request = HarvestArguments.parse(List.of("--origin=http://localhost:8080/", "--channel=c", "--endpoint=e",
                "--start=2026-11-26T10:00:00Z", "--end=2026-11-26T10:00:10Z", "--destination=file:/tmp/clips/a/clip.m3u8"));

        assertEquals(new Destination.Folder(Path.of("/tmp/clips/a/clip.m3u8")), request.destination());
        assertEquals(Path.of("/tmp/clips/a"), ((Destination.Folder) request.destination()).directory());
        assertEquals(Optional.empty(), request.s3Endpoint());
        assertEquals(Optional.empty(), request.s3Region());
        assertEquals("http://localhost:8080/harvest/v1/c/e/index.m3u8?start=2026-11-26T10%3A00%3A00Z&end=2026-11-26T10%3A00%3A10Z",
                request.sourceUri().toString());
    }

    @Test
    void acceptsExactly24Hours() throws UsageException {
        HarvestRequest request = HarvestArguments.parse(with("--end", "2026-11-27T10:00:00Z"));
        assertEquals(Duration.ofHours(24), request.range().length());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--origin|                         | missing --origin",
        "--destination|                    | missing --destination",
        "--start|2026-11-26 10:00          | --start '2026-11-26 10:00': expected an ISO 8601 date-time with a zone, e.g. 2026-11-26T10:00:00Z",
        "--start|2026-11-26T10:00:00       | --start '2026-11-26T10:00:00': expected an ISO 8601 date-time with a zone, e.g. 2026-11-26T10:00:00Z",
        "--end|2026-11-26T10:00:00Z        | --start 2026-11-26T10:00:00Z is not before --end 2026-11-26T10:00:00Z",
        "--end|2026-11-26T09:00:00Z        | --start 2026-11-26T10:00:00Z is not before --end 2026-11-26T09:00:00Z",
        "--end|2026-11-27T10:00:01Z        | the range from --start to --end is 24h00m01s, longer than the 24 h a harvest may span",
        "--destination|https://b/k.m3u8    | --destination https://b/k.m3u8: the scheme must be s3:// or file:, not 'https'",
        "--destination|/clips/index.m3u8   | --destination /clips/index.m3u8: the scheme must be s3:// or file: (none given)",
        "--destination|s3://clips/game/    | --destination s3://clips/game/: must name the multivariant playlist, a file ending in .m3u8",
        "--destination|s3://clips          | --destination s3://clips: must name the multivariant playlist, a file ending in .m3u8",
        "--destination|s3:///index.m3u8    | --destination s3:///index.m3u8: no bucket name after s3://",
        "--destination|s3:clips/index.m3u8 | --destination s3:clips/index.m3u8: expected s3://bucket/key",
        "--destination|file:/tmp/clip.mp4  | --destination file:/tmp/clip.mp4: must name the multivariant playlist, a file ending in .m3u8",
        "--origin|live1-origin:80          | --origin live1-origin:80: expected an http:// or https:// URL with a host",
        "--origin|http://o/?x=1            | --origin http://o/?x=1: a base URL takes no query or fragment",
        "--channel|a/b                     | --channel 'a/b': expected a resource name (letters, digits, '.', '_', '-')",
        "--s3-endpoint|minio:9000          | --s3-endpoint minio:9000: expected an http:// or https:// URL with a host",
    })
    void namesTheFault(String option, String value, String message) {
        List<String> args = value == null ? without(option) : with(option, value);
        UsageException e = assertThrows(UsageException.class, () -> HarvestArguments.parse(args));
        assertEquals(message, e.getMessage());
    }

    @Test
    void refusesUnknownDuplicatedAndValuelessOptions() {
        assertEquals("unknown option --bucket", message(plus("--bucket", "b")));
        assertEquals("--channel given twice", message(plus("--channel", "other")));
        assertEquals("--s3-region needs a value", message(plus("--s3-region")));
        assertEquals("--start needs a value", message(with("--start", "--end")));
        assertEquals("unexpected argument 'now' (options are --name value)", message(plus("now")));
    }

    @Test
    void theCommandExitsWith2AndOneLineWithoutTouchingAnything() {
        CommandRun run = CommandRun.of(Map.of(), "--origin", "http://127.0.0.1:9", "--channel", "c", "--endpoint", "e",
                "--start", "2026-11-26T10:00:00Z", "--end", "2026-11-26T10:00:00Z", "--destination", "ftp://x/index.m3u8");

        assertEquals(HarvestCommand.USAGE, run.exit());
        assertEquals(List.of("harvest: --start 2026-11-26T10:00:00Z is not before --end 2026-11-26T10:00:00Z"), run.errLines());
        assertEquals("", run.out());
    }

    @Test
    void helpPrintsTheUsage() {
        CommandRun run = CommandRun.of(Map.of(), "--help");
        assertEquals(HarvestCommand.OK, run.exit());
        assertTrue(run.out().startsWith("usage: harvest --origin URL"), run.out());
    }

    private static String message(List<String> args) {
        return assertThrows(UsageException.class, () -> HarvestArguments.parse(args)).getMessage();
    }

    private static List<String> with(String option, String value) {
        List<String> args = new ArrayList<>(OPERATOR_ARGS);
        args.set(args.indexOf(option) + 1, value);
        return args;
    }

    private static List<String> without(String option) {
        List<String> args = new ArrayList<>(OPERATOR_ARGS);
        int i = args.indexOf(option);
        args.remove(i + 1);
        args.remove(i);
        return args;
    }

    private static List<String> plus(String... more) {
        List<String> args = new ArrayList<>(OPERATOR_ARGS);
        args.addAll(List.of(more));
        return args;
    }
}
