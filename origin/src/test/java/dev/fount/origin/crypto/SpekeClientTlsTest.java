package dev.fount.origin.crypto;

import static dev.fount.origin.crypto.TestKeyServer.HLS_AES_128;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The certificateSecretRef certificate as TLS client certificate of an https key server that requires one. */
class SpekeClientTlsTest {

    private final TestPki.Pair serverPair = TestPki.rsa("127.0.0.1");
    private final ClientCertificate origin = TestPki.rsa("fount origin").identity();
    private TestKeyServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = TestKeyServer.startHttps(serverPair.identity(), origin.certificate());
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    /** A client presenting {@code certificate}, trusting the server, retrying without pause. */
    private SpekeClient fastClient(ClientCertificate certificate) {
        HttpClient http = HttpClient.newBuilder().sslContext(Tls.context(certificate, List.of(serverPair.certificate()))).build();
        return new SpekeClient(server.url(), Map.of(), certificate, http, Duration.ZERO, 8);
    }

    private static KeyRequest request() {
        return new KeyRequest("channel-1", List.of(HLS_AES_128), 1, List.of(), false);
    }

    @Test
    void clientCertificateIsPresentedAndKeysArrive() throws Exception {
        ContentKey key = new SpekeClient(server.url(), Map.of(), origin, serverPair.certificatePem()).keys(request()).get(0);

        assertEquals("https", server.url().getScheme());
        assertEquals(origin.certificate(), server.lastClientCertificate());
        assertArrayEquals(server.keyFor(key.keyId()), key.key());
    }

    @Test
    void ecClientCertificateWorksForTls() throws Exception {
        ClientCertificate ec = TestPki.ec("fount origin ec").identity();
        try (TestKeyServer ecServer = TestKeyServer.startHttps(serverPair.identity(), ec.certificate())) {
            ContentKey key = new SpekeClient(ecServer.url(), Map.of(), ec, serverPair.certificatePem()).keys(request()).get(0);

            assertEquals(ec.certificate(), ecServer.lastClientCertificate());
            assertArrayEquals(ecServer.keyFor(key.keyId()), key.key());
        }
    }

    @Test
    void sameCertificateAlsoDecryptsCpixKeysOverHttps() throws Exception {
        server.answerEncryptedKeys();
        ContentKey key = new SpekeClient(server.url(), Map.of(), origin, serverPair.certificatePem()).keys(request()).get(0);

        assertTrue(server.lastAnswer().contains("EncryptedValue"), "the key travelled encrypted inside TLS");
        assertArrayEquals(server.keyFor(key.keyId()), key.key());
    }

    @Test
    void withoutClientCertificateTheHangUpOfATls13ServerPointsAtTheSecret() {
        KeyException e = assertThrows(KeyException.class, () -> fastClient(null).keys(request()));

        // Under TLS 1.3 the JDK's HttpsServer refuses the missing certificate only by closing the
        // connection after the handshake: indistinguishable from a transient fault, so retried.
        assertTrue(e.retryable(), e.getMessage());
        assertEquals(0, server.requests());
        assertTrue(e.getMessage().contains("(closed after TLS without an answer; if the key server requires a TLS client certificate, "
                + "set spekeKeyProvider.certificateSecretRef)"), e.getMessage());
    }

    @Test
    void withoutClientCertificateATls12HandshakeFailsAndIsNotRetried() throws Exception {
        try (TestKeyServer tls12 = TestKeyServer.startHttps(serverPair.identity(), origin.certificate(), "TLSv1.2")) {
            SpekeClient client = new SpekeClient(tls12.url(), Map.of(), null, serverPair.certificatePem());
            KeyException e = assertThrows(KeyException.class, () -> client.keys(request()));

            assertFalse(e.retryable(), e.getMessage());
            assertTrue(e.getMessage().startsWith("key server " + tls12.url() + ": TLS failed: "), e.getMessage());
            assertTrue(e.getMessage().endsWith("(if the key server requires a TLS client certificate, set spekeKeyProvider.certificateSecretRef)"),
                    e.getMessage());
        }
    }

    @Test
    void certificateTheServerDoesNotTrustIsNamedInTheFault() throws Exception {
        ClientCertificate stranger = TestPki.rsa("stranger").identity();
        KeyException tls13 = assertThrows(KeyException.class, () -> fastClient(stranger).keys(request()));
        assertTrue(tls13.getMessage().contains("the key server may have refused the client certificate CN=stranger"), tls13.getMessage());

        try (TestKeyServer tls12 = TestKeyServer.startHttps(serverPair.identity(), origin.certificate(), "TLSv1.2")) {
            SpekeClient client = new SpekeClient(tls12.url(), Map.of(), stranger, serverPair.certificatePem());
            KeyException e = assertThrows(KeyException.class, () -> client.keys(request()));
            assertFalse(e.retryable(), e.getMessage());
            assertTrue(e.getMessage().endsWith("(the key server may have refused the client certificate CN=stranger)"), e.getMessage());
        }
    }

    @Test
    void alertRefusingTheMissingCertificateIsReadAsSuch() throws Exception {
        try (AlertingServer alerting = new AlertingServer(serverPair.identity(), origin.certificate())) {
            SpekeClient client = new SpekeClient(alerting.url(), Map.of(), null, serverPair.certificatePem());
            KeyException e = assertThrows(KeyException.class, () -> client.keys(request()));

            assertFalse(e.retryable(), e.getMessage());
            assertTrue(e.getMessage().contains("TLS failed: Received fatal alert: "), e.getMessage());
            assertTrue(e.getMessage().endsWith("(the key server wants a TLS client certificate: set spekeKeyProvider.certificateSecretRef)"),
                    e.getMessage());
        }
    }

    @Test
    void serverCertificateOutsideTheTrustedCasIsRefused() {
        SpekeClient client = new SpekeClient(server.url(), Map.of(), origin);
        KeyException e = assertThrows(KeyException.class, () -> client.keys(request()));

        assertFalse(e.retryable(), e.getMessage());
        assertTrue(e.getMessage().endsWith("(the key server's certificate is not signed by a CA the JDK or the configured CA trusts)"),
                e.getMessage());
        assertEquals(0, server.requests());
    }

    @Test
    void trustedCaPemMustHoldACertificate() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SpekeClient(server.url(), Map.of(), origin, "not a certificate"));

        assertTrue(e.getMessage().startsWith("the trusted CA PEM is not PEM"), e.getMessage());
    }

    /**
     * A TLS server on a plain SSLServerSocket, which, unlike the JDK's HttpsServer, sends the alert of
     * a failed handshake before closing (RFC 8446 §6.2).
     */
    private static final class AlertingServer implements AutoCloseable {

        private final SSLServerSocket socket;
        private final Thread thread;

        AlertingServer(ClientCertificate identity, X509Certificate trustedClient) throws Exception {
            char[] password = "test".toCharArray();
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("server", identity.privateKey(), password, new X509Certificate[] {identity.certificate()});
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, password);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("client", trustedClient);
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
            socket = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 5, InetAddress.getLoopbackAddress());
            socket.setNeedClientAuth(true);
            thread = new Thread(this::serve, "alerting-tls-server");
            thread.setDaemon(true);
            thread.start();
        }

        URI url() {
            return URI.create("https://127.0.0.1:" + socket.getLocalPort() + "/speke");
        }

        private void serve() {
            while (!socket.isClosed()) {
                try (SSLSocket connection = (SSLSocket) socket.accept()) {
                    connection.startHandshake();
                    connection.getInputStream().read(); // TLS 1.3 judges the client certificate here
                } catch (IOException e) {
                    // the refused handshake: the alert has been sent
                }
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
