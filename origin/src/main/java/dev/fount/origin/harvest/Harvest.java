package dev.fount.origin.harvest;

import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Copies the origin's HLS VOD rendering of a range into a {@link ClipStore}, in the order that
 * keeps a half clip from looking complete: every playlist is read (and judged) before anything is
 * written; then a stale multivariant playlist is removed, the segments are copied one by one
 * (each held in memory only while it is written), then the media playlists, and the multivariant
 * playlist last. A failure at any step stops the copy before the multivariant playlist exists.
 */
public final class Harvest {

    private final OriginClient origin;
    private final ClipStore store;
    private final PrintStream log;

    public Harvest(OriginClient origin, ClipStore store, PrintStream log) {
        this.origin = origin;
        this.store = store;
        this.log = log;
    }

    /**
     * What a harvest wrote.
     *
     * @param mediaPlaylists media playlists written
     * @param segments       segment files written (each distinct URI once)
     * @param bytes          bytes of segment files written
     * @param manifest       where the multivariant playlist is
     */
    public record Summary(int mediaPlaylists, int segments, long bytes, String manifest) {
    }

    /** Harvests {@code source} (the multivariant playlist's URL), writing the multivariant playlist as {@code manifestName}. */
    public Summary run(URI source, String manifestName) throws HarvestException {
        HlsPlaylist multivariant = multivariant(source);
        ClipNames names = new ClipNames(manifestName);
        Map<URI, HlsPlaylist> media = new LinkedHashMap<>();
        for (String reference : multivariant.uris()) {
            URI uri = source.resolve(reference);
            if (!media.containsKey(uri)) {
                media.put(uri, mediaPlaylist(uri, names.nameFor(uri)));
            }
        }

        if (!store.delete(manifestName)) {
            log.println("harvest: warning: not permitted to remove " + store.locate(manifestName)
                    + "; an earlier clip's multivariant playlist there stays until this one replaces it");
        }
        int segments = 0;
        long bytes = 0;
        for (Map.Entry<URI, HlsPlaylist> playlist : media.entrySet()) {
            for (String reference : playlist.getValue().uris()) {
                URI uri = playlist.getKey().resolve(reference);
                if (names.contains(uri)) {
                    continue;
                }
                String name = names.nameFor(uri);
                byte[] body = fetch(uri, "segment " + name + " of " + playlist.getValue().name());
                store.put(name, body);
                segments++;
                bytes += body.length;
            }
            log.println("harvest: copied the segments of " + playlist.getValue().name());
        }
        for (Map.Entry<URI, HlsPlaylist> playlist : media.entrySet()) {
            URI base = playlist.getKey();
            store.put(names.nameFor(base), utf8(playlist.getValue().render(reference -> names.nameFor(base.resolve(reference)))));
        }
        store.put(manifestName, utf8(multivariant.render(reference -> names.nameFor(source.resolve(reference)))));
        return new Summary(media.size(), segments, bytes, store.locate(manifestName));
    }

    /** The origin's multivariant playlist; a refusal (range outside the window, unknown endpoint) fails with the origin's words. */
    private HlsPlaylist multivariant(URI source) throws HarvestException {
        OriginClient.Answer answer = origin.get(source, "multivariant playlist");
        if (answer.status() == 400 || answer.status() == 404) {
            throw new HarvestException(answer.message());
        }
        if (!answer.ok()) {
            throw new HarvestException("the origin answered HTTP " + answer.status() + " for " + source + ": " + answer.message());
        }
        HlsPlaylist playlist = HlsPlaylist.parse("the multivariant playlist", new String(answer.body(), StandardCharsets.UTF_8));
        if (!playlist.isMultivariant()) {
            throw new HarvestException("the origin's " + source.getPath() + " is not a multivariant playlist (no #EXT-X-STREAM-INF)");
        }
        return playlist.withoutIFrameStreams();
    }

    /** A media playlist of the clip, refused unless it is complete: VOD with EXT-X-ENDLIST and at least one segment. */
    private HlsPlaylist mediaPlaylist(URI uri, String name) throws HarvestException {
        HlsPlaylist playlist = HlsPlaylist.parse(name, new String(fetch(uri, "media playlist " + name), StandardCharsets.UTF_8));
        if (playlist.isMultivariant()) {
            throw new HarvestException("media playlist " + name + " is a multivariant playlist: nested variants are not HLS");
        }
        if (!playlist.hasEndList()) {
            throw new HarvestException("media playlist " + name + " has no #EXT-X-ENDLIST: the origin has not closed the range yet");
        }
        if (playlist.uriLineCount() == 0) {
            throw new HarvestException("media playlist " + name + " lists no segments");
        }
        return playlist;
    }

    private byte[] fetch(URI uri, String what) throws HarvestException {
        OriginClient.Answer answer = origin.get(uri, what);
        if (!answer.ok()) {
            throw new HarvestException(what + ": the origin answered HTTP " + answer.status() + ": " + answer.message());
        }
        return answer.body();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
