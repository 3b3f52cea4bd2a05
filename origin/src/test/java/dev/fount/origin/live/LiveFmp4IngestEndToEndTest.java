package dev.fount.origin.live;

import java.util.Map;

import dev.fount.origin.e2e.LiveEncoder;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * {@link LiveFmp4EndToEndTest}'s tests with the encoder pushing fMP4 (an EXT-X-MAP init segment
 * and .m4s segments per rendition) instead of MPEG-TS: the same DASH, CMAF and Smooth
 * Streaming endpoints, players and decodes, now from samples passed through, and an encoder
 * restart that uploads new init segments.
 */
@QuarkusTest
@TestProfile(LiveFmp4IngestEndToEndTest.Profile.class)
class LiveFmp4IngestEndToEndTest extends LiveFmp4EndToEndTest {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("fount.config.dir", "../examples/live", "fount.data.dir", "target/fount-data-fmp4-ingest");
        }
    }

    @Override
    LiveEncoder.SegmentType ingest() {
        return LiveEncoder.SegmentType.FMP4;
    }
}
