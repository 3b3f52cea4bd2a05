package dev.fount.origin.harvest;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One in-process run of the harvest command, with what it printed.
 *
 * @param exit the exit code
 * @param out  standard output
 * @param err  standard error
 */
record CommandRun(int exit, String out, String err) {

    static CommandRun of(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = HarvestCommand.run(List.of(args), env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CommandRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The usual arguments for the fake origin's channel, endpoint and range, then {@code more}. */
    static String[] args(FakeOrigin origin, String destination, String... more) {
        List<String> args = new ArrayList<>(List.of("--origin", origin.base().toString(), "--channel", FakeOrigin.CHANNEL,
                "--endpoint", FakeOrigin.ENDPOINT, "--start", FakeOrigin.START, "--end", FakeOrigin.END,
                "--destination", destination));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /** Standard error's lines; a failure is reported on exactly one. */
    List<String> errLines() {
        return err.isEmpty() ? List.of() : List.of(err.split("\\R"));
    }
}
