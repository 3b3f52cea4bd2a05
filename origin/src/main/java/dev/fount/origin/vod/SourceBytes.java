package dev.fount.origin.vod;

import java.io.IOException;
import java.net.URI;

import dev.fount.origin.media.mp4.ByteSource;

/** One object of a source as the MP4 reader addresses it. */
record SourceBytes(SourceReader reader, URI uri) implements ByteSource {

    @Override
    public byte[] read(long offset, int length) throws IOException {
        return reader.read(uri, offset, length);
    }

    @Override
    public long size() throws IOException {
        return reader.size(uri);
    }
}
