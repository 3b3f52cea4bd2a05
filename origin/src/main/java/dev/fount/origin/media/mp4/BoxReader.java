package dev.fount.origin.media.mp4;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.fount.origin.media.MalformedMediaException;

/**
 * Walks ISO BMFF boxes (ISO/IEC 14496-12 §4.2) in a byte array, checking every size against
 * its parent, and reads the big-endian fields inside them. Hand-written rather than mp4parser's
 * {@code IsoFile}: ingest reads every uploaded segment, and this touches only the headers it
 * needs, with no copies and no reflection.
 */
final class BoxReader {

    /** A box at [start, end) whose payload starts after its header at {@code payload}. */
    record Box(String type, int start, int payload, int end) {
    }

    private BoxReader() {
    }

    /** The boxes in [from, to), in order; a size that overruns its parent is a fault. */
    static List<Box> children(byte[] b, int from, int to) throws MalformedMediaException {
        List<Box> out = new ArrayList<>();
        int p = from;
        while (p < to) {
            if (to - p < 8) {
                throw new MalformedMediaException((to - p) + " stray bytes where a box header was expected at byte " + p, p);
            }
            long size = u32(b, p);
            String type = new String(b, p + 4, 4, StandardCharsets.ISO_8859_1);
            int header = 8;
            if (size == 1) {
                if (to - p < 16) {
                    throw new MalformedMediaException("box '" + type + "' at byte " + p + " is cut inside its 64-bit size", p);
                }
                size = u64(b, p + 8);
                header = 16;
            } else if (size == 0) {
                size = to - p;
            }
            if (size < header || size > to - p) {
                throw new MalformedMediaException("box '" + type + "' at byte " + p + " declares " + size + " bytes but "
                        + (size < header ? "its header alone is " + header : "only " + (to - p) + " remain in its parent"), p);
            }
            out.add(new Box(type, p, p + header, (int) (p + size)));
            p += (int) size;
        }
        return out;
    }

    static List<Box> children(byte[] b, Box parent) throws MalformedMediaException {
        return children(b, parent.payload(), parent.end());
    }

    static Optional<Box> child(byte[] b, Box parent, String type) throws MalformedMediaException {
        for (Box c : children(b, parent)) {
            if (c.type().equals(type)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    static Box required(byte[] b, Box parent, String type) throws MalformedMediaException {
        return child(b, parent, type).orElseThrow(() -> new MalformedMediaException(
                "box '" + parent.type() + "' at byte " + parent.start() + " has no '" + type + "' box", parent.start()));
    }

    /** Checks that a box's payload holds at least {@code bytes} bytes. */
    static void need(Box box, int bytes) throws MalformedMediaException {
        if (box.end() - box.payload() < bytes) {
            throw new MalformedMediaException("box '" + box.type() + "' at byte " + box.start() + " is " + (box.end() - box.start())
                    + " bytes, too short for its fields", box.start());
        }
    }

    static int u8(byte[] b, int p) {
        return b[p] & 0xFF;
    }

    static int u16(byte[] b, int p) {
        return (b[p] & 0xFF) << 8 | b[p + 1] & 0xFF;
    }

    static long u32(byte[] b, int p) {
        return ((long) (b[p] & 0xFF) << 24) | (b[p + 1] & 0xFF) << 16 | (b[p + 2] & 0xFF) << 8 | b[p + 3] & 0xFF;
    }

    static int s32(byte[] b, int p) {
        return (int) u32(b, p);
    }

    static long u64(byte[] b, int p) {
        return u32(b, p) << 32 | u32(b, p + 4);
    }
}
