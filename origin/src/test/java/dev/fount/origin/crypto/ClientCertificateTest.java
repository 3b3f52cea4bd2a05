package dev.fount.origin.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.interfaces.ECPrivateKey;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Reading the tls.crt and tls.key of a kubernetes.io/tls Secret. */
class ClientCertificateTest {

    private final TestPki.Pair rsa = TestPki.rsa("fount origin");
    private final TestPki.Pair ec = TestPki.ec("fount origin ec");

    @Test
    void pkcs8RsaKey() {
        assertTrue(rsa.keyPem().contains("BEGIN PRIVATE KEY"));
        ClientCertificate certificate = ClientCertificate.fromPem(rsa.certificatePem(), rsa.keyPem());

        assertEquals("CN=fount origin", certificate.certificate().getSubjectX500Principal().getName());
        assertEquals("RSA", certificate.privateKey().getAlgorithm());
        assertTrue(certificate.canReceiveCpixKeys());
        assertEquals(List.of(), certificate.intermediates());
    }

    @Test
    void pkcs1RsaKey() {
        String pkcs1 = rsa.keyPem("rsa", "-traditional");
        assertTrue(pkcs1.contains("BEGIN RSA PRIVATE KEY"), pkcs1.lines().findFirst().orElse(""));

        ClientCertificate certificate = ClientCertificate.fromPem(rsa.certificatePem(), pkcs1);
        assertEquals(rsa.identity().privateKey(), certificate.privateKey());
    }

    @Test
    void pkcs8AndSec1EcKeys() {
        ClientCertificate pkcs8 = ClientCertificate.fromPem(ec.certificatePem(), ec.keyPem());
        assertEquals("EC", pkcs8.privateKey().getAlgorithm());
        assertFalse(pkcs8.canReceiveCpixKeys(), "CPIX wraps keys with RSA-OAEP");

        BigInteger s = ((ECPrivateKey) pkcs8.privateKey()).getS();

        String sec1 = ec.keyPem("ec");
        assertTrue(sec1.contains("BEGIN EC PRIVATE KEY"), sec1.lines().findFirst().orElse(""));
        assertEquals(s, ((ECPrivateKey) ClientCertificate.fromPem(ec.certificatePem(), sec1).privateKey()).getS());

        String withParameters = ec.keyPem("ec", "-param_out") + sec1; // as openssl ecparam -genkey writes it
        assertTrue(withParameters.startsWith("-----BEGIN EC PARAMETERS"), withParameters);
        assertEquals(s, ((ECPrivateKey) ClientCertificate.fromPem(ec.certificatePem(), withParameters).privateKey()).getS());

        String withoutPublicKey = ec.keyPem("ec", "-no_public");
        assertEquals(s, ((ECPrivateKey) ClientCertificate.fromPem(ec.certificatePem(), withoutPublicKey).privateKey()).getS());
    }

    @Test
    void certificatesAfterTheFirstAreIntermediates() {
        String chain = rsa.certificatePem() + ec.certificatePem();
        ClientCertificate certificate = ClientCertificate.fromPem(chain, rsa.keyPem());

        assertEquals(1, certificate.intermediates().size());
        assertEquals(List.of(certificate.certificate(), ec.certificate()), certificate.chain());
    }

    @Test
    void privateKeyStaysOutOfToString() {
        String text = rsa.identity().toString();

        assertTrue(text.startsWith("ClientCertificate[subject=CN=fount origin, serial="), text);
        assertTrue(text.contains("key=RSA (hidden)"), text);
        assertFalse(text.contains("modulus") || text.contains("exponent"), text);
    }

    @Test
    void emptyOrNonPemInputIsNamed() {
        assertMessage("the certificate PEM (tls.crt) is empty", () -> ClientCertificate.fromPem("  \n", rsa.keyPem()));
        assertMessage("the private key PEM (tls.key) is not PEM: no '-----BEGIN …-----' / '-----END …-----' block",
                () -> ClientCertificate.fromPem(rsa.certificatePem(), "hunter2"));
    }

    @Test
    void swappedFilesAreSuspected() {
        assertMessage("the certificate PEM (tls.crt) holds no CERTIFICATE block (found [PRIVATE KEY]); are the certificate and the key swapped?",
                () -> ClientCertificate.fromPem(rsa.keyPem(), rsa.certificatePem()));
    }

    @Test
    void badBase64IsNamed() {
        String broken = "-----BEGIN CERTIFICATE-----\nMIIB!!notbase64\n-----END CERTIFICATE-----\n";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClientCertificate.fromPem(broken, rsa.keyPem()));

        assertTrue(e.getMessage().startsWith("the certificate PEM (tls.crt): the CERTIFICATE block is not valid base64"), e.getMessage());
    }

    @Test
    void garbageCertificateIsNamed() {
        String garbage = "-----BEGIN CERTIFICATE-----\nAAECAwQF\n-----END CERTIFICATE-----\n";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClientCertificate.fromPem(garbage, rsa.keyPem()));

        assertTrue(e.getMessage().startsWith("the certificate PEM (tls.crt) holds a CERTIFICATE block that is not an X.509 certificate"),
                e.getMessage());
    }

    @Test
    void encryptedKeysAreRefusedWithAHint() {
        String pkcs8 = rsa.keyPem("pkcs8", "-topk8", "-v2", "aes256", "-passout", "pass:secret");
        String legacy = rsa.keyPem("rsa", "-traditional", "-aes256", "-passout", "pass:secret");
        assertTrue(legacy.contains("Proc-Type: 4,ENCRYPTED"), legacy);

        for (String encrypted : List.of(pkcs8, legacy)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ClientCertificate.fromPem(rsa.certificatePem(), encrypted));
            assertTrue(e.getMessage().startsWith("the private key PEM (tls.key) is encrypted with a passphrase; store it unencrypted"),
                    e.getMessage());
        }
    }

    @Test
    void keyOfAnotherCertificateIsRefused() {
        TestPki.Pair other = TestPki.rsa("another packager");

        assertMessage("the private key (tls.key) does not belong to the certificate (tls.crt, CN=fount origin)",
                () -> ClientCertificate.fromPem(rsa.certificatePem(), other.keyPem()));
        assertMessage("the private key (tls.key) is EC but the certificate (tls.crt, CN=fount origin) has an RSA key",
                () -> ClientCertificate.fromPem(rsa.certificatePem(), ec.keyPem()));
    }

    @Test
    void keyThatIsNoKeyIsNamed() {
        String notAKey = "-----BEGIN PRIVATE KEY-----\nAAECAwQF\n-----END PRIVATE KEY-----\n";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClientCertificate.fromPem(rsa.certificatePem(), notAKey));

        assertTrue(e.getMessage().startsWith("the private key PEM (tls.key) (PRIVATE KEY) is not an RSA, EC or EdDSA private key"), e.getMessage());
        assertMessage("the private key PEM (tls.key) holds no private key (PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY block) "
                + "(found [CERTIFICATE]); are the certificate and the key swapped?", () -> ClientCertificate.fromPem(rsa.certificatePem(),
                        rsa.certificatePem()));
    }

    private static void assertMessage(String expected, Executable executable) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, executable);
        assertEquals(expected, e.getMessage());
    }
}
