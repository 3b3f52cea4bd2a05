package dev.fount.origin.packager.cmaf;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.fount.api.v1alpha1.AdMarkers;
import dev.fount.origin.config.CmafSettings;
import dev.fount.origin.config.EndpointConfig;
import dev.fount.origin.media.ElementaryStream;
import dev.fount.origin.media.KeyFrame;
import dev.fount.origin.media.MediaKind;
import dev.fount.origin.packager.AdBreaks;
import dev.fount.origin.packager.OutputSegment;
import dev.fount.origin.packager.OutputSegmenter;
import dev.fount.origin.packager.hls.HlsPackager;
import dev.fount.origin.packager.hls.KeyTags;
import dev.fount.origin.packager.hls.PlaylistWriter;
import dev.fount.origin.timeline.ChannelView;
import dev.fount.origin.timeline.RenditionView;
import dev.fount.origin.timeline.ServedSegment;

/**
 * CMAF: HLS (RFC 8216, version 6) over one set of fMP4 segments, each holding one track (video
 * or audio) in timescale 90000 with the timeline's unwrapped times. Every manifest of the
 * endpoint ({@link CmafSettings#hlsManifests()}) has its own window, program date time
 * interval, playlist type and I-frame flag; all of them list the same segments, which sit in
 * the endpoint's folder one level above the manifests' ({@link CmafNames}).
 * <p>
 * Audio always is an EXT-X-MEDIA rendition group when the ladder has video (fMP4 tracks are
 * separate files): one entry per audio language, taken from the first listed rendition that
 * carries it. A ladder without video lists each audio rendition as a variant.
 * <p>
 * I-frame playlists: the TS packager addresses each key frame as a byte range, which needs the
 * packaged bytes; here each output segment is one entry pointing at an I-frame-only segment
 * ({@code ../{prefix}_{pos}i_{ordinal}.mp4}, the video segment's sync samples only, each
 * lasting until the next) decoded with the video initialization segment.
 */
public final class CmafPackager {

    static final String AUDIO_GROUP = "audio";
    static final int VERSION = 6;
    /** What fMP4 adds to an access unit's payload (trun entry, length prefixes), for BANDWIDTH estimates. */
    private static final long SAMPLE_OVERHEAD = 16;
    /** What a fragment adds besides its samples (styp, moof, mfhd, traf, tfhd, tfdt, trun, mdat headers). */
    private static final long FRAGMENT_OVERHEAD = 200;

    private CmafPackager() {
    }

    public static Optional<CmafSettings.Manifest> manifest(CmafSettings cmaf, String manifestId) {
        return cmaf.hlsManifests().stream().filter(m -> m.id().equals(manifestId)).findFirst();
    }

    /** The renditions the endpoint lists, after stream selection, in its order. */
    public static List<RenditionView> selected(ChannelView channel, CmafSettings cmaf) {
        return HlsPackager.selected(channel, cmaf.segmentDurationSeconds(), cmaf.streamSelection());
    }

    /** The renditions whose video has a media playlist. */
    public static List<RenditionView> videoRenditions(ChannelView channel, CmafSettings cmaf) {
        return selected(channel, cmaf).stream().filter(RenditionView::hasVideo).toList();
    }

    /**
     * The renditions whose audio has a media playlist: with video, the first listed rendition
     * carrying each audio language (the audio group's entries); without video, every listed
     * rendition with audio (each a variant).
     */
    public static List<RenditionView> audioRenditions(ChannelView channel, CmafSettings cmaf) {
        List<RenditionView> listed = selected(channel, cmaf);
        List<RenditionView> withAudio = listed.stream().filter(r -> stream(r, MediaKind.AUDIO).isPresent()).toList();
        if (listed.stream().noneMatch(RenditionView::hasVideo)) {
            return withAudio;
        }
        Map<String, RenditionView> byLanguage = new LinkedHashMap<>();
        for (RenditionView r : withAudio) {
            byLanguage.putIfAbsent(Objects.toString(stream(r, MediaKind.AUDIO).orElseThrow().language(), ""), r);
        }
        return List.copyOf(byLanguage.values());
    }

    /** The multivariant playlist of one of the endpoint's manifests; empty when there is no such manifest. */
    public static Optional<String> multivariant(ChannelView channel, EndpointConfig endpoint, CmafSettings cmaf, String manifestId) {
        return manifest(cmaf, manifestId).map(manifest -> {
            StringBuilder m = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:").append(VERSION).append('\n');
            m.append("#EXT-X-INDEPENDENT-SEGMENTS\n");
            List<RenditionView> videos = videoRenditions(channel, cmaf);
            List<RenditionView> audios = audioRenditions(channel, cmaf);
            if (videos.isEmpty()) {
                for (RenditionView a : audios) {
                    List<OutputSegment> window = window(a, cmaf, manifest);
                    ElementaryStream s = stream(a, MediaKind.AUDIO).orElseThrow();
                    m.append("#EXT-X-STREAM-INF:BANDWIDTH=").append(peakBitrate(window, MediaKind.AUDIO))
                            .append(",AVERAGE-BANDWIDTH=").append(averageBitrate(window, MediaKind.AUDIO));
                    if (s.codecString() != null) {
                        m.append(",CODECS=\"").append(s.codecString()).append('"');
                    }
                    m.append('\n').append(CmafNames.mediaPlaylist(manifest, a.position(), MediaKind.AUDIO)).append('\n');
                }
                return m.toString();
            }
            long audioPeak = 0;
            long audioAverage = 0;
            for (int i = 0; i < audios.size(); i++) {
                RenditionView a = audios.get(i);
                ElementaryStream s = stream(a, MediaKind.AUDIO).orElseThrow();
                String name = s.language() == null ? "Audio" : s.language();
                m.append("#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"").append(AUDIO_GROUP).append("\",NAME=\"").append(name).append('"');
                if (s.language() != null) {
                    m.append(",LANGUAGE=\"").append(s.language()).append('"');
                }
                m.append(",DEFAULT=").append(i == 0 ? "YES" : "NO").append(",AUTOSELECT=YES");
                if (s.channels() != null) {
                    m.append(",CHANNELS=\"").append(s.channels()).append('"');
                }
                m.append(",URI=\"").append(CmafNames.mediaPlaylist(manifest, a.position(), MediaKind.AUDIO)).append("\"\n");
                List<OutputSegment> window = window(a, cmaf, manifest);
                audioPeak = Math.max(audioPeak, peakBitrate(window, MediaKind.AUDIO));
                audioAverage = Math.max(audioAverage, averageBitrate(window, MediaKind.AUDIO));
            }
            String audioCodecs = audios.stream().map(a -> stream(a, MediaKind.AUDIO).orElseThrow().codecString())
                    .filter(c -> c != null && !c.isEmpty()).distinct().collect(Collectors.joining(","));
            for (RenditionView r : videos) {
                List<OutputSegment> window = window(r, cmaf, manifest);
                ElementaryStream v = stream(r, MediaKind.VIDEO).orElseThrow();
                m.append("#EXT-X-STREAM-INF:BANDWIDTH=").append(peakBitrate(window, MediaKind.VIDEO) + audioPeak)
                        .append(",AVERAGE-BANDWIDTH=").append(averageBitrate(window, MediaKind.VIDEO) + audioAverage);
                String codecs = joinCodecs(v.codecString(), audioCodecs);
                if (!codecs.isEmpty()) {
                    m.append(",CODECS=\"").append(codecs).append('"');
                }
                if (v.width() != null && v.height() != null) {
                    m.append(",RESOLUTION=").append(v.width()).append('x').append(v.height());
                }
                if (v.frameRate() != null) {
                    m.append(",FRAME-RATE=").append(String.format(Locale.ROOT, "%.3f", v.frameRate()));
                }
                if (!audios.isEmpty()) {
                    m.append(",AUDIO=\"").append(AUDIO_GROUP).append('"');
                }
                m.append('\n').append(CmafNames.mediaPlaylist(manifest, r.position(), MediaKind.VIDEO)).append('\n');
            }
            if (manifest.includeIframeOnlyStream()) {
                for (RenditionView r : videos) {
                    ElementaryStream v = stream(r, MediaKind.VIDEO).orElseThrow();
                    m.append("#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=").append(iframePeakBitrate(window(r, cmaf, manifest)));
                    if (v.codecString() != null) {
                        m.append(",CODECS=\"").append(v.codecString()).append('"');
                    }
                    if (v.width() != null && v.height() != null) {
                        m.append(",RESOLUTION=").append(v.width()).append('x').append(v.height());
                    }
                    m.append(",URI=\"").append(CmafNames.iframePlaylist(manifest, r.position())).append("\"\n");
                }
            }
            return m.toString();
        });
    }

    /**
     * The live media playlist of a rendition's video or audio track for one manifest; empty when
     * the manifest does not exist or does not list that track.
     */
    public static Optional<String> mediaPlaylist(ChannelView channel, EndpointConfig endpoint, CmafSettings cmaf, String manifestId,
            int position, MediaKind kind) {
        try {
            return mediaPlaylist(channel, endpoint, cmaf, manifestId, position, kind, null);
        } catch (KeyTags.KeyUnavailable e) {
            throw new IllegalStateException("no key is asked for without KeyTags", e);
        }
    }

    /**
     * As {@link #mediaPlaylist(ChannelView, EndpointConfig, CmafSettings, String, int, MediaKind)},
     * each segment under the EXT-X-KEY tags {@code keys} gives it (null: in the clear), written
     * before the first segment and wherever they change.
     */
    public static Optional<String> mediaPlaylist(ChannelView channel, EndpointConfig endpoint, CmafSettings cmaf, String manifestId,
            int position, MediaKind kind, KeyTags keys) throws KeyTags.KeyUnavailable {
        Optional<CmafSettings.Manifest> manifest = manifest(cmaf, manifestId);
        if (manifest.isEmpty()) {
            return Optional.empty();
        }
        List<RenditionView> tracks = switch (kind) {
            case VIDEO -> videoRenditions(channel, cmaf);
            case AUDIO -> audioRenditions(channel, cmaf);
            default -> List.of();
        };
        Optional<RenditionView> found = tracks.stream().filter(r -> r.position() == position).findFirst();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        RenditionView r = found.get();
        CmafSettings.Manifest mf = manifest.get();
        List<OutputSegment> all = OutputSegmenter.segments(r, cmaf.segmentDurationSeconds());
        List<OutputSegment> segments = window(r, cmaf, mf);
        long target = PlaylistWriter.targetDuration(r, cmaf.segmentDurationSeconds(), all, s -> trackDuration(s, kind));
        StringBuilder p = PlaylistWriter.header(segments, VERSION, target, mf.playlistType());
        List<PlaylistWriter.Entry> entries = new java.util.ArrayList<>(segments.size());
        String written = null;
        for (OutputSegment s : segments) {
            String tag = keys == null ? null : keys.tag(s);
            entries.add(new PlaylistWriter.Entry(s, trackDuration(s, kind), trackProgramDateTime(s, kind),
                    CmafNames.fromManifest(CmafNames.segment(cmaf, r.position(), kind, s.ordinal())),
                    tag != null && !tag.equals(written) ? tag : null));
            written = tag;
        }
        PlaylistWriter.segments(p, entries, mf.programDateTimeIntervalSeconds(), map(cmaf, r.position(), kind), mf.adMarkers(),
                mf.adMarkers() == AdMarkers.NONE ? Map.of() : AdBreaks.markers(all, mf.adTriggers()));
        return Optional.of(p.toString());
    }

    /**
     * The I-frame playlist of a rendition's video for one manifest (RFC 8216 §4.3.3.6): one entry
     * per output segment, the I-frame-only segment of its sync samples. Empty when the manifest
     * has no I-frame stream or does not list the rendition's video.
     */
    public static Optional<String> iframePlaylist(ChannelView channel, EndpointConfig endpoint, CmafSettings cmaf, String manifestId,
            int position) {
        Optional<CmafSettings.Manifest> manifest = manifest(cmaf, manifestId).filter(CmafSettings.Manifest::includeIframeOnlyStream);
        if (manifest.isEmpty()) {
            return Optional.empty();
        }
        return videoRenditions(channel, cmaf).stream().filter(r -> r.position() == position).findFirst().map(r -> {
            CmafSettings.Manifest mf = manifest.get();
            List<OutputSegment> all = OutputSegmenter.segments(r, cmaf.segmentDurationSeconds());
            List<OutputSegment> segments = window(r, cmaf, mf);
            long target = PlaylistWriter.targetDuration(r, cmaf.segmentDurationSeconds(), all, OutputSegment::duration);
            StringBuilder p = PlaylistWriter.header(segments, VERSION, target, mf.playlistType());
            p.append("#EXT-X-I-FRAMES-ONLY\n");
            List<PlaylistWriter.Entry> entries = segments.stream().map(s -> new PlaylistWriter.Entry(s, s.duration(), s.programDateTime(),
                    CmafNames.fromManifest(CmafNames.iframeSegment(cmaf, r.position(), s.ordinal())))).toList();
            PlaylistWriter.segments(p, entries, mf.programDateTimeIntervalSeconds(), map(cmaf, r.position(), MediaKind.VIDEO));
            return p.toString();
        });
    }

    /** What a segment request finds. */
    public sealed interface Lookup permits Found, Gone, Absent {
    }

    public record Found(RenditionView rendition, OutputSegment segment) implements Lookup {
    }

    /** Older than anything kept: it left the window (410). */
    public record Gone(long first, long last) implements Lookup {
    }

    /** Not there: not yet made, no such rendition or track, or no complete segment yet (404). */
    public record Absent(String reason) implements Lookup {
    }

    /**
     * The output segment of a rendition's track with that media sequence number, among all that
     * are kept (the startover window, not only a playlist's window). Never a different segment.
     * An I-frame-only segment is the VIDEO segment's sync samples.
     */
    public static Lookup segment(ChannelView channel, CmafSettings cmaf, int position, MediaKind kind, long ordinal) {
        Optional<RenditionView> rendition = channel.rendition(position);
        if (rendition.isEmpty()) {
            return new Absent("channel " + channel.channel() + " has no rendition " + position);
        }
        if (stream(rendition.get(), kind).isEmpty()) {
            return new Absent("rendition " + position + " has no " + kind.name().toLowerCase(Locale.ROOT));
        }
        List<OutputSegment> segments = OutputSegmenter.segments(rendition.get(), cmaf.segmentDurationSeconds());
        if (segments.isEmpty()) {
            return new Absent("rendition " + position + " has no complete segment yet");
        }
        long first = segments.get(0).ordinal();
        long last = segments.get(segments.size() - 1).ordinal();
        if (ordinal < first) {
            return new Gone(first, last);
        }
        return segments.stream().filter(o -> o.ordinal() == ordinal).findFirst().<Lookup>map(s -> new Found(rendition.get(), s))
                .orElseGet(() -> new Absent("segment " + ordinal + " does not exist (available " + first + " to " + last + ")"));
    }

    /** The rendition whose track an initialization segment describes; empty when it has no such track. */
    public static Optional<RenditionView> initSource(ChannelView channel, int position, MediaKind kind) {
        return channel.rendition(position).filter(r -> stream(r, kind).isPresent());
    }

    /** Where a segment's track starts: the fragment's baseMediaDecodeTime base (video: the segment's start). */
    public static long trackStart(OutputSegment s, MediaKind kind) {
        return kind == MediaKind.VIDEO ? s.start() : s.trackStart(kind).orElse(s.start());
    }

    /** A segment's track span: the segment's duration for video, first to last audio frame's end for audio. */
    public static long trackDuration(OutputSegment s, MediaKind kind) {
        if (kind == MediaKind.VIDEO) {
            return s.duration();
        }
        var start = s.trackStart(kind);
        var end = s.trackEnd(kind);
        return start.isPresent() && end.isPresent() ? Math.max(0, end.getAsLong() - start.getAsLong()) : s.duration();
    }

    /** The program date time of a track's first sample: the segment's, moved by where the track starts. */
    static Instant trackProgramDateTime(OutputSegment s, MediaKind kind) {
        return s.programDateTime().plusNanos((trackStart(s, kind) - s.start()) * 100_000 / 9);
    }

    static List<OutputSegment> window(RenditionView r, CmafSettings cmaf, CmafSettings.Manifest manifest) {
        List<OutputSegment> all = OutputSegmenter.segments(r, cmaf.segmentDurationSeconds());
        long target = PlaylistWriter.targetDuration(r, cmaf.segmentDurationSeconds(), all, OutputSegment::duration);
        return PlaylistWriter.window(all, target, manifest.playlistWindowSeconds());
    }

    private static String map(CmafSettings cmaf, int position, MediaKind kind) {
        return "#EXT-X-MAP:URI=\"" + CmafNames.fromManifest(CmafNames.init(cmaf, position, kind)) + "\"";
    }

    static Optional<ElementaryStream> stream(RenditionView r, MediaKind kind) {
        return r.streams().stream().filter(s -> s.kind() == kind).findFirst();
    }

    private static String joinCodecs(String video, String audio) {
        List<String> all = new ArrayList<>();
        if (video != null && !video.isEmpty()) {
            all.add(video);
        }
        if (!audio.isEmpty()) {
            all.add(audio);
        }
        return String.join(",", all);
    }

    /** Estimated fMP4 bytes of one track of a segment: its payload plus per-sample and per-fragment boxes. */
    static long trackBytes(OutputSegment s, MediaKind kind) {
        long bytes = FRAGMENT_OVERHEAD;
        for (ServedSegment part : s.parts()) {
            Optional<ElementaryStream> e = part.source().probe().streams().stream().filter(x -> x.kind() == kind).findFirst();
            if (e.isPresent()) {
                bytes += e.get().payloadBytes() + SAMPLE_OVERHEAD * e.get().accessUnits();
            }
        }
        return bytes;
    }

    static long peakBitrate(List<OutputSegment> segments, MediaKind kind) {
        long peak = 0;
        for (OutputSegment s : segments) {
            long ticks = trackDuration(s, kind);
            if (ticks > 0) {
                peak = Math.max(peak, trackBytes(s, kind) * 8 * ServedSegment.TICKS_PER_SECOND / ticks);
            }
        }
        return peak;
    }

    static long averageBitrate(List<OutputSegment> segments, MediaKind kind) {
        long ticks = segments.stream().mapToLong(s -> trackDuration(s, kind)).sum();
        long bytes = segments.stream().mapToLong(s -> trackBytes(s, kind)).sum();
        return ticks == 0 ? 0 : bytes * 8 * ServedSegment.TICKS_PER_SECOND / ticks;
    }

    /** Peak of the I-frame-only segments: the key frames' bytes over the segment's duration. */
    static long iframePeakBitrate(List<OutputSegment> segments) {
        long peak = 0;
        for (OutputSegment s : segments) {
            long bytes = FRAGMENT_OVERHEAD;
            for (ServedSegment part : s.parts()) {
                for (KeyFrame k : part.source().probe().keyFrames()) {
                    bytes += k.range().length() + SAMPLE_OVERHEAD;
                }
            }
            if (s.duration() > 0) {
                peak = Math.max(peak, bytes * 8 * ServedSegment.TICKS_PER_SECOND / s.duration());
            }
        }
        return peak;
    }
}
