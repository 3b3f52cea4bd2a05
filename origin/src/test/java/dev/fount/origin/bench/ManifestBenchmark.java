package dev.fount.origin.bench;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import dev.fount.api.v1alpha1.AdMarkers;
import dev.fount.api.v1alpha1.DashPackage;
import dev.fount.api.v1alpha1.OriginEndpointSpec.Origination;
import dev.fount.api.v1alpha1.PlaylistType;
import dev.fount.origin.config.CmafSettings;
import dev.fount.origin.config.DashSettings;
import dev.fount.origin.config.EndpointConfig;
import dev.fount.origin.config.HlsSettings;
import dev.fount.origin.config.MssSettings;
import dev.fount.origin.config.StreamSelectionSettings;
import dev.fount.origin.media.MediaKind;
import dev.fount.origin.packager.cmaf.CmafPackager;
import dev.fount.origin.packager.cmaf.FakeChannels;
import dev.fount.origin.packager.dash.DashPackager;
import dev.fount.origin.packager.hls.HlsPackager;
import dev.fount.origin.packager.mss.MssPackager;
import dev.fount.origin.packager.mss.TrackFormats;
import dev.fount.origin.timeline.ChannelView;

/**
 * Manifest generation over a one-hour window: a three-rendition ladder of 2 s segments
 * (1800 per rendition, 2 s output segments), each packager asked for its whole window, as a
 * player joining a startover endpoint would. Average time per manifest.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ManifestBenchmark {

    private static final int HOUR = 3600;

    private ChannelView view;
    private EndpointConfig hlsEndpoint;
    private HlsSettings hls;
    private EndpointConfig dashEndpoint;
    private DashSettings dash;
    private EndpointConfig cmafEndpoint;
    private CmafSettings cmaf;
    private EndpointConfig mssEndpoint;
    private MssSettings mss;

    @Setup
    public void setUp() {
        view = FakeChannels.channel(List.of(new FakeChannels.Rendition("channel_0", true, "eng", 600_000),
                new FakeChannels.Rendition("channel_1", true, "eng", 300_000),
                new FakeChannels.Rendition("channel_2", true, "eng", 150_000)), HOUR / 2, -1);
        StreamSelectionSettings all = StreamSelectionSettings.ALL;
        hls = new HlsSettings(2, HOUR, PlaylistType.NONE, 60, AdMarkers.NONE, true, true, all);
        hlsEndpoint = endpoint("hls", Optional.of(hls), Optional.empty(), Optional.empty(), Optional.empty());
        dash = new DashSettings(2, HOUR, 30, 15, 25, DashPackage.Profile.NONE, DashPackage.ManifestLayout.FULL,
                DashPackage.SegmentTemplateFormat.NUMBER_WITH_TIMELINE, List.of(), DashPackage.UtcTiming.HTTP_ISO, null, false, all);
        dashEndpoint = endpoint("dash", Optional.empty(), Optional.of(dash), Optional.empty(), Optional.empty());
        cmaf = new CmafSettings(2, "live", List.of(new CmafSettings.Manifest("main", "index", HOUR, PlaylistType.NONE, 60,
                AdMarkers.NONE, true)), all);
        cmafEndpoint = endpoint("cmaf", Optional.empty(), Optional.empty(), Optional.of(cmaf), Optional.empty());
        mss = new MssSettings(2, HOUR, all);
        mssEndpoint = endpoint("mss", Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(mss));
    }

    private static EndpointConfig endpoint(String name, Optional<HlsSettings> h, Optional<DashSettings> d, Optional<CmafSettings> c,
            Optional<MssSettings> m) {
        return new EndpointConfig(name, "live", "index", HOUR, 0, List.of(), Origination.ALLOW, h, d, c, m);
    }

    @Benchmark
    public String dashMpd() {
        return DashPackager.mpd(view, dashEndpoint, dash, Instant.parse("2026-11-26T11:00:00Z"), "http://origin/utc");
    }

    @Benchmark
    public String hlsMediaPlaylist() {
        return HlsPackager.mediaPlaylist(view, hlsEndpoint, hls, 1).orElseThrow();
    }

    @Benchmark
    public String cmafMediaPlaylist() {
        return CmafPackager.mediaPlaylist(view, cmafEndpoint, cmaf, "main", 1, MediaKind.VIDEO).orElseThrow();
    }

    @Benchmark
    public String mssManifest() {
        return MssPackager.manifest(view, mssEndpoint, mss, TrackFormats.NONE).orElseThrow();
    }
}
