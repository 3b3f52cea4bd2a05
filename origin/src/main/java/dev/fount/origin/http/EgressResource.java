package dev.fount.origin.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Optional;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.fount.api.v1alpha1.OriginEndpointSpec.Origination;
import dev.fount.origin.config.ConfigSnapshot;
import dev.fount.origin.config.VodConfig;
import dev.fount.origin.vod.VodLibrary;
import dev.fount.origin.config.ConfigSource;
import dev.fount.origin.config.CencEncryption;
import dev.fount.origin.config.CmafSettings;
import dev.fount.origin.config.DashSettings;
import dev.fount.origin.config.MssSettings;
import dev.fount.origin.config.EndpointConfig;
import dev.fount.origin.config.HlsEncryption;
import dev.fount.origin.config.HlsSettings;
import dev.fount.origin.media.MalformedMediaException;
import dev.fount.origin.media.MediaKind;
import dev.fount.origin.media.ts.TsStreamFilter;
import dev.fount.origin.packager.Availability;
import dev.fount.origin.packager.OutputSegment;
import dev.fount.origin.packager.TimeRange;
import dev.fount.origin.packager.cmaf.CmafNames;
import dev.fount.origin.packager.cmaf.CmafPackager;
import dev.fount.origin.packager.dash.DashNames;
import dev.fount.origin.packager.mss.MssNames;
import dev.fount.origin.packager.mss.MssPackager;
import dev.fount.origin.packager.dash.DashPackager;
import dev.fount.origin.packager.hls.HlsNames;
import dev.fount.origin.packager.hls.HlsPackager;
import dev.fount.origin.packager.hls.KeyTags;
import dev.fount.origin.timeline.ChannelView;
import dev.fount.origin.timeline.ServedSegment;
import dev.fount.origin.timeline.Timelines;
import io.vertx.core.http.HttpServerRequest;

/**
 * Player-facing API: {@code GET /out/v1/{channel}/{endpoint}/{file}}, where the file may have
 * path elements of its own (CMAF manifests under their id, Smooth Streaming fragments). Every
 * refusal says why.
 * Playlists are cached briefly by CDNs, segments (immutable once complete) for a day.
 */
@Path("/out/v1/{channel}/{endpoint}/{file: .+}")
public class EgressResource {

    static final String M3U8 = "application/vnd.apple.mpegurl";
    static final String TS = "video/mp2t";
    static final String MP4_VIDEO = "video/mp4";
    static final String MP4_AUDIO = "audio/mp4";
    private static final String PLAYLIST_CACHE = "max-age=1";
    private static final String SEGMENT_CACHE = "max-age=86400";
    /** Init segments describe the newest media: an encoder restart may change them. */
    private static final String INIT_CACHE = "max-age=30";

    @Inject
    ConfigSource config;

    @Inject
    Timelines timelines;

    @Inject
    SegmentCache cache;

    @Inject
    Fragments fragments;

    @Inject
    VodLibrary library;

    @Inject
    HlsKeys keys;

    @Inject
    CencKeys cencKeys;

    static java.time.Clock clock = java.time.Clock.systemUTC();

    @GET
    public Response get(@PathParam("channel") String channel, @PathParam("endpoint") String endpointName,
            @PathParam("file") String file, @jakarta.ws.rs.HeaderParam("Range") String range,
            @jakarta.ws.rs.QueryParam("start") String start, @jakarta.ws.rs.QueryParam("end") String end, HttpServerRequest request) {
        return serve(channel, endpointName, file, range, start, end, request, false);
    }

    /**
     * Answers a request for an endpoint's file. {@code harvest}: the HLS rendering a harvest reads
     * ({@link TimeShift#harvestSource}), whatever the endpoint's packager, and only for a window.
     */
    Response serve(String channel, String endpointName, String file, String range, String start, String end, HttpServerRequest request,
            boolean harvest) {
        ConfigSnapshot snapshot = config.current();
        if (snapshot.channel(channel).isEmpty() && snapshot.vod().group(channel).isPresent() && !harvest) {
            return vod(snapshot.vod(), channel, endpointName, file, range, start, end, request);
        }
        if (snapshot.channel(channel).isEmpty()) {
            return text(404, "channel " + channel + " is not configured");
        }
        Optional<EndpointConfig> found = snapshot.endpoint(channel, endpointName);
        if (found.isEmpty()) {
            return text(404, "channel " + channel + " has no endpoint " + endpointName);
        }
        EndpointConfig endpoint = found.get();
        if (endpoint.origination() == Origination.DENY) {
            return text(403, "endpoint " + endpointName + " does not serve players (origination DENY)");
        }
        String client = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        if (!Whitelist.allows(endpoint.whitelist(), client)) {
            return text(403, "client address " + client + " is not in endpoint " + endpointName + "'s whitelist");
        }
        ChannelView view = timelines.view(channel);
        if (endpoint.timeDelaySeconds() > 0) {
            view = Availability.delayed(view, clock.instant().minusSeconds(endpoint.timeDelaySeconds()));
        }
        Optional<TimeRange> window;
        try {
            window = TimeRange.parse(start, end);
        } catch (TimeRange.BadRange e) {
            return text(400, e.getMessage());
        }
        if (harvest && manifest(file) && (start == null || end == null)) {
            return text(400, "a harvest needs both start and end");
        }
        TimeShift shift = null;
        if (window.isPresent() && manifest(file)) {
            try {
                Availability.Window w = Availability.window(view, window.get(), TimeShift.segmentDurationSeconds(endpoint));
                view = w.view();
                shift = new TimeShift(TimeShift.query(start, end), w.complete());
            } catch (Availability.OutsideArchive e) {
                return text(400, e.getMessage());
            }
            if (harvest && !shift.complete()) {
                return text(400, "the range ends at " + end + ", after the newest media: a harvest needs a range that has ended");
            }
            endpoint = harvest ? shift.harvestSource(endpoint) : shift.apply(endpoint);
        } else if (harvest) {
            endpoint = new TimeShift("", true).harvestSource(endpoint);
        }
        String owner = KeyStatusResource.liveOwner(endpoint.channelName(), endpoint.name());
        if (endpoint.hls().isPresent()) {
            return hls(view, endpoint, keyedFor(endpoint.hls().get(), null, owner), file, range, shift);
        }
        if (endpoint.dash().isPresent()) {
            return dash(view, endpoint, endpoint.dash().get(), file, range, request, shift, null, owner);
        }
        if (endpoint.cmaf().isPresent()) {
            return cmaf(view, endpoint, endpoint.cmaf().get(), file, range, shift, null, owner);
        }
        if (endpoint.mss().isPresent()) {
            return mss(view, endpoint, endpoint.mss().get(), file, range, shift, null, owner);
        }
        return text(404, "endpoint " + endpointName + " has no packager");
    }

    /** A VOD asset is always a complete window: VOD playlists with EXT-X-ENDLIST, static MPDs, Smooth without IsLive. */
    private static final TimeShift WHOLE_ASSET = new TimeShift("", true);

    /**
     * {@code /out/v1/{packagingGroup}/{asset}/{configuration}/{file}}, and the CMAF segments one level up
     * ({@code /out/v1/{packagingGroup}/{asset}/{configuration}_1v_3.mp4}, what CMAF playlists name as {@code ../…}).
     */
    private Response vod(VodConfig vod, String group, String assetName, String file, String range, String start, String end,
            HttpServerRequest request) {
        Optional<VodConfig.AssetConfig> asset = vod.asset(group, assetName);
        if (asset.isEmpty()) {
            return text(404, "packaging group " + group + " has no asset " + assetName);
        }
        if (start != null || end != null) {
            return text(400, "start and end select a window of a live channel; asset " + assetName + " is VOD");
        }
        int slash = file.indexOf('/');
        String configName = slash < 0 ? file : file.substring(0, slash);
        Optional<VodConfig.Packaging> configuration = slash < 0
                ? vod.configurationsOf(group).stream().filter(c -> c.type().equals("cmaf") && file.startsWith(c.name() + "_")).findFirst()
                : vod.configuration(group, configName);
        if (configuration.isEmpty()) {
            return text(404, "packaging group " + group + " has no packaging configuration " + configName + " (it has "
                    + vod.configurationsOf(group).stream().map(VodConfig.Packaging::name).toList() + ")");
        }
        VodLibrary.State state = library.state(asset.get()).orElse(null);
        if (state == null || state.status() != VodLibrary.Status.PLAYABLE) {
            VodLibrary.Status status = state == null ? VodLibrary.Status.QUEUED : state.status();
            String why = "asset " + assetName + " is " + status + (state == null ? "" : ": " + state.message());
            return status == VodLibrary.Status.FAILED ? text(404, why)
                    : Response.fromResponse(text(503, why)).header("Retry-After", "2").build();
        }
        ChannelView view;
        try {
            view = library.view(asset.get()).orElse(null);
        } catch (IOException e) {
            return text(503, "the index of asset " + assetName + " cannot be read: " + e.getMessage());
        }
        if (view == null) {
            return Response.fromResponse(text(503, "asset " + assetName + " is being indexed again")).header("Retry-After", "2").build();
        }
        VodConfig.Packaging p = configuration.get();
        String owner = KeyStatusResource.vodOwner(p.group(), p.name());
        String rest = slash < 0 ? file : file.substring(slash + 1);
        for (EndpointConfig m : p.manifests()) {
            if (m.cmaf().isPresent() && CmafNames.parse(m.cmaf().get(), file).isPresent()) {
                return cmaf(view, m, m.cmaf().get(), file, range, WHOLE_ASSET, asset.get().resourceId(), owner);
            }
            if (m.hls().isPresent() && HlsNames.parse(m.manifestName(), rest).isPresent()) {
                HlsSettings hls = keyedFor(m.hls().get(), asset.get().resourceId(), owner);
                return hls(view, m, hls, rest, range, WHOLE_ASSET);
            }
            if (m.dash().isPresent() && DashNames.parse(m.manifestName(), rest).isPresent()) {
                return dash(view, m, m.dash().get(), rest, range, request, WHOLE_ASSET, asset.get().resourceId(), owner);
            }
            if (m.mss().isPresent() && MssNames.parse(m.manifestName(), rest).isPresent()) {
                return mss(view, m, m.mss().get(), rest, range, WHOLE_ASSET, asset.get().resourceId(), owner);
            }
        }
        return text(404, rest + " is not a file of packaging configuration " + p.name() + " (its manifests are "
                + p.manifests().stream().map(EndpointConfig::manifestName).toList() + ")");
    }

    /**
     * The encryption of an HLS endpoint or VOD configuration as one request uses it: asking for the
     * asset's content id ({@code resourceId}, VOD) and counted toward {@code owner}'s key-server state.
     */
    private static HlsSettings keyedFor(HlsSettings h, String resourceId, String owner) {
        if (h.encryption().isEmpty()) {
            return h;
        }
        HlsEncryption keyed = h.encryption().get().keyedFor(resourceId, owner);
        return new HlsSettings(h.segmentDurationSeconds(), h.playlistWindowSeconds(), h.playlistType(), h.programDateTimeIntervalSeconds(),
                h.adMarkers(), h.includeIframeOnlyStream(), h.useAudioRenditionGroup(), h.streamSelection(), h.adTriggers(), Optional.of(keyed));
    }

    /** Whether a file is a manifest (what a time-shift window applies to) rather than media. */
    static boolean manifest(String file) {
        return file.endsWith(".m3u8") || file.endsWith(".mpd") || file.endsWith("/Manifest") || file.equals("Manifest");
    }

    /**
     * The content id keys are asked for: a VOD asset's ({@code vodResourceId}), else the endpoint key
     * server's; the requests counted toward {@code owner}'s key-server state.
     */
    private static Optional<CencEncryption> keyed(Optional<CencEncryption> e, String vodResourceId, String owner) {
        return e.map(x -> (vodResourceId == null ? x : x.forResource(vodResourceId)).ownedBy(owner));
    }

    /** The key of a rendition's track of an encrypted endpoint at a media time; null in the clear (or left clear by the presets). */
    private CencKeys.TrackKey trackKey(Optional<CencEncryption> e, dev.fount.origin.timeline.RenditionView rendition, MediaKind kind, long time,
            boolean hls) throws dev.fount.origin.crypto.KeyException {
        if (e.isEmpty()) {
            return null;
        }
        return cencKeys.key(e.get(), e.get().keyServer().resourceId(), CencKeys.Track.of(rendition, kind), time, hls).orElse(null);
    }

    private Response cmaf(ChannelView view, EndpointConfig endpoint, CmafSettings cmaf, String file, String range, TimeShift shift,
            String vodResourceId, String owner) {
        Optional<CencEncryption> encryption = keyed(cmaf.encryption(), vodResourceId, owner);
        Optional<CmafNames.Request> parsed = CmafNames.parse(cmaf, file);
        if (parsed.isEmpty()) {
            return text(404, file + " is not a file of endpoint " + endpoint.name() + " (its manifests are "
                    + cmaf.hlsManifests().stream().map(CmafNames::manifestPath).toList() + ")");
        }
        if (CmafPackager.selected(view, cmaf).isEmpty()) {
            return text(404, "channel " + view.channel() + " has no media yet: no encoder has pushed complete segments");
        }
        CmafNames.Request r = parsed.get();
        if (r instanceof CmafNames.Multivariant m) {
            return CmafPackager.multivariant(view, endpoint, cmaf, m.manifestId()).map(t -> shift == null ? t : shift.multivariant(t))
                    .map(this::playlist)
                    .orElseGet(() -> text(404, "endpoint " + endpoint.name() + " has no manifest " + m.manifestId()));
        }
        if (r instanceof CmafNames.MediaPlaylist p) {
            Optional<String> media;
            try {
                media = CmafPackager.mediaPlaylist(view, endpoint, cmaf, p.manifestId(), p.position(), p.kind(),
                        encryption.map(e -> cmafKeyTags(e, CencKeys.Track.of(view.rendition(p.position()).orElse(null), p.kind())))
                                .orElse(null));
            } catch (KeyTags.KeyUnavailable e) {
                return text(502, "no key for the playlist of endpoint " + endpoint.name() + ": " + e.getMessage());
            }
            return media.map(t -> shift == null ? t : shift.media(t)).map(this::playlist)
                    .orElseGet(() -> text(404, "manifest " + p.manifestId() + " lists no " + p.kind().name().toLowerCase(java.util.Locale.ROOT)
                            + " playlist for rendition " + p.position()));
        }
        if (r instanceof CmafNames.IframePlaylist p) {
            if (encryption.isPresent()) {
                return text(404, "endpoint " + endpoint.name() + " is encrypted and lists no I-frame playlist");
            }
            return CmafPackager.iframePlaylist(view, endpoint, cmaf, p.manifestId(), p.position())
                    .map(t -> shift == null ? t : shift.media(t)).map(this::playlist)
                    .orElseGet(() -> text(404, "manifest " + p.manifestId() + " has no I-frame playlist for rendition " + p.position()));
        }
        if (r instanceof CmafNames.Init i) {
            Optional<dev.fount.origin.timeline.RenditionView> source = CmafPackager.initSource(view, i.position(), i.kind());
            if (source.isEmpty()) {
                return text(404, "rendition " + i.position() + " has no " + i.kind().name().toLowerCase(java.util.Locale.ROOT) + " track");
            }
            try {
                dev.fount.origin.timeline.ServedSegment last = source.get().segments().get(source.get().segments().size() - 1);
                CencKeys.TrackKey key = trackKey(encryption, source.get(), i.kind(), last.start(), true);
                return ByteRanges.respond(fragments.init(source.get(), i.kind(), key == null ? null : key.protection()),
                        i.kind() == MediaKind.AUDIO ? MP4_AUDIO : MP4_VIDEO, range).header("Cache-Control", INIT_CACHE).build();
            } catch (dev.fount.origin.crypto.KeyException e) {
                return text(502, "no key for " + file + ": " + e.getMessage());
            } catch (Fragments.NoSuchTrack e) {
                return text(404, file + ": " + e.getMessage());
            } catch (IOException e) {
                return text(503, file + ": the newest segment was just dropped; ask again");
            } catch (MalformedMediaException e) {
                return text(500, file + " cannot be packaged: " + e.getMessage());
            }
        }
        CmafNames.Segment seg = (CmafNames.Segment) r;
        CmafPackager.Lookup lookup = CmafPackager.segment(view, cmaf, seg.position(), seg.kind(), seg.ordinal());
        if (lookup instanceof CmafPackager.Gone g) {
            return text(410, "segment " + seg.ordinal() + " has left the window (available " + g.first() + " to " + g.last() + ")");
        }
        if (lookup instanceof CmafPackager.Absent a) {
            return text(404, a.reason());
        }
        CmafPackager.Found found = (CmafPackager.Found) lookup;
        return fmp4(file, found.rendition(), found.segment(), seg.kind(), seg.iframeOnly(), false, range, encryption, true);
    }

    /**
     * The EXT-X-KEY tags of an encrypted CMAF playlist (RFC 8216 §4.3.2.4): one per DRM system the
     * key server signals with a key URI, METHOD=SAMPLE-AES (cbcs) or SAMPLE-AES-CTR (cenc), its
     * KEYFORMAT (the key server's, else {@code identity} for a plain key URI) and KEYFORMATVERSIONS.
     */
    private KeyTags cmafKeyTags(CencEncryption e, CencKeys.Track track) {
        String method = e.scheme() == dev.fount.origin.media.mp4.Cenc.Scheme.CBCS ? "SAMPLE-AES" : "SAMPLE-AES-CTR";
        return segment -> {
            CencKeys.TrackKey key;
            try {
                key = cencKeys.key(e, e.keyServer().resourceId(), track, segment.start(), true).orElse(null);
            } catch (dev.fount.origin.crypto.KeyException ex) {
                throw new KeyTags.KeyUnavailable(ex.getMessage());
            }
            if (key == null) {
                return null;
            }
            java.util.List<String> tags = new java.util.ArrayList<>();
            for (dev.fount.origin.crypto.DrmSignal s : key.signals()) {
                if (s.hlsKeyUri() == null || s.hlsKeyUri().isBlank()) {
                    continue;
                }
                String format = s.keyFormat() != null && !s.keyFormat().isBlank() ? s.keyFormat() : "identity";
                tags.add(KeyTags.extXKey(method, s.hlsKeyUri(), null, format, s.keyFormatVersions()));
            }
            if (tags.isEmpty()) {
                throw new KeyTags.KeyUnavailable("key server " + e.keyServer().name() + " gave no key URI (URIExtXKey) for key " + key.key().keyId());
            }
            return String.join("\n", tags);
        };
    }

    private Response mss(ChannelView view, EndpointConfig endpoint, MssSettings mss, String file, String range, TimeShift shift,
            String vodResourceId, String owner) {
        Optional<CencEncryption> encryption = keyed(mss.encryption(), vodResourceId, owner);
        Optional<MssNames.Request> parsed = MssNames.parse(endpoint.manifestName(), file);
        if (parsed.isEmpty()) {
            return text(404, file + " is not a file of endpoint " + endpoint.name() + " (its manifest is "
                    + MssNames.manifest(endpoint.manifestName()) + ")");
        }
        if (parsed.get() instanceof MssNames.Manifest) {
            java.util.UUID system = null;
            String header = null;
            if (encryption.isPresent()) {
                // One key for the presentation (Smooth has no key rotation): its PlayReady header,
                // the key server's when it sends one, else built from the key id.
                try {
                    CencKeys.TrackKey key = trackKey(encryption, null, MediaKind.VIDEO, 0, false);
                    if (key == null) {
                        key = trackKey(encryption, null, MediaKind.AUDIO, 0, false);
                    }
                    if (key != null) {
                        system = encryption.get().keyServer().systemIds().isEmpty() ? dev.fount.origin.crypto.PlayReady.SYSTEM_ID
                                : java.util.UUID.fromString(encryption.get().keyServer().systemIds().get(0));
                        dev.fount.origin.crypto.DrmSignal signal = key.key().signal(system);
                        header = signal != null && signal.protectionHeader() != null && !signal.protectionHeader().isBlank()
                                ? signal.protectionHeader().strip()
                                : dev.fount.origin.crypto.PlayReady.header(key.key().keyId(), null);
                    }
                } catch (dev.fount.origin.crypto.KeyException e) {
                    return text(502, "no key for the manifest of endpoint " + endpoint.name() + ": " + e.getMessage());
                }
            }
            Optional<String> manifest = MssPackager.manifest(view, endpoint, mss, (rendition, kind) -> {
                try {
                    return Optional.of(fragments.format(rendition, kind));
                } catch (IOException | MalformedMediaException | RuntimeException e) {
                    return Optional.empty();
                }
            }, shift == null || !shift.complete(), system, header);
            return manifest.map(m -> Response.ok(m, "text/xml").header("Cache-Control", PLAYLIST_CACHE).build())
                    .orElseGet(() -> text(404, "channel " + view.channel() + " has no media yet: no encoder has pushed complete segments"));
        }
        MssNames.Fragment f = (MssNames.Fragment) parsed.get();
        MssPackager.Lookup lookup = MssPackager.fragment(view, mss, f.stream(), f.bitrate(), f.time());
        if (lookup instanceof MssPackager.Gone g) {
            return text(410, "fragment " + f.time() + " has left the window (the oldest starts at " + g.firstTime() + ")");
        }
        if (lookup instanceof MssPackager.Absent a) {
            return text(404, a.reason());
        }
        MssPackager.Found found = (MssPackager.Found) lookup;
        try {
            byte[] body = fragments.smooth(found.segment(), f.kind(), found.duration(), found.lookahead(),
                    trackKey(encryption, found.rendition(), f.kind(), 0, false));
            return ByteRanges.respond(body, f.kind() == MediaKind.AUDIO ? MP4_AUDIO : MP4_VIDEO, range).header("Cache-Control", SEGMENT_CACHE).build();
        } catch (dev.fount.origin.crypto.KeyException e) {
            return text(502, "no key for " + file + ": " + e.getMessage());
        } catch (Fragments.NoSuchTrack e) {
            return text(404, file + ": " + e.getMessage());
        } catch (IOException e) {
            return text(410, file + " is no longer stored");
        } catch (MalformedMediaException e) {
            return text(500, file + " cannot be packaged: " + e.getMessage());
        }
    }

    private Response dash(ChannelView view, EndpointConfig endpoint, DashSettings dash, String file, String range, HttpServerRequest http,
            TimeShift shift, String vodResourceId, String owner) {
        Optional<CencEncryption> encryption = keyed(dash.encryption(), vodResourceId, owner);
        Optional<DashNames.Request> parsed = DashNames.parse(endpoint.manifestName(), file);
        if (parsed.isEmpty()) {
            return text(404, file + " is not a file of endpoint " + endpoint.name() + " (its manifest is "
                    + DashNames.manifest(endpoint.manifestName()) + ")");
        }
        java.util.List<dev.fount.origin.timeline.RenditionView> selected = DashPackager.selected(view, dash);
        if (selected.isEmpty()) {
            return text(404, "channel " + view.channel() + " has no media yet: no encoder has pushed complete segments");
        }
        DashNames.Request r = parsed.get();
        if (r instanceof DashNames.Manifest) {
            java.util.Map<dev.fount.origin.media.ElementaryStream, String> protection = new java.util.HashMap<>();
            if (encryption.isPresent()) {
                // The key of the newest media: under rotation, what a player joining now needs first.
                long now = selected.stream().mapToLong(v -> v.segments().get(v.segments().size() - 1).start()).max().orElse(0);
                try {
                    for (dev.fount.origin.timeline.RenditionView rendition : selected) {
                        for (dev.fount.origin.media.ElementaryStream s : rendition.streams()) {
                            if (s.kind() == MediaKind.VIDEO || s.kind() == MediaKind.AUDIO) {
                                CencKeys.TrackKey key = cencKeys.key(encryption.get(), encryption.get().keyServer().resourceId(), CencKeys.Track.of(s), now, false)
                                        .orElse(null);
                                if (key != null) {
                                    protection.put(s, CencKeys.contentProtection(key));
                                }
                            }
                        }
                    }
                } catch (dev.fount.origin.crypto.KeyException e) {
                    return text(502, "no key for the MPD of endpoint " + endpoint.name() + ": " + e.getMessage());
                }
            }
            String mpd = DashPackager.mpd(view, endpoint, dash, clock.instant(), absolute(http, TimeResource.PATH),
                    shift != null && shift.complete(), encryption.isPresent() ? protection::get : null);
            return Response.ok(mpd, DashPackager.MPD_CONTENT_TYPE).header("Cache-Control", PLAYLIST_CACHE).build();
        }
        DashPackager.Lookup lookup = DashPackager.segment(view, dash, r);
        if (lookup instanceof DashPackager.Gone g) {
            return text(410, file + " has left the window (available " + g.first() + " to " + g.last() + ")");
        }
        if (lookup instanceof DashPackager.Absent a) {
            return text(404, a.reason());
        }
        DashPackager.Found found = (DashPackager.Found) lookup;
        return fmp4(file, found.rendition(), found.segment(), found.kind(), found.iframeOnly(), r instanceof DashNames.Init, range, encryption, false);
    }

    /** An fMP4 init or media segment of one track (encrypted when the endpoint says so), from the cache or packaged now. */
    private Response fmp4(String file, dev.fount.origin.timeline.RenditionView rendition, OutputSegment segment, MediaKind kind,
            boolean iframesOnly, boolean init, String range, Optional<CencEncryption> encryption, boolean hls) {
        byte[] body;
        try {
            CencKeys.TrackKey key = trackKey(encryption, rendition, kind, segment.start(), hls);
            body = init ? fragments.init(segment, kind, key == null ? null : key.protection()) : fragments.media(segment, kind, iframesOnly, key);
        } catch (dev.fount.origin.crypto.KeyException e) {
            return text(502, "no key for " + file + ": " + e.getMessage());
        } catch (Fragments.NoSuchTrack e) {
            return text(404, file + ": " + e.getMessage());
        } catch (IOException e) {
            return text(410, file + " is no longer stored");
        } catch (MalformedMediaException e) {
            return text(500, file + " cannot be packaged: " + e.getMessage());
        }
        return ByteRanges.respond(body, kind == MediaKind.AUDIO ? MP4_AUDIO : MP4_VIDEO, range)
                .header("Cache-Control", init ? INIT_CACHE : SEGMENT_CACHE).build();
    }

    /** An absolute URL on this origin as the player reached it (Host header), for manifests that need one. */
    static String absolute(HttpServerRequest http, String path) {
        String host = http.getHeader("Host");
        if ((host == null || host.isBlank()) && http.authority() != null) {   // HTTP/2 carries it as :authority
            io.vertx.core.net.HostAndPort a = http.authority();
            host = a.port() > 0 ? a.host() + ":" + a.port() : a.host();
        }
        if (host == null || host.isBlank()) {
            return path;
        }
        String proto = http.getHeader("X-Forwarded-Proto");
        return (proto != null && proto.matches("https?") ? proto : http.scheme() == null ? "http" : http.scheme()) + "://" + host + path;
    }

    private Response hls(ChannelView view, EndpointConfig endpoint, HlsSettings hls, String file, String range, TimeShift shift) {
        Optional<HlsNames.Request> request = HlsNames.parse(endpoint.manifestName(), file);
        if (request.isEmpty()) {
            return text(404, file + " is not a file of endpoint " + endpoint.name() + " (its manifest is "
                    + HlsNames.multivariant(endpoint.manifestName()) + ")");
        }
        if (HlsPackager.selected(view, hls).isEmpty()) {
            return text(404, "channel " + view.channel() + " has no media yet: no encoder has pushed complete segments");
        }
        HlsNames.Request r = request.get();
        Optional<HlsEncryption> encryption = hls.encryption();
        if (r instanceof HlsNames.MediaPlaylist p) {
            Optional<String> media;
            try {
                media = HlsPackager.mediaPlaylist(view, endpoint, hls, p.position(), p.audio(),
                        encryption.map(e -> keys.tags(e, e.keyServer().resourceId())).orElse(null));
            } catch (KeyTags.KeyUnavailable e) {
                return text(502, "no key for the playlist of endpoint " + endpoint.name() + ": " + e.getMessage());
            }
            return media.map(t -> shift == null ? t : shift.media(t)).map(this::playlist)
                    .orElseGet(() -> text(404, "endpoint " + endpoint.name() + " lists no " + (p.audio() ? "audio rendition " : "rendition ")
                            + p.position()));
        }
        if (r instanceof HlsNames.IframePlaylist p) {
            return HlsPackager.iframePlaylist(view, endpoint, hls, p.position())
                    .map(t -> shift == null ? t : shift.media(t)).map(this::playlist)
                    .orElseGet(() -> text(404, "endpoint " + endpoint.name() + " has no I-frame playlist for rendition " + p.position()));
        }
        if (r instanceof HlsNames.Segment s) {
            return segment(view, hls, s, range);
        }
        String multivariant = HlsPackager.multivariant(view, endpoint, hls);
        return playlist(shift == null ? multivariant : shift.multivariant(multivariant));
    }

    private Response segment(ChannelView view, HlsSettings hls, HlsNames.Segment s, String range) {
        HlsPackager.Lookup lookup = HlsPackager.segment(view, hls, s.position(), s.ordinal());
        if (lookup instanceof HlsPackager.Gone g) {
            return text(410, "segment " + s.ordinal() + " has left the window (available " + g.first() + " to " + g.last() + ")");
        }
        if (lookup instanceof HlsPackager.Absent a) {
            return text(404, a.reason());
        }
        OutputSegment segment = ((HlsPackager.Found) lookup).segment();
        byte[] body;
        try {
            body = cache.get(segment, "ts:" + s.part(), () -> packaged(fragments, segment, s.part()));
            if (hls.encryption().isPresent()) {
                HlsEncryption e = hls.encryption().get();
                body = keys.encrypt(body, segment, e, e.keyServer().resourceId());
            }
        } catch (IOException e) {
            return text(410, "segment " + s.ordinal() + " is no longer stored");
        } catch (MalformedMediaException e) {
            return text(500, "segment " + s.ordinal() + " cannot be packaged: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            return text(501, "segment " + s.ordinal() + " cannot be encrypted with SAMPLE-AES: " + e.getMessage());
        } catch (dev.fount.origin.crypto.KeyException e) {
            return text(502, "no key for segment " + s.ordinal() + ": " + e.getMessage());
        }
        return ByteRanges.respond(body, TS, range).header("Cache-Control", SEGMENT_CACHE).build();
    }

    /** The output segment's parts as MPEG-TS (as ingested, or muxed from fMP4), joined, with only the streams asked for. */
    private static byte[] packaged(Fragments fragments, OutputSegment segment, HlsNames.Part part) throws IOException, MalformedMediaException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) segment.bytes());
        for (ServedSegment p : segment.parts()) {
            bytes.write(fragments.transportStream(p));
        }
        return switch (part) {
            case MUXED -> bytes.toByteArray();
            case VIDEO -> TsStreamFilter.keep(bytes.toByteArray(), Set.of(MediaKind.VIDEO));
            case AUDIO -> TsStreamFilter.keep(bytes.toByteArray(), Set.of(MediaKind.AUDIO));
        };
    }

    private Response playlist(String text) {
        return Response.ok(text, M3U8).header("Cache-Control", PLAYLIST_CACHE).build();
    }

    static Response text(int status, String message) {
        return Response.status(status).type(MediaType.TEXT_PLAIN).header("Cache-Control", "no-cache").entity(message + "\n").build();
    }
}
