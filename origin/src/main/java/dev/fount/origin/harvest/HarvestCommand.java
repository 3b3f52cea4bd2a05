package dev.fount.origin.harvest;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * The origin image's {@code harvest} command: plain Java, no CDI, so that a HarvestJob's pod
 * starts in a moment and needs nothing of the origin server. Exit codes: 0 the whole clip is
 * stored (multivariant playlist last), 1 the harvest failed (one line on stderr starting
 * {@code harvest failed:}), 2 the command line is wrong (one line starting {@code harvest:}).
 * The last line on stderr becomes the pod's termination message, which the operator reports.
 */
public final class HarvestCommand {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    private HarvestCommand() {
    }

    /**
     * Runs a harvest.
     *
     * @param args the arguments after {@code harvest}
     * @param env  the environment (credentials: {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}; {@code AWS_REGION})
     * @return the exit code
     */
    public static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.equals(List.of("--help"))) {
            out.println(HarvestArguments.USAGE);
            return OK;
        }
        HarvestRequest request;
        try {
            request = HarvestArguments.parse(args);
        } catch (UsageException e) {
            err.println("harvest: " + e.getMessage());
            return USAGE;
        }
        try (ClipStore store = open(request, env)) {
            Harvest.Summary summary = new Harvest(OriginClient.create(), store, out).run(request.sourceUri(),
                    request.destination().manifestName());
            out.printf("harvest: %s/%s from %s to %s: %d media playlists, %d segments (%d bytes) written, multivariant playlist %s%n",
                    request.channel(), request.endpoint(), request.start(), request.end(), summary.mediaPlaylists(), summary.segments(),
                    summary.bytes(), summary.manifest());
            return OK;
        } catch (HarvestException e) {
            err.println("harvest failed: " + e.getMessage());
            return FAILED;
        } catch (RuntimeException e) {
            // An SDK or JDK fault not foreseen above: still one line, still no multivariant playlist.
            String message = e.getMessage() == null ? "" : ": " + e.getMessage().replaceAll("\\s+", " ");
            err.println("harvest failed: " + e.getClass().getSimpleName() + message);
            return FAILED;
        }
    }

    private static ClipStore open(HarvestRequest request, Map<String, String> env) {
        Destination destination = request.destination();
        if (destination instanceof Destination.S3 s3) {
            return S3ClipStore.open(request, s3, env);
        }
        return new FolderClipStore(((Destination.Folder) destination).directory());
    }
}
