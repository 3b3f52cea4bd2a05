package dev.fount.origin.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import dev.fount.origin.config.IngestCredentials;

class IngestAuthenticatorTest {

    private final IngestAuthenticator auth = new IngestAuthenticator();
    private final IngestCredentials creds = new IngestCredentials("encoder", "s3cret");

    @Test
    void basic() {
        String good = "Basic " + Base64.getEncoder().encodeToString("encoder:s3cret".getBytes(StandardCharsets.UTF_8));
        String bad = "Basic " + Base64.getEncoder().encodeToString("encoder:guess".getBytes(StandardCharsets.UTF_8));
        assertInstanceOf(IngestAuthenticator.Accepted.class, auth.check("PUT", "/in/v1/live/1/a.ts", good, creds));
        assertEquals("wrong user name or password", ((IngestAuthenticator.Refused) auth.check("PUT", "/x", bad, creds)).reason());
        assertEquals("no credentials: send HTTP basic or digest authentication", ((IngestAuthenticator.Refused) auth.check("PUT", "/x", null, creds)).reason());
    }

    /** RFC 7616 §3.4.1 response computed independently here, against a nonce the origin issued. */
    @Test
    void digestWithQopAuth() throws Exception {
        String nonce = auth.nonce(System.currentTimeMillis());
        String uri = "/in/v1/live/1/channel_0.m3u8";
        String ha1 = md5("encoder:fount:s3cret");
        String ha2 = md5("PUT:" + uri);
        String response = md5(ha1 + ":" + nonce + ":00000001:abc123:auth:" + ha2);
        String header = "Digest username=\"encoder\", realm=\"fount\", nonce=\"" + nonce + "\", uri=\"" + uri
                + "\", qop=auth, nc=00000001, cnonce=\"abc123\", response=\"" + response + "\", algorithm=MD5";
        assertInstanceOf(IngestAuthenticator.Accepted.class, auth.check("PUT", uri, header, creds));
        assertEquals("digest uri does not match the request",
                ((IngestAuthenticator.Refused) auth.check("PUT", "/in/v1/live/1/other.m3u8", header, creds)).reason());
        assertEquals("wrong user name or password",
                ((IngestAuthenticator.Refused) auth.check("POST", uri, header, creds)).reason());
    }

    @Test
    void aNonceFromAnotherOriginIsRefusedAndAnOldOneIsStale() throws Exception {
        String forged = new IngestAuthenticator().nonce(System.currentTimeMillis());
        String uri = "/in/v1/live/1/a.ts";
        assertEquals("digest nonce was not issued by this origin", ((IngestAuthenticator.Refused) auth.check("PUT", uri, digest(forged, uri), creds)).reason());
        IngestAuthenticator.Refused stale = (IngestAuthenticator.Refused) auth.check("PUT", uri,
                digest(auth.nonce(System.currentTimeMillis() - 10 * 60 * 1000), uri), creds);
        assertEquals(true, stale.stale());
    }

    private String digest(String nonce, String uri) throws Exception {
        String response = md5(md5("encoder:fount:s3cret") + ":" + nonce + ":" + md5("PUT:" + uri));
        return "Digest username=\"encoder\", realm=\"fount\", nonce=\"" + nonce + "\", uri=\"" + uri + "\", response=\"" + response + "\"";
    }

    private static String md5(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}
