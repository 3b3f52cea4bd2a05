package dev.fount.origin.vod;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.fount.origin.media.mp4.ByteSource;

/**
 * The reads an MP4 index was built from (box headers and the moov: a few hundred kilobytes at
 * most), kept on disk next to the asset's index so that a restarted origin rebuilds the sample
 * tables without reading the source: indexing is deterministic, so it asks for the same ranges
 * again and gets them from here.
 */
final class RecordedReads {

    private record Read(long offset, byte[] bytes) {
    }

    private final long size;
    private final List<Read> reads;

    private RecordedReads(long size, List<Read> reads) {
        this.size = size;
        this.reads = reads;
    }

    /** A source that passes reads on to {@code source} and remembers them; {@link #save} writes them. */
    static final class Recorder implements ByteSource {
        private final ByteSource source;
        private final List<Read> reads = new ArrayList<>();
        private long size = -1;

        Recorder(ByteSource source) {
            this.source = source;
        }

        @Override
        public synchronized byte[] read(long offset, int length) throws IOException {
            byte[] bytes = source.read(offset, length);
            reads.add(new Read(offset, bytes));
            return bytes;
        }

        @Override
        public synchronized long size() throws IOException {
            if (size < 0) {
                size = source.size();
            }
            return size;
        }

        synchronized void save(Path file) throws IOException {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(buffer)) {
                out.writeLong(size());
                out.writeInt(reads.size());
                for (Read r : reads) {
                    out.writeLong(r.offset());
                    out.writeInt(r.bytes().length);
                    out.write(r.bytes());
                }
            }
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, buffer.toByteArray());
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /** The saved reads as a source: the same requests get the same bytes; anything else is an error. */
    static ByteSource replay(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
            long size = in.readLong();
            int count = in.readInt();
            List<Read> reads = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                long offset = in.readLong();
                byte[] bytes = new byte[in.readInt()];
                in.readFully(bytes);
                reads.add(new Read(offset, bytes));
            }
            RecordedReads recorded = new RecordedReads(size, reads);
            return new ByteSource() {
                @Override
                public byte[] read(long offset, int length) throws IOException {
                    for (Read r : recorded.reads) {
                        if (r.offset() == offset && (r.bytes().length == length || r.bytes().length < length && offset + r.bytes().length == recorded.size)) {
                            return r.bytes().clone();
                        }
                        if (r.offset() <= offset && offset + length <= r.offset() + r.bytes().length) {
                            int from = (int) (offset - r.offset());
                            return Arrays.copyOfRange(r.bytes(), from, from + length);
                        }
                    }
                    throw new IOException(file + " has no record of bytes " + offset + "+" + length + "; the asset must be indexed again");
                }

                @Override
                public long size() {
                    return recorded.size;
                }
            };
        }
    }
}
