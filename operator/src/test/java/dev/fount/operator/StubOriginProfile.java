package dev.fount.operator;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The operator asks {@link StubVodOrigin} wherever it would ask a channel's or a group's origin,
 * and asks about key servers every second instead of every 30, so tests see a key server fail
 * and recover within their deadline. Shared by the test classes that need a stub origin; as the
 * stub is one per JVM, they use distinct resource names.
 */
public class StubOriginProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("fount.operator.vod-status-base", StubVodOrigin.base(),
                "fount.operator.live-status-base", StubVodOrigin.base(),
                "fount.operator.key-server-recheck", "1s");
    }
}
