package dev.fount.origin.packager.mss;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.mp4parser.Box;
import org.mp4parser.IsoFile;

/** Decoder configuration records made by FFmpeg from the committed TS fixtures, read back with mp4parser. */
final class Mp4Fixtures {

    private Mp4Fixtures() {
    }

    /** Remuxes a fixture's video to MP4 ({@code -c copy}) in {@code dir}; skips the test when FFmpeg is missing. */
    static Path remux(String fixture, Path dir) throws IOException, InterruptedException {
        Path ts = dir.resolve(fixture);
        try (InputStream in = Mp4Fixtures.class.getResourceAsStream("/media/" + fixture)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource media/" + fixture);
            }
            Files.copy(in, ts);
        }
        Path mp4 = dir.resolve(fixture.replace(".ts", ".mp4"));
        Process p;
        try {
            p = new ProcessBuilder("ffmpeg", "-v", "error", "-nostdin", "-y", "-i", ts.toString(), "-map", "0:v", "-c", "copy", "-f", "mp4",
                    mp4.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("ffmpeg is not installed: " + e.getMessage());
            throw e;
        }
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("ffmpeg failed: " + output);
        }
        return mp4;
    }

    /** The box at {@code path} (one of several sample entry names may be tried) of an MP4 file. */
    static <T extends Box> T box(IsoFile file, List<String> paths) {
        for (String path : paths) {
            T box = org.mp4parser.tools.Path.getPath(file, path);
            if (box != null) {
                return box;
            }
        }
        throw new AssertionError("none of " + paths + " in the file");
    }

    /** A box's payload: what follows its 8-byte header. */
    static byte[] payload(Box box) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        box.getBox(Channels.newChannel(out));
        byte[] all = out.toByteArray();
        return java.util.Arrays.copyOfRange(all, 8, all.length);
    }

    static byte[] bytes(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        d.rewind();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }
}
