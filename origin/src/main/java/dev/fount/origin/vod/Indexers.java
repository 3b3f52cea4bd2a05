package dev.fount.origin.vod;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

/** Picks the indexer for a source by its file type. */
final class Indexers {

    private Indexers() {
    }

    /** @param folder where the index may keep files of its own (MP4 movie headers) */
    static AssetIndex index(URI source, SourceReader reader, Progress progress, Path folder) throws IOException, IndexFailure {
        String path = source.getPath() == null ? "" : source.getPath().toLowerCase(java.util.Locale.ROOT);
        if (path.endsWith(".m3u8")) {
            return HlsIndexer.index(source, reader, progress);
        }
        if (path.endsWith(".smil")) {
            return Mp4Indexer.index(source, reader, progress, folder);
        }
        throw new IndexFailure(source + ": a source is an HLS multivariant playlist (.m3u8) or a SMIL file (.smil)");
    }
}
