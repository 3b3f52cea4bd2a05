package dev.fount.origin.vod;

/** Told how far indexing has got, for the asset's PROCESSING status. */
@FunctionalInterface
public interface Progress {
    void done(int steps, int of);
}
