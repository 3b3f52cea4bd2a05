package dev.fount.origin.config;

import dev.fount.origin.media.mp4.Cenc;

/**
 * How a DASH, CMAF or Smooth Streaming endpoint (or VOD configuration) encrypts its fMP4 with
 * Common Encryption (its {@code encryption}), with the key server it asks.
 *
 * @param scheme             cenc (AES_CTR; DASH's default, Smooth's only) or cbcs (SAMPLE_AES; CMAF's default)
 * @param constantIv         32 hex digits for cbcs's constant IV, or null: the key server's explicit IV, else one derived from the key id
 * @param keyRotationSeconds a new key every this many seconds of media; 0 keeps one key
 * @param keyServer          the SPEKE key server
 * @param videoPreset        SPEKE 2.0 video preset (e.g. PRESET-VIDEO-1, SHARED, UNENCRYPTED), or null for SPEKE v1
 * @param audioPreset        SPEKE 2.0 audio preset, or null for SPEKE v1
 */
public record CencEncryption(Cenc.Scheme scheme, String constantIv, int keyRotationSeconds, HlsEncryption.KeyServer keyServer,
        String videoPreset, String audioPreset) {

    /** Whether keys come over SPEKE 2.0 (an encryption contract with presets). */
    public boolean speke2() {
        return videoPreset != null && audioPreset != null;
    }

    /** The same settings asking the key server for {@code resourceId} (VOD: the Asset's). */
    public CencEncryption forResource(String resourceId) {
        return new CencEncryption(scheme, constantIv, keyRotationSeconds, keyServer.withResourceId(resourceId), videoPreset, audioPreset);
    }

    /** The same settings, their key requests counted toward {@code owner}'s key-server state. */
    public CencEncryption ownedBy(String owner) {
        return new CencEncryption(scheme, constantIv, keyRotationSeconds, keyServer.ownedBy(owner), videoPreset, audioPreset);
    }

    /** The key server's settings read from a {@code spekeKeyProvider}, presets included. */
    static CencEncryption of(Cenc.Scheme scheme, String constantIv, Integer rotation, dev.fount.api.v1alpha1.SpekeKeyProvider k,
            HlsEncryption.KeyServer server) {
        var contract = k == null ? null : k.encryptionContractConfiguration;
        return new CencEncryption(scheme, constantIv, rotation == null ? 0 : rotation, server,
                contract == null || contract.presetSpeke20Video == null ? null : preset(contract.presetSpeke20Video),
                contract == null || contract.presetSpeke20Audio == null ? null : preset(contract.presetSpeke20Audio));
    }

    /** The scheme an {@code encryptionMethod} names: AES_CTR is cenc, SAMPLE_AES cbcs; unset, the packager's default. */
    static Cenc.Scheme scheme(dev.fount.api.v1alpha1.Encryption.Cmaf.Method method, Cenc.Scheme unset) {
        if (method == null) {
            return unset;
        }
        return method == dev.fount.api.v1alpha1.Encryption.Cmaf.Method.AES_CTR ? Cenc.Scheme.CENC : Cenc.Scheme.CBCS;
    }

    private static String preset(Enum<?> e) {
        return e.name().replace('_', '-');
    }
}
