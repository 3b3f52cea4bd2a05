package dev.fount.origin.crypto;

import java.util.List;

/**
 * Where packagers get content keys. Implementations are safe to call from many request threads at
 * once and answer equal requests with equal keys, so every origin replica encrypts alike.
 */
public interface KeyProvider {

    /**
     * The content keys for a request: one for SPEKE v1, one per track type (in request order) for
     * SPEKE 2.0.
     *
     * @throws KeyException when the keys cannot be had; {@link KeyException#retryable()} says whether
     *                      asking again later may help
     */
    List<ContentKey> keys(KeyRequest request) throws KeyException;
}
