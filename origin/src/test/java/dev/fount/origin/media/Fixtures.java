package dev.fount.origin.media;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The committed segments under src/test/resources/media (see the README there) and ways to damage them. */
final class Fixtures {

    private Fixtures() {
    }

    static byte[] load(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/media/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource media/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int pid(byte[] ts, int packet) {
        return (ts[packet + 1] & 0x1F) << 8 | (ts[packet + 2] & 0xFF);
    }

    /** The segment without the packets of {@code pid}. */
    static byte[] withoutPid(byte[] ts, int pid) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int p = 0; p < ts.length; p += 188) {
            if (pid(ts, p) != pid) {
                out.write(ts, p, 188);
            }
        }
        return out.toByteArray();
    }

    /** Offset of the first packet of {@code pid} with payload_unit_start_indicator set. */
    static int firstUnitStart(byte[] ts, int pid) {
        for (int p = 0; p < ts.length; p += 188) {
            if (pid(ts, p) == pid && (ts[p + 1] & 0x40) != 0) {
                return p;
            }
        }
        throw new IllegalArgumentException("no PES start on PID " + pid);
    }
}
