package dev.fount.origin.http;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.fount.origin.config.HlsEncryption;
import dev.fount.origin.crypto.ContentKey;
import dev.fount.origin.crypto.KeyException;
import dev.fount.origin.crypto.KeyProvider;
import dev.fount.origin.crypto.KeyRequest;
import dev.fount.origin.crypto.SpekeClient;

/**
 * One SPEKE client per key server (URL and headers), shared by every packager's encryption: the
 * client's cache is what makes all players of a key period cost one key request.
 *
 * <p>It also remembers how each key server last answered each endpoint or configuration
 * ({@code KeyServer.owner}), per content id, so the operator can show a failing key server as a
 * condition on the resource that uses it ({@link KeyStatusResource}). A fault stands until keys
 * for the same or a later key period arrive (players still served from an older period's cached
 * key do not hide it), or until nobody has asked for {@link #FORGOTTEN} (a deleted asset).
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

    /** A fault nobody asked about again for this long no longer counts. */
    static final java.time.Duration FORGOTTEN = java.time.Duration.ofMinutes(10);

    /** Per owner (else per key server), per content id: the last outcome. */
    private final Map<String, Map<String, Outcome>> outcomes = new ConcurrentHashMap<>();

    Clock clock = Clock.systemUTC();

    /**
     * How a key server last answered for one content id.
     *
     * @param since    when this state began (the first fault of a run of faults, the first success after one)
     * @param lastSeen the latest request that gave this state
     */
    public record Outcome(boolean ok, String resourceId, String message, Instant since, long keyPeriod, Instant lastSeen) {
    }

    /** What a key server's state is for some content: {@code worst} is a fault when any is failing, else the newest success; empty when never asked. */
    public record Health(Optional<Outcome> worst) {
    }

    /** Where the keys of {@code server} come from: its static keys, or its SPEKE client, made on first use. */
    public KeyProvider client(HlsEncryption.KeyServer server) {
        String id = id(server);
        String owner = owner(server);
        KeyProvider keys;
        if (server.fixed() != null) {
            keys = server.fixed();
        } else {
            synchronized (clients) {
                keys = clients.computeIfAbsent(id, k -> new SpekeClient(URI.create(server.url()), server.headers(), server.certificate(),
                        server.trustedCa()));
            }
        }
        return request -> {
            try {
                List<ContentKey> answer = keys.keys(request);
                record(owner, request, null);
                return answer;
            } catch (KeyException e) {
                record(owner, request, e.getMessage());
                throw e;
            }
        };
    }

    /**
     * The state of {@code server} for {@code resourceId}, or for every content id it was asked for
     * when that is null (a VOD configuration, whose assets each have their own).
     */
    public Health health(HlsEncryption.KeyServer server, String resourceId) {
        Map<String, Outcome> byResource = outcomes.getOrDefault(owner(server), Map.of());
        Instant horizon = clock.instant().minus(FORGOTTEN);
        byResource.values().removeIf(o -> !o.ok() && o.lastSeen().isBefore(horizon));
        List<Outcome> relevant = byResource.values().stream()
                .filter(o -> resourceId == null || server.fixed() != null || o.resourceId().equals(resourceId)).toList();
        Optional<Outcome> fault = relevant.stream().filter(o -> !o.ok()).max(java.util.Comparator.comparing(Outcome::since));
        return new Health(fault.isPresent() ? fault : relevant.stream().max(java.util.Comparator.comparing(Outcome::since)));
    }

    private void record(String server, KeyRequest request, String fault) {
        Instant now = clock.instant();
        outcomes.computeIfAbsent(server, k -> new ConcurrentHashMap<>()).compute(request.resourceId(), (resource, last) -> {
            if (fault == null) {
                if (last != null && !last.ok() && !clears(request.keyPeriod(), last.keyPeriod())) {
                    return last;   // an older period's key: says nothing about the one that failed
                }
                return last != null && last.ok() ? new Outcome(true, resource, null, last.since(), Math.max(last.keyPeriod(), request.keyPeriod()), now)
                        : new Outcome(true, resource, null, now, request.keyPeriod(), now);
            }
            Instant since = last != null && !last.ok() ? last.since() : now;
            long period = last == null || last.ok() ? request.keyPeriod() : Math.max(request.keyPeriod(), last.keyPeriod());
            return new Outcome(false, resource, fault, since, period, now);
        });
    }

    /** Whether keys for {@code period} show that the failure at {@code failed} is over. */
    private static boolean clears(long period, long failed) {
        return period == KeyRequest.NO_ROTATION || failed == KeyRequest.NO_ROTATION || period >= failed;
    }

    /** Whose state a request counts toward: its endpoint or configuration, else the key server itself. */
    private static String owner(HlsEncryption.KeyServer server) {
        return server.owner() != null ? "owner\n" + server.owner() : id(server);
    }

    private static String id(HlsEncryption.KeyServer server) {
        if (server.fixed() != null) {
            return "static\n" + server.resourceId();
        }
        return server.url() + "\n" + server.headers() + "\n" + (server.certificate() == null ? "" : server.certificate().certificate().hashCode())
                + "\n" + server.trustedCa();
    }
}
