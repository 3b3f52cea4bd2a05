package dev.fount.origin.packager.mss;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.fount.origin.config.EndpointConfig;
import dev.fount.origin.config.MssSettings;
import dev.fount.origin.media.ElementaryStream;
import dev.fount.origin.media.MediaKind;
import dev.fount.origin.media.TrackFormat;
import dev.fount.origin.packager.OutputSegment;
import dev.fount.origin.packager.OutputSegmenter;
import dev.fount.origin.packager.hls.HlsPackager;
import dev.fount.origin.timeline.ChannelView;
import dev.fount.origin.timeline.RenditionView;
import dev.fount.origin.timeline.ServedSegment;

/**
 * Microsoft Smooth Streaming ([MS-SSTR] §2.2.2): the live client manifest and fragment lookups
 * over the same one-track fMP4 fragments as CMAF (timescale 90000, times = the timeline's
 * unwrapped 90 kHz times: video fragments start at {@link OutputSegment#start()}, audio ones at
 * {@code trackStart(AUDIO)}).
 * <p>
 * One video StreamIndex holds a QualityLevel per listed video rendition; one audio StreamIndex
 * per audio language holds the audio of the first listed rendition carrying it (Name
 * {@code audio}, then {@code audio_{lang}}). A QualityLevel's Bitrate is the track's average
 * bitrate rounded down to a multiple of {@value #BITRATE_STEP}, plus the rendition's position:
 * unique within a StreamIndex whatever the measured rates, and a fragment URL made from an
 * older manifest (whose measured rate differed) still finds its rendition.
 * <p>
 * Chunks ({@code c}) cover manifestWindowSeconds; a fragment's {@code d} is the distance to the
 * next fragment of its run, so that {@code t + d} is the next request's time; the last fragment
 * of an ended run lasts its segment (video) or audio span (audio); the newest fragment lasts its
 * segment, predicting that the next audio starts as far into its segment as this one did. As
 * that prediction can miss by part of an audio frame, a request names the fragment whose start is
 * within {@value #TIME_TOLERANCE} ticks (the fragment's own tfxd/tfdt time then corrects the
 * client). A fragment whose time is not the previous one's end (a new run) carries {@code t};
 * {@code r} counts consecutive fragments of equal duration, one-based as [MS-SSTR] §2.2.2.5
 * defines FragmentRepeat (dash.js reads it so too).
 */
public final class MssPackager {

    /** Bitrates are floor(rate / step) · step + position; positions must stay below it. */
    static final long BITRATE_STEP = 1000;
    static final long TIMESCALE = ServedSegment.TICKS_PER_SECOND;
    static final int LOOKAHEAD = 2;
    /**
     * How far a requested time may be from a fragment's and still name it: a client that computed
     * the time as t + d of the manifest's newest fragment may be off by the audio frame that the
     * prediction missed. Far below half a fragment.
     */
    static final long TIME_TOLERANCE = 4500;

    private MssPackager() {
    }

    /** One QualityLevel. */
    public record Track(RenditionView rendition, MediaKind kind, ElementaryStream stream, long bitrate) {
    }

    /** One StreamIndex: its Name, type, language (audio, when known) and quality levels, the first one's timeline listed. */
    public record Stream(String name, MediaKind kind, String language, List<Track> tracks) {
    }

    /**
     * One fragment of a track.
     *
     * @param time     its start, 90 kHz (what a request names)
     * @param duration until the next fragment of its run, or its own span for the newest of its run
     */
    public record Fragment(OutputSegment segment, long time, long duration) {
    }

    /** The StreamIndexes of the endpoint's manifest, video first. */
    public static List<Stream> streams(ChannelView channel, MssSettings mss) {
        List<RenditionView> listed = HlsPackager.selected(channel, mss.segmentDurationSeconds(), mss.streamSelection()).stream()
                .filter(r -> r.position() < BITRATE_STEP).toList();
        List<Stream> streams = new ArrayList<>();
        List<Track> video = new ArrayList<>();
        for (RenditionView r : listed) {
            stream(r, MediaKind.VIDEO).filter(MssPackager::videoSupported)
                    .ifPresent(v -> video.add(new Track(r, MediaKind.VIDEO, v, bitrate(HlsPackager.videoBitrate(r), r.position()))));
        }
        if (!video.isEmpty()) {
            streams.add(new Stream(MssNames.VIDEO, MediaKind.VIDEO, null, List.copyOf(video)));
        }
        Map<String, Track> audioByLanguage = new LinkedHashMap<>();
        for (RenditionView r : listed) {
            stream(r, MediaKind.AUDIO).filter(a -> audioFourCc(a) != null).ifPresent(a -> audioByLanguage.putIfAbsent(
                    Objects.toString(a.language(), ""), new Track(r, MediaKind.AUDIO, a, bitrate(audioBitrate(r), r.position()))));
        }
        boolean first = true;
        for (Map.Entry<String, Track> e : audioByLanguage.entrySet()) {
            String language = e.getKey().isEmpty() ? null : e.getKey();
            String name = first || language == null || !language.matches("[a-z]{2,3}") ? MssNames.AUDIO : MssNames.AUDIO + "_" + language;
            if (!first && name.equals(MssNames.AUDIO)) {
                continue;   // a second unnamed language has no name of its own to be requested by
            }
            streams.add(new Stream(name, MediaKind.AUDIO, language, List.of(e.getValue())));
            first = false;
        }
        return streams;
    }

    /** The live client manifest, or empty when the endpoint lists no track yet. */
    public static Optional<String> manifest(ChannelView channel, EndpointConfig endpoint, MssSettings mss, TrackFormats formats) {
        return manifest(channel, endpoint, mss, formats, true);
    }

    /**
     * The client manifest; {@code live} false for a time-shift window that has ended: an on-demand
     * presentation ([MS-SSTR] §2.2.2.1: IsLive absent, Duration the media's length).
     */
    public static Optional<String> manifest(ChannelView channel, EndpointConfig endpoint, MssSettings mss, TrackFormats formats,
            boolean live) {
        return manifest(channel, endpoint, mss, formats, live, null, null);
    }

    /**
     * The client manifest of an encrypted endpoint: {@code Protection} with one
     * {@code ProtectionHeader} ([MS-SSTR] §2.2.2.2) of DRM system {@code systemId} holding
     * {@code header} (base64, a PlayReady Object for PlayReady), before the StreamIndex elements.
     */
    public static Optional<String> manifest(ChannelView channel, EndpointConfig endpoint, MssSettings mss, TrackFormats formats,
            boolean live, java.util.UUID systemId, String header) {
        List<Stream> streams = streams(channel, mss);
        if (streams.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        x.append("<SmoothStreamingMedia MajorVersion=\"2\" MinorVersion=\"2\" TimeScale=\"").append(TIMESCALE);
        if (live) {
            x.append("\" Duration=\"0\" IsLive=\"TRUE\" LookAheadFragmentCount=\"").append(LOOKAHEAD)
                    .append("\" DVRWindowLength=\"").append(mss.manifestWindowSeconds() * TIMESCALE).append("\">\n");
        } else {
            List<Fragment> all = window(fragments(streams.get(0).tracks().get(0).rendition(), streams.get(0).kind(), mss),
                    mss.manifestWindowSeconds());
            long duration = all.stream().mapToLong(Fragment::duration).sum();
            x.append("\" Duration=\"").append(duration).append("\">\n");
        }
        if (header != null) {
            x.append("  <Protection>\n    <ProtectionHeader SystemID=\"").append(systemId.toString().toUpperCase(Locale.ROOT)).append("\">")
                    .append(header).append("</ProtectionHeader>\n  </Protection>\n");
        }
        for (Stream s : streams) {
            List<Fragment> window = window(fragments(s.tracks().get(0).rendition(), s.kind(), mss), mss.manifestWindowSeconds());
            String chunks = chunks(window);
            x.append("  <StreamIndex Type=\"").append(s.kind() == MediaKind.VIDEO ? "video" : "audio").append("\" Name=\"").append(s.name())
                    .append('"');
            if (s.language() != null) {
                x.append(" Language=\"").append(escape(s.language())).append('"');
            }
            x.append(" Chunks=\"").append(window.size()).append("\" QualityLevels=\"").append(s.tracks().size()).append('"');
            if (s.kind() == MediaKind.VIDEO) {
                int width = s.tracks().stream().mapToInt(t -> dimension(t, formats, true)).max().orElse(0);
                int height = s.tracks().stream().mapToInt(t -> dimension(t, formats, false)).max().orElse(0);
                x.append(" MaxWidth=\"").append(width).append("\" MaxHeight=\"").append(height).append("\" DisplayWidth=\"").append(width)
                        .append("\" DisplayHeight=\"").append(height).append('"');
            }
            x.append(" Url=\"").append(MssNames.urlTemplate(s.name())).append("\">\n");
            for (int i = 0; i < s.tracks().size(); i++) {
                Track t = s.tracks().get(i);
                Optional<TrackFormat> format = formats.of(t.rendition(), t.kind());
                x.append("    <QualityLevel Index=\"").append(i).append("\" Bitrate=\"").append(t.bitrate()).append('"');
                if (t.kind() == MediaKind.VIDEO) {
                    x.append(" FourCC=\"").append(videoFourCc(t.stream(), format)).append("\" MaxWidth=\"").append(dimension(t, formats, true))
                            .append("\" MaxHeight=\"").append(dimension(t, formats, false)).append("\" CodecPrivateData=\"")
                            .append(videoPrivateData(format)).append('"');
                } else {
                    int rate = format.map(TrackFormat::sampleRate).filter(v -> v > 0)
                            .orElse(t.stream().sampleRate() == null ? 48000 : t.stream().sampleRate());
                    int channels = format.map(TrackFormat::channels).filter(v -> v > 0)
                            .orElse(t.stream().channels() == null ? 2 : t.stream().channels());
                    x.append(" FourCC=\"").append(audioFourCc(t.stream())).append("\" SamplingRate=\"").append(rate).append("\" Channels=\"")
                            .append(channels).append("\" BitsPerSample=\"16\" PacketSize=\"4\" AudioTag=\"").append(audioTag(t.stream()))
                            .append("\" CodecPrivateData=\"").append(format.map(f -> ParameterSets.hex(f.decoderConfig())).orElse(""))
                            .append('"');
                }
                x.append("/>\n");
            }
            x.append(chunks);
            x.append("  </StreamIndex>\n");
        }
        x.append("</SmoothStreamingMedia>\n");
        return Optional.of(x.toString());
    }

    /** What a fragment request finds. */
    public sealed interface Lookup permits Found, Gone, Absent {
    }

    /**
     * The fragment asked for.
     *
     * @param lookahead (time, duration) of up to {@value #LOOKAHEAD} following fragments already
     *                  known, for the fragment's tfrf box ([MS-SSTR] §2.2.4.5)
     * @param time      its start (the tfdt / tfxd time)
     * @param duration  what the manifest says it lasts (the tfxd duration); its samples should add up to it
     */
    public record Found(RenditionView rendition, OutputSegment segment, List<long[]> lookahead, long time, long duration) implements Lookup {
    }

    /** Older than anything kept (410). */
    public record Gone(long firstTime) implements Lookup {
    }

    /** Not there: no such stream or quality level, not yet made, or no fragment at that time (404). */
    public record Absent(String reason) implements Lookup {
    }

    /** A fragment of the video or the (first) audio stream. */
    public static Lookup fragment(ChannelView channel, MssSettings mss, long bitrate, MediaKind kind, long time) {
        return fragment(channel, mss, kind == MediaKind.VIDEO ? MssNames.VIDEO : MssNames.AUDIO, bitrate, time);
    }

    /** A fragment by the names of its URL: StreamIndex Name, QualityLevel Bitrate, start time. */
    public static Lookup fragment(ChannelView channel, MssSettings mss, String streamName, long bitrate, long time) {
        Optional<Stream> stream = streams(channel, mss).stream().filter(s -> s.name().equals(streamName)).findFirst();
        if (stream.isEmpty()) {
            return new Absent("no stream " + streamName);
        }
        Optional<Track> track = stream.get().tracks().stream().filter(t -> t.bitrate() == bitrate).findFirst()
                .or(() -> stream.get().tracks().stream().filter(t -> t.rendition().position() == bitrate % BITRATE_STEP).findFirst());
        if (track.isEmpty()) {
            return new Absent("stream " + streamName + " has no quality level " + bitrate);
        }
        List<Fragment> all = fragments(track.get().rendition(), stream.get().kind(), mss);
        if (all.isEmpty()) {
            return new Absent("no fragment yet");
        }
        int at = -1;
        for (int i = 0; i < all.size(); i++) {
            long off = Math.abs(all.get(i).time() - time);
            if (off <= TIME_TOLERANCE && (at < 0 || off < Math.abs(all.get(at).time() - time))) {
                at = i;
            }
        }
        if (at >= 0) {
            Fragment f = all.get(at);
            List<long[]> next = new ArrayList<>();
            for (int j = at + 1; j < all.size() && next.size() < LOOKAHEAD; j++) {
                next.add(new long[] {all.get(j).time(), all.get(j).duration()});
            }
            return new Found(track.get().rendition(), f.segment(), List.copyOf(next), f.time(), f.duration());
        }
        if (time < all.get(0).time()) {
            return new Gone(all.get(0).time());
        }
        return new Absent("no fragment at " + time + " in stream " + streamName);
    }

    /** Every kept fragment of a rendition's track, oldest first. */
    public static List<Fragment> fragments(RenditionView r, MediaKind kind, MssSettings mss) {
        List<OutputSegment> segments = OutputSegmenter.segments(r, mss.segmentDurationSeconds());
        List<Fragment> out = new ArrayList<>(segments.size());
        for (int i = 0; i < segments.size(); i++) {
            OutputSegment s = segments.get(i);
            long time = start(s, kind);
            long duration;
            if (i + 1 == segments.size()) {
                duration = s.duration();    // the newest: the next one should start a segment later, like this one did
            } else {
                OutputSegment next = segments.get(i + 1);
                long nextTime = start(next, kind);
                boolean sameRun = next.discontinuitySequence() == s.discontinuitySequence() && nextTime > time;
                duration = sameRun ? nextTime - time : span(s, kind);
            }
            out.add(new Fragment(s, time, duration));
        }
        return out;
    }

    /** The newest fragments covering {@code seconds}. */
    static List<Fragment> window(List<Fragment> all, int seconds) {
        long want = seconds * TIMESCALE;
        long covered = 0;
        int from = all.size();
        while (from > 0 && covered < want) {
            from--;
            covered += all.get(from).duration();
        }
        return all.subList(from, all.size());
    }

    /** The c elements: t where a fragment does not start where the previous one ended, r for runs of equal d. */
    static String chunks(List<Fragment> fragments) {
        StringBuilder c = new StringBuilder();
        Long expected = null;
        Long openT = null;
        long openD = -1;
        int count = 0;
        for (Fragment f : fragments) {
            boolean jump = expected == null || f.time() != expected;
            if (!jump && count > 0 && f.duration() == openD) {
                count++;
            } else {
                if (count > 0) {
                    chunk(c, openT, openD, count);
                }
                openT = jump ? f.time() : null;
                openD = f.duration();
                count = 1;
            }
            expected = f.time() + f.duration();
        }
        if (count > 0) {
            chunk(c, openT, openD, count);
        }
        return c.toString();
    }

    private static void chunk(StringBuilder c, Long t, long d, int count) {
        c.append("    <c");
        if (t != null) {
            c.append(" t=\"").append(t).append('"');
        }
        c.append(" d=\"").append(d).append('"');
        if (count > 1) {
            c.append(" r=\"").append(count).append('"');
        }
        c.append("/>\n");
    }

    static long start(OutputSegment s, MediaKind kind) {
        return kind == MediaKind.VIDEO ? s.start() : s.trackStart(kind).orElse(s.start());
    }

    static long span(OutputSegment s, MediaKind kind) {
        if (kind == MediaKind.VIDEO) {
            return s.duration();
        }
        var start = s.trackStart(kind);
        var end = s.trackEnd(kind);
        return start.isPresent() && end.isPresent() ? Math.max(1, end.getAsLong() - start.getAsLong()) : s.duration();
    }

    static long bitrate(long measured, int position) {
        if (position >= BITRATE_STEP) {
            throw new IllegalArgumentException("rendition position " + position + " does not fit a Smooth Streaming bitrate");
        }
        return Math.max(1, measured / BITRATE_STEP) * BITRATE_STEP + position;
    }

    static long audioBitrate(RenditionView r) {
        long ticks = r.segments().stream().mapToLong(ServedSegment::duration).sum();
        long bytes = r.segments().stream().flatMap(s -> s.source().probe().streams().stream().filter(e -> e.kind() == MediaKind.AUDIO).limit(1))
                .mapToLong(ElementaryStream::payloadBytes).sum();
        return ticks == 0 ? 0 : bytes * 8 * TIMESCALE / ticks;
    }

    private static Optional<ElementaryStream> stream(RenditionView r, MediaKind kind) {
        return r.streams().stream().filter(s -> s.kind() == kind).findFirst();
    }

    private static boolean videoSupported(ElementaryStream v) {
        return v.codec().equals("avc1") || v.codec().equals("hvc1");
    }

    /**
     * H264 for AVC (CodecPrivateData: Annex-B SPS and PPS, [MS-SSTR] §2.2.2.5); for HEVC, the
     * sample entry type as the HEVC amendment of [MS-SSTR] names it (HVC1 or HEV1).
     */
    static String videoFourCc(ElementaryStream v, Optional<TrackFormat> format) {
        String fourcc = format.map(TrackFormat::fourcc).orElse(v.codec());
        return switch (fourcc) {
            case "avc1", "avc3" -> "H264";
            case "hev1" -> "HEV1";
            default -> "HVC1";
        };
    }

    static String videoPrivateData(Optional<TrackFormat> format) {
        if (format.isEmpty()) {
            return "";
        }
        TrackFormat f = format.get();
        try {
            return switch (f.fourcc()) {
                case "avc1", "avc3" -> ParameterSets.hex(ParameterSets.annexB(ParameterSets.fromAvcC(f.decoderConfig())));
                case "hvc1", "hev1" -> ParameterSets.hex(ParameterSets.annexB(ParameterSets.fromHvcC(f.decoderConfig())));
                default -> "";
            };
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    /**
     * AACL for AAC-LC, AACH for HE-AAC (v1 or v2), with the AudioSpecificConfig as
     * CodecPrivateData; AC-3 and EC-3 carry their dac3 / dec3 payload. Others (MP3) are not
     * offered: null.
     */
    static String audioFourCc(ElementaryStream a) {
        return switch (a.codec()) {
            case "mp4a" -> a.codecString() != null && (a.codecString().equals("mp4a.40.5") || a.codecString().equals("mp4a.40.29")) ? "AACH" : "AACL";
            case "ac-3" -> "AC-3";
            case "ec-3" -> "EC-3";
            default -> null;
        };
    }

    /** The WAVE format tag: 255 (AAC), 0x2000 (Dolby AC-3), 0xFFFE (WAVE_FORMAT_EXTENSIBLE, E-AC-3). */
    static int audioTag(ElementaryStream a) {
        return switch (a.codec()) {
            case "ac-3" -> 0x2000;
            case "ec-3" -> 0xFFFE;
            default -> 255;
        };
    }

    private static int dimension(Track t, TrackFormats formats, boolean width) {
        Integer fromStream = width ? t.stream().width() : t.stream().height();
        if (fromStream != null) {
            return fromStream;
        }
        return formats.of(t.rendition(), t.kind()).map(f -> width ? f.width() : f.height()).orElse(0);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
