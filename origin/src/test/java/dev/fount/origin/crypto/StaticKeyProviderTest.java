package dev.fount.origin.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class StaticKeyProviderTest {

    private static final String KEY_ID = "6c5f5206-7d98-4808-84d8-94f132c1e9fe";
    private static final String KEY_HEX = "000102030405060708090a0b0c0d0e0f";

    @Test
    void everyPeriodGetsTheSecretsKey() throws Exception {
        KeyProvider provider = StaticKeyProvider.fromSecret(Map.of("keyId", KEY_ID, "key", KEY_HEX + "\n", "hlsKeyUri", "https://keys.example/k"));

        ContentKey first = provider.keys(new KeyRequest("c", List.of(TestKeyServer.HLS_AES_128), 1, List.of(), false)).get(0);
        ContentKey later = provider.keys(new KeyRequest("c", List.of(TestKeyServer.HLS_AES_128), 500, List.of(), false)).get(0);

        assertEquals(first, later);
        assertEquals(UUID.fromString(KEY_ID), first.keyId());
        assertArrayEquals(HexFormat.of().parseHex(KEY_HEX), first.key());
        assertNull(first.explicitIv());
        assertEquals("https://keys.example/k", first.signal(TestKeyServer.HLS_AES_128).hlsKeyUri());
    }

    @Test
    void speke2GetsOneKeyPerTrackType() throws Exception {
        KeyProvider provider = new StaticKeyProvider(UUID.fromString(KEY_ID), HexFormat.of().parseHex(KEY_HEX), null);

        List<ContentKey> keys = provider.keys(new KeyRequest("c", List.of(TestKeyServer.CLEARKEY), -1, List.of("VIDEO", "AUDIO"), true));

        assertEquals(2, keys.size());
        assertNull(keys.get(1).signal(TestKeyServer.CLEARKEY).hlsKeyUri());
    }

    @Test
    void base64KeysAreAcceptedToo() {
        String base64 = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(KEY_HEX));
        ContentKey key = StaticKeyProvider.fromSecret(Map.of("keyId", KEY_ID, "key", base64))
                .keys(new KeyRequest("c", List.of(TestKeyServer.CLEARKEY), -1, List.of(), false)).get(0);

        assertArrayEquals(HexFormat.of().parseHex(KEY_HEX), key.key());
    }

    @Test
    void badSecretsAreNamed() {
        assertMessage("static key Secret has no 'key' entry", Map.of("keyId", KEY_ID));
        assertMessage("static key Secret: keyId 'nope' is not a UUID", Map.of("keyId", "nope", "key", KEY_HEX));
        assertMessage("static key Secret: key is 32 characters but not hex", Map.of("keyId", KEY_ID, "key", "zz" + KEY_HEX.substring(2)));
        assertMessage("static key Secret: key is 8 bytes; AES-128 needs 16", Map.of("keyId", KEY_ID, "key", "AAAAAAAAAAA="));
    }

    private static void assertMessage(String expected, Map<String, String> data) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StaticKeyProvider.fromSecret(data));
        assertTrue(e.getMessage().equals(expected), e.getMessage());
    }
}
