package dev.fount.origin.media.mp4;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A minimal ISO BMFF box walker for tests: byte-exact payloads, independent of mp4parser. */
final class Boxes {

    /** A box at [start, end) whose payload (after the 8-byte header) starts at payload. */
    record Box(String type, int start, int payload, int end) {
        byte[] payloadBytes(byte[] file) {
            return Arrays.copyOfRange(file, payload, end);
        }
    }

    private Boxes() {
    }

    static List<Box> children(byte[] b, int from, int to) {
        ByteBuffer buf = ByteBuffer.wrap(b);
        List<Box> out = new ArrayList<>();
        int p = from;
        while (p + 8 <= to) {
            long size = buf.getInt(p) & 0xFFFFFFFFL;
            String type = new String(b, p + 4, 4, StandardCharsets.ISO_8859_1);
            int header = 8;
            if (size == 1) {
                size = buf.getLong(p + 8);
                header = 16;
            } else if (size == 0) {
                size = to - p;
            }
            out.add(new Box(type, p, p + header, (int) (p + size)));
            p += (int) size;
        }
        return out;
    }

    static Box child(byte[] b, int from, int to, String type) {
        return children(b, from, to).stream().filter(x -> x.type().equals(type)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " box"));
    }

    /** Follows a path of box types from the top level; "trak#1" picks the second trak. */
    static Box path(byte[] b, String... types) {
        int from = 0;
        int to = b.length;
        Box box = null;
        for (String t : types) {
            String type = t.contains("#") ? t.substring(0, t.indexOf('#')) : t;
            int index = t.contains("#") ? Integer.parseInt(t.substring(t.indexOf('#') + 1)) : 0;
            box = children(b, from, to).stream().filter(x -> x.type().equals(type)).skip(index).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + t + " box"));
            from = box.payload();
            to = box.end();
        }
        return box;
    }

    /** Top-level box types in order. */
    static List<String> topLevel(byte[] b) {
        return children(b, 0, b.length).stream().map(Box::type).toList();
    }
}
