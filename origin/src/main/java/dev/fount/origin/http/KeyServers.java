package dev.fount.origin.http;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.fount.origin.config.HlsEncryption;
import dev.fount.origin.crypto.KeyProvider;
import dev.fount.origin.crypto.SpekeClient;

/**
 * One SPEKE client per key server (URL and headers), shared by every packager's encryption: the
 * client's cache is what makes all players of a key period cost one key request.
 */
@ApplicationScoped
public class KeyServers {

    private static final int CLIENTS = 64;

    private final Map<String, SpekeClient> clients = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SpekeClient> eldest) {
            return size() > CLIENTS;
        }
    };

    /** Where the keys of {@code server} come from: its static keys, or its SPEKE client, made on first use. */
    public KeyProvider client(HlsEncryption.KeyServer server) {
        if (server.fixed() != null) {
            return server.fixed();
        }
        String id = server.url() + "\n" + server.headers() + "\n" + (server.certificate() == null ? "" : server.certificate().certificate().hashCode())
                + "\n" + server.trustedCa();
        synchronized (clients) {
            return clients.computeIfAbsent(id, k -> new SpekeClient(URI.create(server.url()), server.headers(), server.certificate(),
                    server.trustedCa()));
        }
    }
}
