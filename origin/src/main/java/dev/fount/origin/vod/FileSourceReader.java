package dev.fount.origin.vod;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

import dev.fount.origin.vod.SourceException.Reason;

/**
 * Reads {@code file:} sources (a volume mounted into the origin's pod) with positional
 * {@link FileChannel} reads: no shared position, so one reader serves concurrent requests, and a
 * file is open only for the duration of one call.
 */
final class FileSourceReader implements SourceReader {

    FileSourceReader(URI root) throws SourceException {
        path(root);
    }

    @Override
    public byte[] read(URI uri, long offset, int length) throws IOException {
        Sources.checkRange(offset, length);
        Path path = path(uri);
        if (length == 0) {
            return new byte[0];
        }
        try (FileChannel channel = open(uri, path)) {
            long size = channel.size();
            return offset >= size ? new byte[0] : readAt(uri, channel, offset, (int) Math.min(length, size - offset));
        }
    }

    @Override
    public byte[] readAll(URI uri, int maxBytes) throws IOException {
        Sources.checkLimit(maxBytes);
        Path path = path(uri);
        try (FileChannel channel = open(uri, path)) {
            long size = channel.size();
            if (size > maxBytes) {
                throw SourceException.tooLarge(uri, size, maxBytes);
            }
            return readAt(uri, channel, 0, (int) size);
        }
    }

    @Override
    public long size(URI uri) throws IOException {
        Path path = path(uri);
        try (FileChannel channel = open(uri, path)) {
            return channel.size();
        }
    }

    /** Nothing to release: files are opened per call. */
    @Override
    public void close() {
    }

    /** {@code count} bytes from {@code offset}, fewer when the file was cut short meanwhile. */
    private static byte[] readAt(URI uri, FileChannel channel, long offset, int count) throws SourceException {
        ByteBuffer buffer = ByteBuffer.allocate(count);
        try {
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, offset + buffer.position()) < 0) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new SourceException(Reason.OTHER, uri, "cannot read (" + SourceException.oneLine(e) + ")", e);
        }
        return buffer.hasRemaining() ? Arrays.copyOf(buffer.array(), buffer.position()) : buffer.array();
    }

    private static FileChannel open(URI uri, Path path) throws SourceException {
        if (Files.isDirectory(path)) {
            throw new SourceException(Reason.NOT_FOUND, uri, "a directory, not a file");
        }
        try {
            return FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new SourceException(Reason.NOT_FOUND, uri, "no such file", e);
        } catch (AccessDeniedException e) {
            throw new SourceException(Reason.ACCESS_DENIED, uri, "permission denied (the origin runs as a user that may not read it)", e);
        } catch (IOException e) {
            throw new SourceException(Reason.OTHER, uri, "cannot open (" + SourceException.oneLine(e) + ")", e);
        }
    }

    private static Path path(URI uri) throws SourceException {
        if (!"file".equalsIgnoreCase(uri.getScheme())) {
            throw new SourceException(Reason.BAD_URI, uri, "not a file: URI (this source reads local files)");
        }
        try {
            return Path.of(uri);
        } catch (IllegalArgumentException e) {
            throw new SourceException(Reason.BAD_URI, uri, "not a local file path (" + e.getMessage() + ")", e);
        }
    }
}
