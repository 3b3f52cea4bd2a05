package dev.fount.origin.packager.hls;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.fount.api.v1alpha1.AdMarkers;
import dev.fount.origin.config.EndpointConfig;
import dev.fount.origin.config.HlsSettings;
import dev.fount.origin.config.StreamSelectionSettings;
import dev.fount.origin.media.ElementaryStream;
import dev.fount.origin.media.KeyFrame;
import dev.fount.origin.media.MediaKind;
import dev.fount.origin.packager.AdBreaks;
import dev.fount.origin.packager.OutputSegment;
import dev.fount.origin.packager.OutputSegmenter;
import dev.fount.origin.timeline.ChannelView;
import dev.fount.origin.timeline.RenditionView;
import dev.fount.origin.timeline.ServedSegment;

/**
 * HLS with MPEG-TS segments (RFC 8216): a pure function from a channel's timeline and an
 * endpoint's settings to playlist text. Segments are the ingested TS, joined when the
 * endpoint's segment duration is a multiple of the input's.
 */
public final class HlsPackager {

    static final String AUDIO_GROUP = "audio";

    private HlsPackager() {
    }

    /** The renditions an endpoint lists, after stream selection, in its order. */
    public static List<RenditionView> selected(ChannelView channel, HlsSettings hls) {
        return selected(channel, hls.segmentDurationSeconds(), hls.streamSelection());
    }

    /**
     * The renditions with at least one complete output segment that a stream selection lists,
     * in its order (shared by the fMP4 packagers).
     */
    public static List<RenditionView> selected(ChannelView channel, int segmentDurationSeconds, StreamSelectionSettings selection) {
        List<RenditionView> chosen = channel.renditions().stream()
                .filter(r -> !OutputSegmenter.segments(r, segmentDurationSeconds).isEmpty())
                .filter(r -> selection.admits(videoBitrate(r), r.hasVideo()))
                .collect(Collectors.toCollection(ArrayList::new));
        switch (selection.streamOrder()) {
            case VIDEO_BITRATE_ASCENDING -> chosen.sort(Comparator.comparingLong(HlsPackager::videoBitrate));
            case VIDEO_BITRATE_DESCENDING -> chosen.sort(Comparator.comparingLong(HlsPackager::videoBitrate).reversed());
            default -> {
            }
        }
        return chosen;
    }

    public static String multivariant(ChannelView channel, EndpointConfig endpoint, HlsSettings hls) {
        StringBuilder m = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:").append(hls.includeIframeOnlyStream() ? 5 : 3).append('\n');
        m.append("#EXT-X-INDEPENDENT-SEGMENTS\n");
        List<RenditionView> renditions = selected(channel, hls);
        Optional<RenditionView> audio = audioGroupSource(channel, hls);
        audio.ifPresent(a -> {
            ElementaryStream s = a.streams().stream().filter(e -> e.kind() == MediaKind.AUDIO).findFirst().orElseThrow();
            m.append("#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"").append(AUDIO_GROUP).append("\",NAME=\"")
                    .append(s.language() == null ? "Audio" : s.language()).append('"');
            if (s.language() != null) {
                m.append(",LANGUAGE=\"").append(s.language()).append('"');
            }
            m.append(",DEFAULT=YES,AUTOSELECT=YES");
            if (s.channels() != null) {
                m.append(",CHANNELS=\"").append(s.channels()).append('"');
            }
            m.append(",URI=\"").append(HlsNames.audioPlaylist(endpoint.manifestName(), a.position())).append("\"\n");
        });
        for (RenditionView r : renditions) {
            if (audio.isPresent() && !r.hasVideo()) {
                continue;   // its audio is the group's
            }
            List<OutputSegment> segments = window(r, hls);
            m.append("#EXT-X-STREAM-INF:BANDWIDTH=").append(peakBitrate(segments))
                    .append(",AVERAGE-BANDWIDTH=").append(averageBitrate(segments));
            String codecs = codecs(r.streams());
            if (!codecs.isEmpty()) {
                m.append(",CODECS=\"").append(codecs).append('"');
            }
            video(r).ifPresent(v -> {
                if (v.width() != null && v.height() != null) {
                    m.append(",RESOLUTION=").append(v.width()).append('x').append(v.height());
                }
                if (v.frameRate() != null) {
                    m.append(",FRAME-RATE=").append(String.format(Locale.ROOT, "%.3f", v.frameRate()));
                }
            });
            if (audio.isPresent()) {
                m.append(",AUDIO=\"").append(AUDIO_GROUP).append('"');
            }
            m.append('\n').append(HlsNames.mediaPlaylist(endpoint.manifestName(), r.position())).append('\n');
        }
        if (hls.includeIframeOnlyStream() && hls.encryption().isEmpty()) {   // byte ranges cannot address a whole-segment encryption
            renditions.stream().filter(RenditionView::hasVideo).findFirst().ifPresent(r -> {
                ElementaryStream v = video(r).orElseThrow();
                m.append("#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=").append(iframePeakBitrate(window(r, hls)));
                if (v.codecString() != null) {
                    m.append(",CODECS=\"").append(v.codecString()).append('"');
                }
                if (v.width() != null && v.height() != null) {
                    m.append(",RESOLUTION=").append(v.width()).append('x').append(v.height());
                }
                m.append(",URI=\"").append(HlsNames.iframePlaylist(endpoint.manifestName(), r.position())).append("\"\n");
            });
        }
        return m.toString();
    }

    /** The live media playlist of one rendition, or empty when the endpoint does not list it. */
    public static Optional<String> mediaPlaylist(ChannelView channel, EndpointConfig endpoint, HlsSettings hls, int position) {
        return mediaPlaylist(channel, endpoint, hls, position, false);
    }

    /**
     * The live media playlist of one rendition, or of its audio when {@code audio} and it is the
     * audio group's source; empty when the endpoint does not list it.
     */
    public static Optional<String> mediaPlaylist(ChannelView channel, EndpointConfig endpoint, HlsSettings hls, int position, boolean audio) {
        try {
            return mediaPlaylist(channel, endpoint, hls, position, audio, null);
        } catch (KeyTags.KeyUnavailable e) {
            throw new IllegalStateException("no key is asked for without KeyTags", e);
        }
    }

    /**
     * As {@link #mediaPlaylist(ChannelView, EndpointConfig, HlsSettings, int, boolean)}, with each
     * segment under the EXT-X-KEY {@code keys} gives it (null: in the clear), written before the
     * first segment and wherever it changes, or before every segment with repeatExtXKey.
     */
    public static Optional<String> mediaPlaylist(ChannelView channel, EndpointConfig endpoint, HlsSettings hls, int position, boolean audio,
            KeyTags keys) throws KeyTags.KeyUnavailable {
        Optional<RenditionView> group = audioGroupSource(channel, hls);
        HlsNames.Part part = audio ? HlsNames.Part.AUDIO : group.isPresent() ? HlsNames.Part.VIDEO : HlsNames.Part.MUXED;
        Optional<RenditionView> rendition = audio
                ? group.filter(g -> g.position() == position)
                : listed(channel, hls, position).filter(r -> group.isEmpty() || r.hasVideo());
        if (rendition.isEmpty()) {
            return Optional.empty();
        }
        RenditionView r = rendition.get();
        List<OutputSegment> segments = window(r, hls);
        StringBuilder p = header(segments, hls, 3, r);
        boolean repeat = hls.encryption().map(e -> e.repeatExtXKey()).orElse(false);
        List<PlaylistWriter.Entry> entries = new java.util.ArrayList<>(segments.size());
        String written = null;
        for (OutputSegment s : segments) {
            String tag = keys == null ? null : keys.tag(s);
            String key = tag != null && (repeat || !tag.equals(written)) ? tag : null;
            written = tag;
            entries.add(new PlaylistWriter.Entry(s, s.duration(), s.programDateTime(),
                    HlsNames.segment(endpoint.manifestName(), r.position(), s.ordinal(), part), key));
        }
        PlaylistWriter.segments(p, entries, hls.programDateTimeIntervalSeconds(), null, hls.adMarkers(),
                hls.adMarkers() == AdMarkers.NONE ? Map.of()
                        : AdBreaks.markers(OutputSegmenter.segments(r, hls.segmentDurationSeconds()), hls.adTriggers()));
        return Optional.of(p.toString());
    }

    /**
     * With useAudioRenditionGroup, the rendition whose audio is the group's: the first listed
     * rendition with audio. Empty when the group is off or there is no video to pair it with.
     */
    public static Optional<RenditionView> audioGroupSource(ChannelView channel, HlsSettings hls) {
        if (!hls.useAudioRenditionGroup()) {
            return Optional.empty();
        }
        List<RenditionView> listed = selected(channel, hls);
        if (listed.stream().noneMatch(RenditionView::hasVideo)) {
            return Optional.empty();
        }
        return listed.stream().filter(r -> r.streams().stream().anyMatch(e -> e.kind() == MediaKind.AUDIO))
                .min(Comparator.comparingInt(RenditionView::position));
    }

    /**
     * The I-frame-only playlist (RFC 8216 §4.3.3.6): each key frame as a byte range of its
     * segment, with the segment's PAT/PMT as EXT-X-MAP so each range decodes on its own.
     */
    public static Optional<String> iframePlaylist(ChannelView channel, EndpointConfig endpoint, HlsSettings hls, int position) {
        if (!hls.includeIframeOnlyStream() || hls.encryption().isPresent()) {
            return Optional.empty();
        }
        return listed(channel, hls, position).filter(RenditionView::hasVideo).map(r -> {
            List<OutputSegment> segments = window(r, hls);
            StringBuilder p = header(segments, hls, 5, r);
            p.append("#EXT-X-I-FRAMES-ONLY\n");
            OutputSegment previous = null;
            for (OutputSegment s : segments) {
                if (previous != null && s.discontinuitySequence() != previous.discontinuitySequence()) {
                    p.append("#EXT-X-DISCONTINUITY\n");
                }
                String uri = HlsNames.segment(endpoint.manifestName(), r.position(), s.ordinal(), HlsNames.Part.MUXED);
                for (IFrame f : iframes(s)) {
                    p.append("#EXT-X-MAP:URI=\"").append(uri).append("\",BYTERANGE=\"")
                            .append(f.mapLength()).append('@').append(f.mapOffset()).append("\"\n");
                    p.append("#EXTINF:").append(seconds(f.duration())).append(",\n");
                    p.append("#EXT-X-BYTERANGE:").append(f.length()).append('@').append(f.offset()).append('\n');
                    p.append(uri).append('\n');
                }
                previous = s;
            }
            return p.toString();
        });
    }

    /** What a segment request finds. */
    public sealed interface Lookup permits Found, Gone, Absent {
    }

    public record Found(OutputSegment segment) implements Lookup {
    }

    /** Older than anything kept: it left the window (410). */
    public record Gone(long first, long last) implements Lookup {
    }

    /** Not there: not yet made, or a rendition with no complete segment (404). */
    public record Absent(String reason) implements Lookup {
    }

    /**
     * The output segment of a rendition with that media sequence number, among all that are
     * kept (the startover window, not only the playlist window). Never a different segment.
     */
    public static Lookup segment(ChannelView channel, HlsSettings hls, int position, long ordinal) {
        Optional<RenditionView> rendition = channel.rendition(position);
        if (rendition.isEmpty()) {
            return new Absent("channel " + channel.channel() + " has no rendition " + position);
        }
        List<OutputSegment> segments = OutputSegmenter.segments(rendition.get(), hls.segmentDurationSeconds());
        if (segments.isEmpty()) {
            return new Absent("rendition " + position + " has no complete segment yet");
        }
        long first = segments.get(0).ordinal();
        long last = segments.get(segments.size() - 1).ordinal();
        if (ordinal < first) {
            return new Gone(first, last);
        }
        return segments.stream().filter(o -> o.ordinal() == ordinal).findFirst().<Lookup>map(Found::new)
                .orElseGet(() -> new Absent("segment " + ordinal + " does not exist (available " + first + " to " + last + ")"));
    }

    /** One key frame of an output segment: where it and its segment's program tables are, and how long it shows. */
    record IFrame(long offset, long length, long mapOffset, long mapLength, long duration) {
    }

    static List<IFrame> iframes(OutputSegment s) {
        List<IFrame> frames = new ArrayList<>();
        List<Long> starts = new ArrayList<>();
        long partOffset = 0;
        for (ServedSegment part : s.parts()) {
            var probe = part.source().probe();
            for (KeyFrame k : probe.keyFrames()) {
                // Key-frame times are relative to the part's first PTS (mod 2^33: a wrap may fall inside).
                starts.add(part.start() + ((k.pts() - probe.startPts()) & ((1L << 33) - 1)));
                frames.add(new IFrame(partOffset + k.range().offset(), k.range().length(),
                        partOffset + probe.programTables().offset(), probe.programTables().length(), 0));
            }
            partOffset += probe.bytes();
        }
        List<IFrame> timed = new ArrayList<>(frames.size());
        for (int i = 0; i < frames.size(); i++) {
            long next = i + 1 < frames.size() ? starts.get(i + 1) : s.start() + s.duration();
            IFrame f = frames.get(i);
            timed.add(new IFrame(f.offset(), f.length(), f.mapOffset(), f.mapLength(), Math.max(0, next - starts.get(i))));
        }
        return timed;
    }

    private static StringBuilder header(List<OutputSegment> segments, HlsSettings hls, int version, RenditionView r) {
        return PlaylistWriter.header(segments, version, targetDuration(r, hls, segments), hls.playlistType());
    }

    /**
     * The segments in the playlist window: the newest ones covering playlistWindowSeconds, and
     * never less than three target durations (RFC 8216 §6.2.2).
     */
    static List<OutputSegment> window(RenditionView r, HlsSettings hls) {
        List<OutputSegment> all = OutputSegmenter.segments(r, hls.segmentDurationSeconds());
        return PlaylistWriter.window(all, targetDuration(r, hls, all), hls.playlistWindowSeconds());
    }

    /**
     * EXT-X-TARGETDURATION: the nominal output duration rounded up, or more when a segment's
     * rounded duration exceeds it (RFC 8216 §4.3.3.1).
     */
    static long targetDuration(RenditionView r, HlsSettings hls, List<OutputSegment> segments) {
        return PlaylistWriter.targetDuration(r, hls.segmentDurationSeconds(), segments, OutputSegment::duration);
    }

    private static Optional<RenditionView> listed(ChannelView channel, HlsSettings hls, int position) {
        return selected(channel, hls).stream().filter(r -> r.position() == position).findFirst();
    }

    static Optional<ElementaryStream> video(RenditionView r) {
        return r.streams().stream().filter(s -> s.kind() == MediaKind.VIDEO).findFirst();
    }

    static String codecs(List<ElementaryStream> streams) {
        return streams.stream().filter(s -> s.kind() != MediaKind.DATA).map(ElementaryStream::codecString)
                .filter(c -> c != null && !c.isEmpty()).distinct().collect(Collectors.joining(","));
    }

    /** The video part of a rendition's bitrate, what MediaPackage's stream selection compares. */
    public static long videoBitrate(RenditionView r) {
        long ticks = r.segments().stream().mapToLong(ServedSegment::duration).sum();
        long bytes = r.segments().stream().flatMap(s -> s.source().probe().streams().stream())
                .filter(s -> s.kind() == MediaKind.VIDEO).mapToLong(ElementaryStream::payloadBytes).sum();
        return ticks == 0 ? 0 : bytes * 8 * ServedSegment.TICKS_PER_SECOND / ticks;
    }

    static long peakBitrate(List<OutputSegment> segments) {
        return segments.stream().filter(s -> s.duration() > 0)
                .mapToLong(s -> s.bytes() * 8 * ServedSegment.TICKS_PER_SECOND / s.duration()).max().orElse(0);
    }

    static long averageBitrate(List<OutputSegment> segments) {
        long ticks = segments.stream().mapToLong(OutputSegment::duration).sum();
        long bytes = segments.stream().mapToLong(OutputSegment::bytes).sum();
        return ticks == 0 ? 0 : bytes * 8 * ServedSegment.TICKS_PER_SECOND / ticks;
    }

    static long iframePeakBitrate(List<OutputSegment> segments) {
        long peak = 0;
        for (OutputSegment s : segments) {
            for (IFrame f : iframes(s)) {
                if (f.duration() > 0) {
                    peak = Math.max(peak, (f.length() + f.mapLength()) * 8 * ServedSegment.TICKS_PER_SECOND / f.duration());
                }
            }
        }
        return peak;
    }

    static String seconds(long ticks) {
        return PlaylistWriter.seconds(ticks);
    }
}
