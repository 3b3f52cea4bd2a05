package dev.fount.origin.crypto;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS settings of a key server connection: the JDK's trusted CAs plus any configured ones, and
 * the client certificate to present.
 */
final class Tls {

    private Tls() {
    }

    /**
     * A context presenting {@code certificate} (none when null) and trusting the JDK's CAs and
     * {@code extraCas}. Hostname verification stays with the HTTP client, as for any https URL.
     */
    static SSLContext context(ClientCertificate certificate, List<X509Certificate> extraCas) {
        try {
            KeyManager[] keyManagers = certificate == null ? null : new KeyManager[] {new OneCertificate(certificate)};
            TrustManager[] trustManagers = extraCas.isEmpty() ? null : trustManagers(extraCas);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers, trustManagers, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("the JDK cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** Trust managers of the JDK's trust store with {@code extraCas} added. */
    private static TrustManager[] trustManagers(List<X509Certificate> extraCas) throws GeneralSecurityException, IOException {
        TrustManagerFactory jdk = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        jdk.init((KeyStore) null);
        KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
        anchors.load(null, null);
        int n = 0;
        for (TrustManager manager : jdk.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                for (X509Certificate ca : x509.getAcceptedIssuers()) {
                    anchors.setCertificateEntry("jdk-" + n++, ca);
                }
            }
        }
        for (X509Certificate ca : extraCas) {
            anchors.setCertificateEntry("configured-" + n++, ca);
        }
        TrustManagerFactory combined = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        combined.init(anchors);
        return combined.getTrustManagers();
    }

    /**
     * Presents the one configured certificate whenever the server asks for a client certificate of
     * its key type, whatever CAs the server names as acceptable: as curl does, the server decides,
     * and its refusal names the problem better than a silently missing certificate.
     */
    private static final class OneCertificate extends X509ExtendedKeyManager {

        private static final String ALIAS = "certificateSecretRef";

        private final ClientCertificate certificate;
        private final X509Certificate[] chain;

        OneCertificate(ClientCertificate certificate) {
            this.certificate = certificate;
            this.chain = certificate.chain().toArray(new X509Certificate[0]);
        }

        private String alias(String... keyTypes) {
            return keyTypes != null && Arrays.asList(keyTypes).contains(certificate.privateKey().getAlgorithm()) ? ALIAS : null;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return alias(keyType) == null ? null : new String[] {ALIAS};
        }

        @Override
        public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
            return alias(keyTypes);
        }

        @Override
        public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
            return alias(keyTypes);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return ALIAS.equals(alias) ? chain.clone() : null;
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return ALIAS.equals(alias) ? certificate.privateKey() : null;
        }
    }
}
