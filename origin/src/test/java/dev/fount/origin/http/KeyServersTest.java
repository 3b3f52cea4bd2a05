package dev.fount.origin.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import dev.fount.origin.config.HlsEncryption;
import dev.fount.origin.crypto.KeyException;
import dev.fount.origin.crypto.KeyProvider;
import dev.fount.origin.crypto.KeyRequest;
import dev.fount.origin.crypto.StaticKeyProvider;
import dev.fount.origin.crypto.TestKeyServer;

/** What the key servers' health says after each kind of answer: what the operator's KeyServer condition shows. */
class KeyServersTest {

    private static final StaticKeyProvider KEYS = new StaticKeyProvider(UUID.fromString("11112222-3333-4444-5555-666677778888"),
            HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f"), null);

    private static KeyRequest period(String resource, long period) {
        return new KeyRequest(resource, List.of(TestKeyServer.CLEARKEY), period, List.of(), false);
    }

    @Test
    void aFaultStandsUntilKeysForTheSameOrALaterPeriodArrive() throws Exception {
        AtomicBoolean down = new AtomicBoolean();
        KeyProvider flaky = request -> {
            if (down.get()) {
                throw new KeyException(URI.create("http://keys.example/speke?token=secret"), "HTTP 500", true, null);
            }
            return KEYS.keys(request);
        };
        HlsEncryption.KeyServer server = HlsEncryption.KeyServer.fixed("Secret flaky", flaky);
        KeyServers servers = new KeyServers();
        assertTrue(servers.health(server, "live").worst().isEmpty(), "never asked");

        servers.client(server).keys(period("live", 4));
        assertTrue(servers.health(server, "live").worst().orElseThrow().ok());

        down.set(true);
        assertThrows(KeyException.class, () -> servers.client(server).keys(period("live", 5)));
        KeyServers.Outcome fault = servers.health(server, "live").worst().orElseThrow();
        assertFalse(fault.ok());
        assertTrue(fault.message().contains("http://keys.example/speke") && fault.message().contains("HTTP 500"), fault.message());
        assertFalse(fault.message().contains("secret"), "no credentials from the URL: " + fault.message());

        down.set(false);
        servers.client(server).keys(period("live", 4));
        assertFalse(servers.health(server, "live").worst().orElseThrow().ok(), "an older period's key says nothing of period 5");
        servers.client(server).keys(period("live", 5));
        assertTrue(servers.health(server, "live").worst().orElseThrow().ok(), "period 5's keys end the fault");
    }

    @Test
    void aConfigurationIsFailingWhileAnyOfItsContentIsAndEachContentIdIsKeptApart() throws Exception {
        try (TestKeyServer keyServer = TestKeyServer.start()) {
            HlsEncryption.KeyServer server = new HlsEncryption.KeyServer(keyServer.url().toString(), null,
                    List.of(TestKeyServer.CLEARKEY.toString()), java.util.Map.of());
            KeyServers servers = new KeyServers();
            servers.client(server).keys(period("asset-a", KeyRequest.NO_ROTATION));
            keyServer.answerStatus(403, 100);
            KeyException x = assertThrows(KeyException.class, () -> servers.client(server).keys(period("asset-b", KeyRequest.NO_ROTATION)));
            assertTrue(servers.health(server, "asset-a").worst().orElseThrow().ok(), "asset-a's keys came");
            KeyServers.Outcome any = servers.health(server, null).worst().orElseThrow();
            assertFalse(any.ok());
            assertEquals("asset-b", any.resourceId());
            assertEquals(x.getMessage(), any.message());
        }
    }

    /**
     * Two endpoints asking one key server for one content id keep their own state (an HLS
     * endpoint's keys say nothing of a DASH endpoint's SPEKE 2.0 request), and a fault nobody asks
     * about again for ten minutes (a deleted asset) is forgotten.
     */
    @Test
    void eachOwnerHasItsOwnStateAndStaleFaultsAreForgotten() throws Exception {
        AtomicBoolean down = new AtomicBoolean();
        KeyProvider flaky = request -> {
            if (down.get()) {
                throw new KeyException(URI.create("http://keys.example/speke"), "HTTP 503", true, null);
            }
            return KEYS.keys(request);
        };
        HlsEncryption.KeyServer server = HlsEncryption.KeyServer.fixed("Secret shared", flaky);
        HlsEncryption.KeyServer hls = server.ownedBy("live/c/hls");
        HlsEncryption.KeyServer dash = server.ownedBy("live/c/dash");
        KeyServers servers = new KeyServers();
        java.time.Instant t0 = java.time.Instant.parse("2026-12-03T10:00:00Z");
        servers.clock = java.time.Clock.fixed(t0, java.time.ZoneOffset.UTC);
        down.set(true);
        assertThrows(KeyException.class, () -> servers.client(dash).keys(period("live", KeyRequest.NO_ROTATION)));
        down.set(false);
        servers.client(hls).keys(period("live", KeyRequest.NO_ROTATION));
        assertTrue(servers.health(hls, "live").worst().orElseThrow().ok());
        assertFalse(servers.health(dash, "live").worst().orElseThrow().ok(), "the HLS endpoint's keys do not clear the DASH endpoint's fault");

        servers.clock = java.time.Clock.fixed(t0.plus(KeyServers.FORGOTTEN).plusSeconds(1), java.time.ZoneOffset.UTC);
        assertTrue(servers.health(dash, "live").worst().isEmpty(), "a fault nobody asked about for ten minutes is forgotten");
        assertTrue(servers.health(hls, "live").worst().orElseThrow().ok(), "successes stay");
    }
}
