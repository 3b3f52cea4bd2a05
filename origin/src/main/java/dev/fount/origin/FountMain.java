package dev.fount.origin;

import java.util.Arrays;

import dev.fount.origin.harvest.HarvestCommand;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The origin image's entry point. {@code harvest …} runs the live-to-VOD clip command (a
 * HarvestJob's pod) in plain Java, without starting the server; anything else starts the origin
 * server as before.
 */
@QuarkusMain
public final class FountMain {

    private FountMain() {
    }

    public static void main(String... args) {
        if (args.length > 0 && args[0].equals("harvest")) {
            System.exit(HarvestCommand.run(Arrays.asList(args).subList(1, args.length), System.getenv(), System.out, System.err));
        }
        Quarkus.run(args);
    }
}
