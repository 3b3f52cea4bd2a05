package dev.fount.origin.media.mp4;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.fount.origin.media.ByteRange;

/**
 * A {@link ByteSource} over a file that records every read, so tests and benchmarks can tell
 * what indexing and reading cost in requests and bytes, as they would against S3 or HTTP.
 */
public final class FileByteSource implements ByteSource, Closeable {

    private final FileChannel channel;
    private final List<ByteRange> reads = new ArrayList<>();
    private long bytesRead;

    public FileByteSource(Path file) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
    }

    @Override
    public synchronized byte[] read(long offset, int length) throws IOException {
        reads.add(new ByteRange(offset, length));
        ByteBuffer b = ByteBuffer.allocate((int) Math.max(0, Math.min(length, channel.size() - offset)));
        while (b.hasRemaining() && channel.read(b, offset + b.position()) >= 0) {
            // FileChannel may return fewer bytes than asked: read on until the buffer is full.
        }
        bytesRead += b.position();
        return b.position() == b.capacity() ? b.array() : Arrays.copyOf(b.array(), b.position());
    }

    @Override
    public long size() throws IOException {
        return channel.size();
    }

    /** The reads so far, as asked (offset, length). */
    public synchronized List<ByteRange> reads() {
        return List.copyOf(reads);
    }

    public synchronized long bytesRead() {
        return bytesRead;
    }

    /** Forgets the reads so far. */
    public synchronized void reset() {
        reads.clear();
        bytesRead = 0;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
