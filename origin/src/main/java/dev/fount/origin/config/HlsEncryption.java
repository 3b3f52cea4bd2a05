package dev.fount.origin.config;

import java.util.List;
import java.util.Map;

/**
 * How an HLS endpoint or VOD configuration encrypts its segments (its {@code encryption}), with
 * the key server it asks.
 *
 * @param method                 AES_128 (whole segments, EXT-X-KEY METHOD=AES-128) or SAMPLE_AES
 * @param constantIv             32 hex digits, or null: each segment's IV is then its media sequence number
 * @param keyRotationSeconds     a new key every this many seconds of media; 0 keeps one key
 * @param repeatExtXKey          EXT-X-KEY before every segment, not only where the key changes
 * @param keyServer              the SPEKE key server
 */
public record HlsEncryption(String method, String constantIv, int keyRotationSeconds, boolean repeatExtXKey, KeyServer keyServer) {

    /** The same settings, asking {@code resourceId} when not null (VOD: the Asset's), counted toward {@code owner}. */
    public HlsEncryption keyedFor(String resourceId, String owner) {
        KeyServer k = resourceId == null ? keyServer : keyServer.withResourceId(resourceId);
        return new HlsEncryption(method, constantIv, keyRotationSeconds, repeatExtXKey, k.ownedBy(owner));
    }

    /**
     * A SPEKE key server.
     *
     * @param resourceId the content id; null for VOD, where the Asset's resourceId (or name) is used
     * @param headers    HTTP headers sent with every key request (the headersSecretRef Secret's data)
     * @param certificate the certificateSecretRef's certificate and key (TLS client certificate, and CPIX
     *                    content key encryption), or null
     * @param trustedCa  PEM CA certificates to trust for the key server's TLS besides the JDK's (the Secret's ca.crt), or null
     * @param fixed      a staticKeyProvider's keys, used instead of asking {@code url} (which is then null), or null
     * @param owner      the endpoint or configuration asking ({@code live/channel/endpoint}, {@code vod/group/configuration}):
     *                   whose key-server state a request counts toward; null when not set (tests)
     */
    public record KeyServer(String url, String resourceId, List<String> systemIds, Map<String, String> headers,
            dev.fount.origin.crypto.ClientCertificate certificate, String trustedCa, dev.fount.origin.crypto.KeyProvider fixed, String owner) {
        public KeyServer {
            systemIds = List.copyOf(systemIds);
            headers = Map.copyOf(headers);
        }

        /** Without a certificate. */
        public KeyServer(String url, String resourceId, List<String> systemIds, Map<String, String> headers) {
            this(url, resourceId, systemIds, headers, null, null, null, null);
        }

        /** A SPEKE server. */
        public KeyServer(String url, String resourceId, List<String> systemIds, Map<String, String> headers,
                dev.fount.origin.crypto.ClientCertificate certificate, String trustedCa) {
            this(url, resourceId, systemIds, headers, certificate, trustedCa, null, null);
        }

        /** Static keys (a staticKeyProvider): {@code source} names their Secret in messages. */
        public static KeyServer fixed(String source, dev.fount.origin.crypto.KeyProvider keys) {
            return new KeyServer(null, source, List.of(), Map.of(), null, null, keys, null);
        }

        /** The same server asked for another content id (static keys ignore it). */
        public KeyServer withResourceId(String id) {
            return fixed != null ? this : new KeyServer(url, id, systemIds, headers, certificate, trustedCa, fixed, owner);
        }

        /** The same server, its requests counted toward {@code owner}'s key-server state. */
        public KeyServer ownedBy(String owner) {
            return new KeyServer(url, resourceId, systemIds, headers, certificate, trustedCa, fixed, owner);
        }

        /** What messages call it: the key server's URL, or the static key's Secret. */
        public String name() {
            return fixed != null ? "the static key (" + resourceId + ")" : url;
        }

        @Override
        public String toString() {
            if (fixed != null) {
                return "KeyServer[static, " + resourceId + "]";
            }
            return "KeyServer[" + url + ", resourceId " + resourceId + ", systemIds " + systemIds + ", " + headers.size() + " header(s)"
                    + (certificate == null ? "" : ", certificate " + certificate.certificate().getSubjectX500Principal()) + "]";
        }
    }
}
