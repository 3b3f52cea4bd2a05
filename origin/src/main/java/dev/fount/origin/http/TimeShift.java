package dev.fount.origin.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.fount.api.v1alpha1.AdMarkers;
import dev.fount.api.v1alpha1.PlaylistType;
import dev.fount.origin.config.AdTriggerSettings;
import dev.fount.origin.config.CmafSettings;
import dev.fount.origin.config.DashSettings;
import dev.fount.origin.config.EndpointConfig;
import dev.fount.origin.config.HlsSettings;
import dev.fount.origin.config.MssSettings;
import dev.fount.origin.config.StreamSelectionSettings;

/**
 * A manifest asked for with {@code start}/{@code end}: the endpoint's settings with windows that
 * cover the whole time-shift window (the view is already cut to it) and, for HLS, a VOD playlist
 * (with EXT-X-ENDLIST) when the window has ended, else an EVENT one; and the query carried on to
 * the media playlists that a multivariant playlist names.
 *
 * @param query    {@code start=…&end=…} as asked, to append to playlist URIs
 * @param complete the window ended before the newest media did
 */
record TimeShift(String query, boolean complete) {

    /** Longer than the longest startover window (14 days): "everything in the view". */
    static final int WHOLE_VIEW_SECONDS = 15 * 24 * 3600;
    private static final Pattern URI_ATTRIBUTE = Pattern.compile("URI=\"([^\"]+)\"");

    static String query(String start, String end) {
        List<String> parts = new ArrayList<>();
        if (start != null && !start.isBlank()) {
            parts.add("start=" + URLEncoder.encode(start, StandardCharsets.UTF_8));
        }
        if (end != null && !end.isBlank()) {
            parts.add("end=" + URLEncoder.encode(end, StandardCharsets.UTF_8));
        }
        return String.join("&", parts);
    }

    PlaylistType playlistType() {
        return complete ? PlaylistType.VOD : PlaylistType.EVENT;
    }

    /** The endpoint as it serves this window. */
    EndpointConfig apply(EndpointConfig e) {
        return new EndpointConfig(e.name(), e.channelName(), e.manifestName(), e.startoverWindowSeconds(), e.timeDelaySeconds(),
                e.whitelist(), e.origination(), e.hls().map(this::hls), e.dash().map(this::dash), e.cmaf().map(this::cmaf),
                e.mss().map(m -> new MssSettings(m.segmentDurationSeconds(), WHOLE_VIEW_SECONDS, m.streamSelection(), m.encryption())));
    }

    private HlsSettings hls(HlsSettings h) {
        return new HlsSettings(h.segmentDurationSeconds(), WHOLE_VIEW_SECONDS, playlistType(), h.programDateTimeIntervalSeconds(),
                h.adMarkers(), h.includeIframeOnlyStream(), h.useAudioRenditionGroup(), h.streamSelection(), h.adTriggers(), h.encryption());
    }

    private DashSettings dash(DashSettings d) {
        return new DashSettings(d.segmentDurationSeconds(), WHOLE_VIEW_SECONDS, d.minBufferTimeSeconds(), d.minUpdatePeriodSeconds(),
                d.suggestedPresentationDelaySeconds(), d.profile(), d.manifestLayout(), d.segmentTemplateFormat(), d.periodTriggers(),
                d.utcTiming(), d.utcTimingUri(), d.includeIframeOnlyStream(), d.streamSelection(), d.adTriggers(), d.encryption());
    }

    private CmafSettings cmaf(CmafSettings c) {
        return new CmafSettings(c.segmentDurationSeconds(), c.segmentPrefix(), c.hlsManifests().stream()
                .map(m -> new CmafSettings.Manifest(m.id(), m.manifestName(), WHOLE_VIEW_SECONDS, playlistType(),
                        m.programDateTimeIntervalSeconds(), m.adMarkers(), m.includeIframeOnlyStream(), m.adTriggers()))
                .toList(), c.streamSelection(), c.encryption());
    }

    /**
     * What a harvest reads of any endpoint: an HLS rendering of its renditions (its segment
     * duration and stream selection), MPEG-TS, named {@code index}, for the window only.
     */
    EndpointConfig harvestSource(EndpointConfig e) {
        int segment = segmentDurationSeconds(e);
        StreamSelectionSettings selection = e.hls().map(HlsSettings::streamSelection)
                .or(() -> e.dash().map(DashSettings::streamSelection))
                .or(() -> e.cmaf().map(CmafSettings::streamSelection))
                .or(() -> e.mss().map(MssSettings::streamSelection)).orElse(StreamSelectionSettings.ALL);
        HlsSettings hls = new HlsSettings(segment, WHOLE_VIEW_SECONDS, playlistType(), 0, AdMarkers.NONE, false, false, selection,
                AdTriggerSettings.DEFAULT);
        return new EndpointConfig(e.name(), e.channelName(), "index", e.startoverWindowSeconds(), e.timeDelaySeconds(), e.whitelist(),
                e.origination(), Optional.of(hls));
    }

    static int segmentDurationSeconds(EndpointConfig e) {
        return e.hls().map(HlsSettings::segmentDurationSeconds)
                .or(() -> e.dash().map(DashSettings::segmentDurationSeconds))
                .or(() -> e.cmaf().map(CmafSettings::segmentDurationSeconds))
                .or(() -> e.mss().map(MssSettings::segmentDurationSeconds)).orElse(6);
    }

    /** A multivariant playlist whose playlist URIs (lines and URI attributes) carry the window. */
    String multivariant(String text) {
        if (query.isEmpty()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 256);
        for (String line : text.split("\n", -1)) {
            if (line.isEmpty()) {
                out.append('\n');
                continue;
            }
            if (!line.startsWith("#")) {
                out.append(withQuery(line));
            } else {
                Matcher m = URI_ATTRIBUTE.matcher(line);
                out.append(m.find() ? line.substring(0, m.start(1)) + withQuery(m.group(1)) + line.substring(m.end(1)) : line);
            }
            out.append('\n');
        }
        return out.substring(0, out.length() - 1);
    }

    /** A media playlist, ended when the window has. */
    String media(String text) {
        return complete ? text + "#EXT-X-ENDLIST\n" : text;
    }

    private String withQuery(String uri) {
        return uri + (uri.contains("?") ? "&" : "?") + query;
    }
}
