package dev.fount.origin.packager.dash;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

import dev.fount.api.v1alpha1.DashPackage.ManifestLayout;
import dev.fount.api.v1alpha1.DashPackage.PeriodTrigger;
import dev.fount.api.v1alpha1.DashPackage.Profile;
import dev.fount.api.v1alpha1.DashPackage.SegmentTemplateFormat;
import dev.fount.api.v1alpha1.DashPackage.UtcTiming;
import dev.fount.origin.config.AdTriggerSettings;
import dev.fount.origin.config.DashSettings;
import dev.fount.origin.config.EndpointConfig;
import dev.fount.origin.media.ElementaryStream;
import dev.fount.origin.media.KeyFrame;
import dev.fount.origin.media.MediaKind;
import dev.fount.origin.packager.AdBreaks;
import dev.fount.origin.packager.OutputSegment;
import dev.fount.origin.packager.OutputSegmenter;
import dev.fount.origin.packager.dash.DashNames.Track;
import dev.fount.origin.timeline.ChannelView;
import dev.fount.origin.timeline.RenditionView;
import dev.fount.origin.timeline.Run;
import dev.fount.origin.timeline.ServedSegment;

/**
 * Live MPEG-DASH (ISO/IEC 23009-1, DASH-IF IOP live profile): a pure function from a channel's
 * timeline and an endpoint's settings to a dynamic MPD. Segments are fMP4 with one track each
 * (CMAF style), timescale 90000, whose media times are the timeline's unwrapped 90 kHz times
 * (tfdt = decode time, presentation = PTS); the HTTP layer builds them from the same output
 * segments that {@link #segment} finds.
 *
 * <h2>Timing</h2>
 * {@code MPD@availabilityStartTime} is the epoch (fixed, so every refresh and every replica agree).
 * Each run of contiguous media (see {@link Run}) is one Period: {@code id="p{run}"},
 * {@code start} = the run's {@link Run#startWallClock()} since the epoch (milliseconds), and
 * {@code presentationTimeOffset} = the run's {@link Run#startTicks()}. A segment with media time
 * {@code t} thus presents at {@code startWallClock + (t − startTicks) / 90000}: the run's own
 * wall clock, the same instant as the segment's program date time in HLS. The segment becomes
 * available when it ends on that clock, which for an encoder without program date times is when
 * it arrived: a player's live edge lands on the newest segments. Periods are anchored on the
 * first listed rendition (video first) that has the run; renditions of a channel share run
 * numbers and media clock. An earlier Period carries its media span as {@code duration} (cut
 * to the next Period's start if clock jitter made them overlap); the last one has none.
 *
 * <h2>Ad Periods</h2>
 * With {@code periodTriggers: [ADS]}, an SCTE-35 ad break ({@link AdBreaks}, found in the first
 * listed rendition) starts a Period at its first segment and another where it returns:
 * {@code id="p{run}-{number}"}, {@code presentationTimeOffset} = that segment's start, and
 * {@code start} on the run's clock (to the millisecond), so the presentation timeline runs on
 * unbroken. Each such Period opens with an {@code EventStream} of scheme
 * {@code urn:scte:scte35:2014:xml+bin} carrying the signal (SCTE 214-1), for downstream ad
 * insertion.
 *
 * <h2>Window</h2>
 * The MPD lists the segments that end within manifestWindowSeconds of the newest segment's end,
 * measured on that presentation timeline (within a run: media time). Runs with no segment in the
 * window get no Period. {@link #segment} serves everything the timeline still keeps.
 *
 * <h2>Addressing</h2>
 * Segment numbers are the output segments' media sequence numbers (as in HLS, consecutive within
 * a run and continuing across runs). NUMBER_WITH_TIMELINE and TIME_WITH_TIMELINE write an exact
 * {@code SegmentTimeline} ({@code S@r} for repeats). NUMBER_WITH_DURATION writes the nominal
 * {@code @duration} (ratio × input duration) and a {@code startNumber} such that number N starts
 * at {@code PTO + (N − startNumber) × duration}, within half a duration of the real start; players
 * compute the live edge from the wall clock, and a number just beyond the newest made is a 404.
 *
 * <h2>Not yet</h2>
 * DRM_TOP_LEVEL_COMPACT lays out as COMPACT (ContentProtection stays in each AdaptationSet).
 */
public final class DashPackager {

    public static final String MPD_CONTENT_TYPE = "application/dash+xml";
    static final String ISOFF_LIVE = "urn:mpeg:dash:profile:isoff-live:2011";
    static final String HBBTV_LIVE = "urn:hbbtv:dash:profile:isoff-live:2012";
    static final String DVB_2014 = "urn:dvb:dash:profile:dvb-dash:2014";
    static final String DVB_EXT_LIVE = "urn:dvb:dash:profile:dvb-dash:isoff-ext-live:2014";
    static final String ROLE = "urn:mpeg:dash:role:2011";
    static final String CHANNEL_CONFIGURATION = "urn:mpeg:dash:23003:3:audio_channel_configuration:2011";
    static final String TRICKMODE = "http://dashif.org/guidelines/trickmode";
    /** ISO/IEC 23009-1 §5.3.3.5: AdaptationSets a player may switch between seamlessly. */
    static final String SET_SWITCHING = "urn:mpeg:dash:adaptation-set-switching:2016";
    static final String VIDEO_SET = "1";
    static final String IFRAME_SET = "2";
    static final int FIRST_AUDIO_SET = 3;

    private static final long TICKS = ServedSegment.TICKS_PER_SECOND;
    private static final long TICKS_PER_MILLI = TICKS / 1000;
    /** fMP4 framing per segment (styp, moof, mfhd, traf, tfhd, tfdt, trun, mdat headers), bytes. */
    private static final long FRAGMENT_OVERHEAD = 512;
    /** trun entry per sample (duration, size, flags, composition offset), bytes. */
    private static final long SAMPLE_OVERHEAD = 16;
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** The namespace of {@code cenc:default_KID} and {@code cenc:pssh} (ISO/IEC 23001-7 §11.2). */
    static final String CENC_NAMESPACE = "urn:mpeg:cenc:2013";

    private DashPackager() {
    }

    /** The renditions an endpoint lists, after stream selection, in its order (as HLS selects). */
    public static List<RenditionView> selected(ChannelView channel, DashSettings dash) {
        List<RenditionView> chosen = channel.renditions().stream()
                .filter(r -> !OutputSegmenter.segments(r, dash.segmentDurationSeconds()).isEmpty())
                .filter(r -> dash.streamSelection().admits(videoBitrate(r), r.hasVideo()))
                .collect(Collectors.toCollection(ArrayList::new));
        switch (dash.streamSelection().streamOrder()) {
            case VIDEO_BITRATE_ASCENDING -> chosen.sort(Comparator.comparingLong(DashPackager::videoBitrate));
            case VIDEO_BITRATE_DESCENDING -> chosen.sort(Comparator.comparingLong(DashPackager::videoBitrate).reversed());
            default -> {
            }
        }
        return chosen;
    }

    /**
     * The dynamic MPD. With nothing to list yet (no rendition with a complete segment) it has no
     * Period, which players reject: the HTTP layer should answer 404 when {@link #selected} is empty.
     *
     * @param now       the MPD@publishTime
     * @param timingUrl the origin's own UTCTiming URL (absolute), used when utcTimingUri is unset and
     *                  for the UTCTiming that DVB-DASH and HbbTV need when utcTiming is NONE; may be null
     */
    public static String mpd(ChannelView channel, EndpointConfig endpoint, DashSettings dash, Instant now, String timingUrl) {
        return mpd(channel, endpoint, dash, now, timingUrl, false);
    }

    /**
     * The MPD; {@code isStatic} for a time-shift window that has ended: {@code type="static"} with
     * its {@code mediaPresentationDuration}, Period starts counted from the first Period's, every
     * Period with its duration, none of the live attributes (ISO/IEC 23009-1 §5.3.1.2).
     */
    public static String mpd(ChannelView channel, EndpointConfig endpoint, DashSettings dash, Instant now, String timingUrl,
            boolean isStatic) {
        return mpd(channel, endpoint, dash, now, timingUrl, isStatic, null);
    }

    /**
     * The MPD of an encrypted endpoint: {@code protection} gives the {@code ContentProtection}
     * elements (XML) of a track, null for a clear one (ISO/IEC 23009-1 §5.8.4.1; the edge holds
     * the keys, the packager only places them). Tracks under different keys (SPEKE 2.0 presets:
     * SD, HD, UHD…; stereo, multichannel) go in AdaptationSets of their own, as DASH-IF IOP asks
     * (one key per AdaptationSet); video sets name each other as switchable
     * ({@code urn:mpeg:dash:adaptation-set-switching:2016}) so players still adapt across them.
     */
    public static String mpd(ChannelView channel, EndpointConfig endpoint, DashSettings dash, Instant now, String timingUrl,
            boolean isStatic, java.util.function.Function<ElementaryStream, String> protection) {
        String name = endpoint.manifestName();
        List<AdaptationSet> sets = protection == null ? adaptationSets(channel, dash) : byKey(adaptationSets(channel, dash), protection);

        Map<Integer, Anchor> runAnchors = new HashMap<>();
        for (AdaptationSet set : sets) {
            for (Listed rep : set.reps()) {
                for (Run run : rep.rendition().runs()) {
                    // timeDelaySeconds moves the whole presentation later: a player's live edge falls that far back.
                    runAnchors.putIfAbsent(run.number(), new Anchor(run, run.startTicks(),
                            run.startWallClock().toEpochMilli() + endpoint.timeDelaySeconds() * 1000L));
                }
            }
        }
        // ADS: ad breaks cut runs into more Periods, at the segment boundaries the first listed rendition's breaks fall on.
        List<OutputSegment> reference = sets.isEmpty() ? List.of() : sets.get(0).reps().get(0).segments();
        boolean ads = dash.periodTriggers().contains(PeriodTrigger.ADS);
        Splits splits = ads ? Splits.of(reference, runAnchors, dash.adTriggers()) : Splits.NONE;
        Map<PeriodKey, Anchor> anchors = splits.anchors(runAnchors);
        // The window, on the presentation timeline (90 kHz since the epoch).
        long newest = Long.MIN_VALUE;
        for (AdaptationSet set : sets) {
            for (Listed rep : set.reps()) {
                newest = Math.max(newest, presentationEnd(anchors, splits, rep.segments().get(rep.segments().size() - 1)));
            }
        }
        long oldestEnd = newest - dash.manifestWindowSeconds() * TICKS;
        TreeSet<PeriodKey> periods = new TreeSet<>();
        Map<Listed, Integer> firstListed = new HashMap<>();
        for (AdaptationSet set : sets) {
            for (Listed rep : set.reps()) {
                List<OutputSegment> all = rep.segments();
                int from = all.size();
                while (from > 0 && presentationEnd(anchors, splits, all.get(from - 1)) >= oldestEnd) {
                    from--;
                }
                firstListed.put(rep, from);
                for (int i = from; i < all.size(); i++) {
                    periods.add(splits.of(all.get(i)));
                }
            }
        }

        // Per Representation: its timeline per Period, and its bandwidth over the whole window.
        Map<Listed, Map<PeriodKey, List<Entry>>> timelines = new HashMap<>();
        Map<Listed, Long> bandwidths = new HashMap<>();
        for (AdaptationSet set : sets) {
            for (Listed rep : set.reps()) {
                Map<PeriodKey, List<Entry>> byRun = new HashMap<>();
                List<Entry> window = new ArrayList<>();
                for (PeriodKey period : periods) {
                    List<Entry> e = entries(rep, firstListed.get(rep), period, splits);
                    byRun.put(period, e);
                    window.addAll(e);
                }
                timelines.put(rep, byRun);
                bandwidths.put(rep, bandwidth(rep, window));
            }
        }

        if (isStatic) {
            // On demand, each Period starts with its first segment (a window cuts runs anywhere), on the run's clock.
            for (PeriodKey period : periods) {
                long first = Long.MAX_VALUE;
                for (Map<PeriodKey, List<Entry>> byPeriod : timelines.values()) {
                    List<Entry> e = byPeriod.get(period);
                    if (e != null && !e.isEmpty()) {
                        first = Math.min(first, e.get(0).t());
                    }
                }
                Anchor a = anchors.get(period);
                if (first != Long.MAX_VALUE && first > a.startTicks()) {
                    anchors.put(period, new Anchor(a.run(), first, a.startMillis() + Math.floorDiv(first - a.startTicks(), TICKS_PER_MILLI)));
                }
            }
        }
        MpdWriter body = new MpdWriter();
        long maxSegment = 0;
        long base = isStatic && !periods.isEmpty() ? anchors.get(periods.first()).startMillis() : 0;
        long mediaEndMillis = 0;
        List<AdBreaks.Break> breaks = ads ? AdBreaks.breaks(reference, dash.adTriggers()) : List.of();
        for (PeriodKey period : periods) {
            Anchor anchor = anchors.get(period);
            PeriodKey next = periods.higher(period);
            Long durationMillis = null;
            if (next != null || isStatic) {
                long end = Long.MIN_VALUE;
                for (AdaptationSet set : sets) {
                    for (Listed rep : set.reps()) {
                        for (int i = firstListed.get(rep); i < rep.segments().size(); i++) {
                            OutputSegment s = rep.segments().get(i);
                            if (splits.of(s).equals(period)) {
                                end = Math.max(end, s.start() + s.duration());
                            }
                        }
                    }
                }
                long span = Math.max(0, ceilDiv(end - anchor.startTicks(), TICKS_PER_MILLI));
                durationMillis = next == null ? span : Math.min(span, Math.max(0, anchors.get(next).startMillis() - anchor.startMillis()));
                mediaEndMillis = anchor.startMillis() - base + durationMillis;
            }
            body.open("Period", "id", period.id(), "start", duration(anchor.startMillis() - base),
                    "duration", durationMillis == null ? null : duration(durationMillis));
            if (ads) {
                eventStream(body, breaks, period, anchor);
            }
            Map<AdaptationSet, Map<Listed, List<Entry>>> inPeriod = new LinkedHashMap<>();
            for (AdaptationSet set : sets) {
                Map<Listed, List<Entry>> entries = new LinkedHashMap<>();
                inPeriod.put(set, entries);
                for (Listed rep : set.reps()) {
                    List<Entry> e = timelines.get(rep).get(period);
                    if (!e.isEmpty()) {
                        entries.put(rep, e);
                        for (Entry x : e) {
                            maxSegment = Math.max(maxSegment, x.d());
                        }
                        if (dash.segmentTemplateFormat() == SegmentTemplateFormat.NUMBER_WITH_DURATION) {
                            maxSegment = Math.max(maxSegment, nominal(rep, dash));
                        }
                    }
                }
            }
            // Switchable sets name only the sets this Period has.
            List<String> present = inPeriod.entrySet().stream().filter(e -> !e.getValue().isEmpty()).map(e -> e.getKey().id()).toList();
            for (Map.Entry<AdaptationSet, Map<Listed, List<Entry>>> e : inPeriod.entrySet()) {
                if (!e.getValue().isEmpty()) {
                    AdaptationSet set = e.getKey();
                    List<String> switchable = set.switchable().stream().filter(present::contains).toList();
                    adaptationSet(body, new AdaptationSet(set.id(), set.track(), set.language(), set.reps(), set.protection(), switchable),
                            e.getValue(), bandwidths, anchor, period, name, dash);
                }
            }
            body.close("Period");
        }

        MpdWriter mpd = new MpdWriter();
        if (isStatic) {
            mpd.open("MPD", "xmlns", "urn:mpeg:dash:schema:mpd:2011", "xmlns:cenc", protection == null ? null : CENC_NAMESPACE,
                    "profiles", profiles(dash.profile()),
                    "type", "static",
                    "mediaPresentationDuration", duration(mediaEndMillis),
                    "minBufferTime", duration(dash.minBufferTimeSeconds() * 1000L),
                    "maxSegmentDuration", maxSegment > 0 ? duration(ceilDiv(maxSegment, TICKS_PER_MILLI)) : null);
            mpd.raw(body.fragment());
            mpd.close("MPD");
            return mpd.toString();
        }
        mpd.open("MPD", "xmlns", "urn:mpeg:dash:schema:mpd:2011", "xmlns:cenc", protection == null ? null : CENC_NAMESPACE,
                "profiles", profiles(dash.profile()),
                "type", "dynamic",
                "availabilityStartTime", "1970-01-01T00:00:00Z",
                "publishTime", DATE_TIME.format(now),
                "minimumUpdatePeriod", duration(dash.minUpdatePeriodSeconds() * 1000L),
                "timeShiftBufferDepth", duration(dash.manifestWindowSeconds() * 1000L),
                "minBufferTime", duration(dash.minBufferTimeSeconds() * 1000L),
                "suggestedPresentationDelay", duration(dash.suggestedPresentationDelaySeconds() * 1000L),
                "maxSegmentDuration", maxSegment > 0 ? duration(ceilDiv(maxSegment, TICKS_PER_MILLI)) : null);
        mpd.raw(body.fragment());
        utcTiming(mpd, dash, timingUrl);
        mpd.close("MPD");
        return mpd.toString();
    }

    // ---------------------------------------------------------------- lookups

    /** What a segment request finds. */
    public sealed interface Lookup permits Found, Gone, Absent {
    }

    /**
     * The output segment to package: the {@code kind} track of it, as an I-frame-only track when
     * {@code iframeOnly}. For an init request, the rendition's newest segment (whose media
     * describes the track).
     */
    public record Found(RenditionView rendition, OutputSegment segment, MediaKind kind, boolean iframeOnly) implements Lookup {
    }

    /** Older than anything kept: it left the window (410). {@code first}, {@code last}: numbers or times kept, as asked. */
    public record Gone(long first, long last) implements Lookup {
    }

    /** Not there: not yet made, a name for a track the rendition lacks, or no complete segment (404). */
    public record Absent(String reason) implements Lookup {
    }

    /**
     * The segment a request names, among all the timeline keeps (not only the MPD window). By
     * number: the output segment with that media sequence number. By time: the one whose track
     * starts exactly there ({@link OutputSegment#start()} for video and I-frames,
     * {@code trackStart(AUDIO)} for audio); a time older than the oldest kept is Gone. Never a
     * different segment.
     */
    public static Lookup segment(ChannelView channel, DashSettings dash, DashNames.Request request) {
        int position;
        Track track;
        if (request instanceof DashNames.Init init) {
            position = init.position();
            track = init.track();
        } else if (request instanceof DashNames.Media media) {
            position = media.position();
            track = media.track();
        } else {
            return new Absent("the MPD is not a segment");
        }
        Optional<RenditionView> found = channel.rendition(position);
        if (found.isEmpty()) {
            return new Absent("channel " + channel.channel() + " has no rendition " + position);
        }
        RenditionView r = found.get();
        MediaKind kind = track == Track.AUDIO ? MediaKind.AUDIO : MediaKind.VIDEO;
        if (stream(r, kind).isEmpty()) {
            return new Absent("rendition " + position + " has no " + kind.name().toLowerCase(Locale.ROOT));
        }
        if (track == Track.IFRAME && !dash.includeIframeOnlyStream()) {
            return new Absent("this endpoint has no I-frame-only stream");
        }
        List<OutputSegment> segments = OutputSegmenter.segments(r, dash.segmentDurationSeconds());
        if (segments.isEmpty()) {
            return new Absent("rendition " + position + " has no complete segment yet");
        }
        boolean iframe = track == Track.IFRAME;
        if (request instanceof DashNames.Init) {
            return new Found(r, segments.get(segments.size() - 1), kind, iframe);
        }
        DashNames.Media media = (DashNames.Media) request;
        if (!media.byTime()) {
            long first = segments.get(0).ordinal();
            long last = segments.get(segments.size() - 1).ordinal();
            if (media.value() < first) {
                return new Gone(first, last);
            }
            return segments.stream().filter(s -> s.ordinal() == media.value()).findFirst()
                    .<Lookup>map(s -> new Found(r, s, kind, iframe))
                    .orElseGet(() -> new Absent("segment " + media.value() + " does not exist (available " + first + " to " + last + ")"));
        }
        long oldest = Long.MAX_VALUE;
        long newestStart = Long.MIN_VALUE;
        for (OutputSegment s : segments) {
            long t = trackStart(s, track);
            if (t == media.value()) {
                return new Found(r, s, kind, iframe);
            }
            oldest = Math.min(oldest, t);
            newestStart = Math.max(newestStart, t);
        }
        if (media.value() < oldest) {
            return new Gone(oldest, newestStart);
        }
        return new Absent("no segment starts at " + media.value());
    }

    // ---------------------------------------------------------------- what is listed

    /** One Representation: a track of a rendition, and all of the rendition's output segments. */
    private record Listed(RenditionView rendition, Track track, ElementaryStream stream, List<OutputSegment> segments) {

        // Identity: a key of per-MPD maps, not worth hashing its segments.
        @Override
        public boolean equals(Object o) {
            return this == o;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    /**
     * @param protection its ContentProtection elements, null in the clear
     * @param switchable the ids of the other video sets a player may switch to (split by key)
     */
    private record AdaptationSet(String id, Track track, String language, List<Listed> reps, String protection, List<String> switchable) {

        AdaptationSet(String id, Track track, String language, List<Listed> reps) {
            this(id, track, language, reps, null, List.of());
        }
    }

    /**
     * A Period's clock: the media time {@code startTicks} (its presentationTimeOffset) presents at
     * {@code startMillis} since the epoch (its start). A run's first Period starts at the run's start;
     * one that an ad break starts, at its first segment, on the run's clock to the millisecond.
     */
    private record Anchor(Run run, long startTicks, long startMillis) {

        /** 90 kHz since the epoch of a media time of this Period, as a player computes it from the MPD. */
        long presentation(long ticks) {
            return startMillis * TICKS_PER_MILLI + ticks - startTicks;
        }
    }

    /**
     * Which Period a segment is in: its run, and within the run the ad-break boundary it follows
     * ({@code from}, an output segment number; {@link Long#MIN_VALUE} before the run's first).
     */
    record PeriodKey(int run, long from) implements Comparable<PeriodKey> {

        /** {@code p{run}}, or {@code p{run}-{number}} for a Period an ad break starts: stable across refreshes. */
        String id() {
            return from == Long.MIN_VALUE ? "p" + run : "p" + run + "-" + from;
        }

        @Override
        public int compareTo(PeriodKey o) {
            return run != o.run ? Integer.compare(run, o.run) : Long.compare(from, o.from);
        }
    }

    /** The ad-break boundaries per run (ADS period trigger), as segment numbers, and where each starts. */
    private record Splits(Map<Integer, TreeSet<Long>> byRun, Map<Long, Long> startTicks) {

        static final Splits NONE = new Splits(Map.of(), Map.of());

        static Splits of(List<OutputSegment> reference, Map<Integer, Anchor> runs, AdTriggerSettings adTriggers) {
            Map<Integer, TreeSet<Long>> byRun = new HashMap<>();
            Map<Long, Long> starts = new HashMap<>();
            Map<Long, OutputSegment> byNumber = new HashMap<>();
            reference.forEach(o -> byNumber.put(o.ordinal(), o));
            for (long number : AdBreaks.boundaries(reference, adTriggers)) {
                OutputSegment s = byNumber.get(number);
                Anchor run = s == null ? null : runs.get(runOf(s));
                if (run != null && s.start() > run.startTicks()) { // a break at a run's start is that run's Period
                    byRun.computeIfAbsent(runOf(s), k -> new TreeSet<>()).add(number);
                    starts.put(number, s.start());
                }
            }
            return new Splits(byRun, starts);
        }

        PeriodKey of(OutputSegment s) {
            TreeSet<Long> cuts = byRun.get(runOf(s));
            Long from = cuts == null ? null : cuts.floor(s.ordinal());
            return new PeriodKey(runOf(s), from == null ? Long.MIN_VALUE : from);
        }

        Map<PeriodKey, Anchor> anchors(Map<Integer, Anchor> runs) {
            Map<PeriodKey, Anchor> out = new HashMap<>();
            runs.forEach((run, a) -> out.put(new PeriodKey(run, Long.MIN_VALUE), a));
            byRun.forEach((run, cuts) -> {
                Anchor a = runs.get(run);
                for (long cut : cuts) {
                    long start = startTicks.get(cut);
                    out.put(new PeriodKey(run, cut), new Anchor(a.run(), start,
                            a.startMillis() + Math.floorDiv(start - a.startTicks(), TICKS_PER_MILLI)));
                }
            });
            return out;
        }
    }

    /**
     * The SCTE-35 signals that open or close a break at this Period's start, as an EventStream in
     * SCTE 214-1's {@code urn:scte:scte35:2014:xml+bin} form, for ad insertion downstream.
     */
    private static void eventStream(MpdWriter w, List<AdBreaks.Break> breaks, PeriodKey period, Anchor anchor) {
        List<AdBreaks.Timed> signals = new ArrayList<>();
        List<Long> durations = new ArrayList<>();
        for (AdBreaks.Break b : breaks) {
            if (b.first() == period.from()) {
                signals.add(b.out());
                durations.add(b.durationTicks());
            } else if (b.end() == period.from() && b.in() != null) {
                signals.add(b.in());
                durations.add(-1L);
            }
        }
        if (signals.isEmpty()) {
            return;
        }
        w.open("EventStream", "schemeIdUri", "urn:scte:scte35:2014:xml+bin", "timescale", TICKS, "presentationTimeOffset", anchor.startTicks());
        for (int i = 0; i < signals.size(); i++) {
            AdBreaks.Timed t = signals.get(i);
            w.open("Event", "presentationTime", anchor.startTicks(), "duration", durations.get(i) >= 0 ? durations.get(i) : null,
                    "id", t.event().eventId());
            w.raw("<Signal xmlns=\"http://www.scte.org/schemas/35/2016\"><Binary>" + t.event().binary() + "</Binary></Signal>");
            w.close("Event");
        }
        w.close("EventStream");
    }

    /** One segment in a SegmentTimeline. */
    record Entry(long number, long t, long d) {
    }

    private static List<AdaptationSet> adaptationSets(ChannelView channel, DashSettings dash) {
        List<RenditionView> chosen = selected(channel, dash);
        Map<Integer, List<OutputSegment>> segments = new HashMap<>();
        chosen.forEach(r -> segments.put(r.position(), OutputSegmenter.segments(r, dash.segmentDurationSeconds())));
        List<AdaptationSet> sets = new ArrayList<>();
        List<Listed> video = chosen.stream().filter(RenditionView::hasVideo)
                .map(r -> new Listed(r, Track.VIDEO, stream(r, MediaKind.VIDEO).orElseThrow(), segments.get(r.position()))).toList();
        if (!video.isEmpty()) {
            sets.add(new AdaptationSet(VIDEO_SET, Track.VIDEO, null, video));
        }
        // Per language: the audio of the first rendition (by position, like HLS's audio group) with
        // audio in it, plus the audio-only renditions of that language.
        Map<String, List<Listed>> byLanguage = new LinkedHashMap<>();
        chosen.stream().sorted(Comparator.comparingInt(RenditionView::position)).forEach(r -> stream(r, MediaKind.AUDIO).ifPresent(a -> {
            String key = a.language() == null ? "" : a.language();
            List<Listed> reps = byLanguage.get(key);
            Listed listed = new Listed(r, Track.AUDIO, a, segments.get(r.position()));
            if (reps == null) {
                byLanguage.put(key, new ArrayList<>(List.of(listed)));
            } else if (!r.hasVideo()) {
                reps.add(listed);
            }
        }));
        int id = FIRST_AUDIO_SET;
        for (Map.Entry<String, List<Listed>> e : byLanguage.entrySet()) {
            sets.add(new AdaptationSet(String.valueOf(id++), Track.AUDIO, e.getKey().isEmpty() ? null : e.getKey(), e.getValue()));
        }
        if (dash.includeIframeOnlyStream() && !video.isEmpty()) {
            Listed main = video.get(0);
            sets.add(new AdaptationSet(IFRAME_SET, Track.IFRAME, null,
                    List.of(new Listed(main.rendition(), Track.IFRAME, main.stream(), main.segments()))));
        }
        return sets;
    }

    /**
     * The sets split where their tracks' keys differ: the first part keeps the set's id, the others
     * get the set's id × 100 + their place (stable while the ladder is: another language or set does
     * not renumber them); the I-frame set follows the key of the main video rendition it is taken from.
     */
    private static List<AdaptationSet> byKey(List<AdaptationSet> sets, java.util.function.Function<ElementaryStream, String> protection) {
        List<AdaptationSet> out = new ArrayList<>();
        List<String> videoIds = new ArrayList<>();
        for (AdaptationSet set : sets) {
            Map<String, List<Listed>> parts = new LinkedHashMap<>();
            for (Listed rep : set.reps()) {
                String key = protection.apply(rep.stream());
                parts.computeIfAbsent(key == null ? "" : key, k -> new ArrayList<>()).add(rep);
            }
            int place = 0;
            for (Map.Entry<String, List<Listed>> part : parts.entrySet()) {
                String id = place == 0 ? set.id() : String.valueOf(Integer.parseInt(set.id()) * 100 + place);
                place++;
                out.add(new AdaptationSet(id, set.track(), set.language(), part.getValue(), part.getKey().isEmpty() ? null : part.getKey(),
                        List.of()));
                if (set.track() == Track.VIDEO) {
                    videoIds.add(id);
                }
            }
        }
        if (videoIds.size() < 2) {
            return out;
        }
        List<AdaptationSet> linked = new ArrayList<>();
        for (AdaptationSet a : out) {
            linked.add(a.track() != Track.VIDEO ? a : new AdaptationSet(a.id(), a.track(), a.language(), a.reps(), a.protection(),
                    videoIds.stream().filter(v -> !v.equals(a.id())).toList()));
        }
        return linked;
    }

    /** The timeline of a Representation in one Period: its listed segments of that run. */
    private static List<Entry> entries(Listed rep, int from, PeriodKey period, Splits splits) {
        List<OutputSegment> all = rep.segments();
        List<Entry> entries = new ArrayList<>();
        for (int i = from; i < all.size(); i++) {
            OutputSegment s = all.get(i);
            if (!splits.of(s).equals(period)) {
                continue;
            }
            long t = trackStart(s, rep.track());
            long d;
            if (rep.track() != Track.AUDIO) {
                d = s.duration();
            } else if (i + 1 < all.size() && splits.of(all.get(i + 1)).equals(period)) {
                d = trackStart(all.get(i + 1), Track.AUDIO) - t;   // contiguous: the next one starts where this ends
            } else {
                d = s.trackEnd(MediaKind.AUDIO).orElse(s.start() + s.duration()) - t;
            }
            entries.add(new Entry(s.ordinal(), t, d > 0 ? d : s.duration()));
        }
        return entries;
    }

    /** Where a segment's track starts; a segment that lacks its audio keeps its place (video times) so numbers stay consecutive. */
    private static long trackStart(OutputSegment s, Track track) {
        return track == Track.AUDIO ? s.trackStart(MediaKind.AUDIO).orElse(s.start()) : s.start();
    }

    /** Where a segment ends on the presentation timeline (90 kHz since the epoch). */
    private static long presentationEnd(Map<PeriodKey, Anchor> anchors, Splits splits, OutputSegment s) {
        return anchors.get(splits.of(s)).presentation(s.start() + s.duration());
    }

    private static int runOf(OutputSegment s) {
        return s.parts().get(0).run();
    }

    // ---------------------------------------------------------------- writing

    private static void adaptationSet(MpdWriter w, AdaptationSet set, Map<Listed, List<Entry>> entries, Map<Listed, Long> bandwidths,
            Anchor anchor, PeriodKey period, String name, DashSettings dash) {
        List<Listed> reps = new ArrayList<>(entries.keySet());
        boolean audio = set.track() == Track.AUDIO;
        Integer maxWidth = null;
        Integer maxHeight = null;
        String par = null;
        if (!audio) {
            maxWidth = reps.stream().map(l -> l.stream().width()).filter(v -> v != null).max(Integer::compare).orElse(null);
            maxHeight = reps.stream().map(l -> l.stream().height()).filter(v -> v != null).max(Integer::compare).orElse(null);
            List<String> ratios = reps.stream().map(l -> aspectRatio(l.stream())).distinct().toList();
            par = ratios.size() == 1 ? ratios.get(0) : null;
        }
        w.open("AdaptationSet", "id", set.id(), "contentType", audio ? "audio" : "video", "mimeType", audio ? "audio/mp4" : "video/mp4",
                "lang", audio ? bcp47(set.language()) : null, "segmentAlignment", "true", "startWithSAP", "1",
                "maxWidth", maxWidth, "maxHeight", maxHeight, "par", par);
        if (set.protection() != null) {
            w.raw(set.protection());
        }
        if (set.track() == Track.IFRAME) {
            w.empty("EssentialProperty", "schemeIdUri", TRICKMODE, "value", VIDEO_SET);
        }
        if (!set.switchable().isEmpty()) {
            w.empty("SupplementalProperty", "schemeIdUri", SET_SWITCHING, "value", String.join(",", set.switchable()));
        }
        w.empty("Role", "schemeIdUri", ROLE, "value", set.track() == Track.IFRAME ? "alternate" : "main");

        // COMPACT: one SegmentTemplate for the set when every Representation's is the same.
        String shared = null;
        if (dash.manifestLayout() != ManifestLayout.FULL) {
            List<String> templates = reps.stream()
                    .map(l -> template(l, entries.get(l), anchor, period, name, "$RepresentationID$", dash)).distinct().toList();
            shared = templates.size() == 1 ? templates.get(0) : null;
        }
        if (shared != null) {
            w.raw(shared);
        }
        for (Listed l : reps) {
            ElementaryStream s = l.stream();
            String id = DashNames.representationId(l.rendition().position(), l.track());
            List<Entry> e = entries.get(l);
            Object[] attributes;
            if (audio) {
                attributes = new Object[] {"id", id, "bandwidth", bandwidths.get(l), "codecs", s.codecString(),
                        "audioSamplingRate", s.sampleRate()};
            } else if (l.track() == Track.IFRAME) {
                attributes = new Object[] {"id", id, "bandwidth", bandwidths.get(l), "codecs", s.codecString(),
                        "width", s.width(), "height", s.height(), "maxPlayoutRate", maxPlayoutRate(l, e), "codingDependency", "false"};
            } else {
                attributes = new Object[] {"id", id, "bandwidth", bandwidths.get(l), "codecs", s.codecString(),
                        "width", s.width(), "height", s.height(), "frameRate", frameRate(s.frameRate())};
            }
            boolean channels = audio && s.channels() != null;
            if (!channels && shared != null) {
                w.empty("Representation", attributes);
                continue;
            }
            w.open("Representation", attributes);
            if (channels) {
                w.empty("AudioChannelConfiguration", "schemeIdUri", CHANNEL_CONFIGURATION, "value", s.channels());
            }
            if (shared == null) {
                w.raw(template(l, e, anchor, period, name, id, dash));
            }
            w.close("Representation");
        }
        w.close("AdaptationSet");
    }

    /** A SegmentTemplate for a Representation's segments in a Period, naming it {@code representation}. */
    private static String template(Listed rep, List<Entry> entries, Anchor anchor, PeriodKey period, String name, String representation,
            DashSettings dash) {
        MpdWriter w = new MpdWriter();
        SegmentTemplateFormat format = dash.segmentTemplateFormat();
        boolean byTime = format == SegmentTemplateFormat.TIME_WITH_TIMELINE;
        String media = DashNames.mediaTemplate(name, representation, byTime);
        String init = DashNames.initTemplate(name, representation);
        long pto = anchor.startTicks();
        if (format == SegmentTemplateFormat.NUMBER_WITH_DURATION) {
            w.empty("SegmentTemplate", "media", media, "initialization", init, "timescale", TICKS, "presentationTimeOffset", pto,
                    "startNumber", period.from() == Long.MIN_VALUE ? durationStartNumber(rep, entries.get(0), period.run(), dash)
                            : entries.get(0).number(), // an ad Period starts on a segment boundary: its first number is its start
                    "duration", nominal(rep, dash));
            return w.fragment();
        }
        w.open("SegmentTemplate", "media", media, "initialization", init, "timescale", TICKS, "presentationTimeOffset", pto,
                "startNumber", byTime ? null : entries.get(0).number());
        w.open("SegmentTimeline");
        int i = 0;
        while (i < entries.size()) {
            Entry first = entries.get(i);
            int repeats = 0;
            while (i + repeats + 1 < entries.size()) {
                Entry next = entries.get(i + repeats + 1);
                if (next.d() != first.d() || next.t() != first.t() + (repeats + 1) * first.d()) {
                    break;
                }
                repeats++;
            }
            boolean contiguous = i > 0 && first.t() == entries.get(i - 1).t() + entries.get(i - 1).d();
            w.empty("S", "t", contiguous ? null : first.t(), "d", first.d(), "r", repeats > 0 ? repeats : null);
            i += repeats + 1;
        }
        w.close("SegmentTimeline");
        w.close("SegmentTemplate");
        return w.fragment();
    }

    /** The nominal output segment duration, 90 kHz: what OutputSegmenter groups. */
    private static long nominal(Listed rep, DashSettings dash) {
        return OutputSegmenter.ratio(rep.rendition(), dash.segmentDurationSeconds()) * rep.rendition().nominalDuration();
    }

    /**
     * NUMBER_WITH_DURATION: the number at the Period's start. Output segments group {@code ratio}
     * input slots on boundaries counted from the run's first slot (or, in the channel's first run,
     * from slot 0), so a whole group N starts {@code (firstSlot(N) − run.firstIndex) × input
     * duration} after the run's start; the start number rounds that to whole durations, so each
     * number lies within half a duration of where the template puts it. Measured on any whole
     * group of the run, the answer is the same: stable across refreshes. A partial first group
     * (the channel's first run starting mid-group) falls before the start number: its media is
     * not addressable in this format.
     */
    private static long durationStartNumber(Listed rep, Entry first, int run, DashSettings dash) {
        int ratio = OutputSegmenter.ratio(rep.rendition(), dash.segmentDurationSeconds());
        OutputSegment whole = rep.segments().stream().filter(o -> runOf(o) == run && o.parts().size() == ratio).findFirst()
                .orElse(null);
        if (whole == null) {
            return first.number();   // a run shorter than one segment
        }
        Run own = rep.rendition().runs().stream().filter(x -> x.number() == run).findFirst().orElseThrow();
        long slots = whole.parts().get(0).index() - own.firstIndex();
        return whole.ordinal() - Math.floorDiv(2 * slots + ratio, 2L * ratio);
    }

    private static void utcTiming(MpdWriter w, DashSettings dash, String timingUrl) {
        UtcTiming timing = dash.utcTiming();
        if (timing == UtcTiming.NONE && (dash.profile() == Profile.DVB_DASH_2014 || dash.profile() == Profile.HBBTV_1_5)) {
            timing = UtcTiming.HTTP_XSDATE;   // DVB-DASH (ETSI TS 103 285 §4.7.2) wants a UTCTiming; HbbTV players use it
        }
        String value = dash.utcTimingUri() != null ? dash.utcTimingUri() : timingUrl;
        if (timing == UtcTiming.NONE || value == null) {
            return;
        }
        String scheme = switch (timing) {
            case HTTP_HEAD -> "urn:mpeg:dash:utc:http-head:2014";
            case HTTP_ISO -> "urn:mpeg:dash:utc:http-iso:2014";
            default -> "urn:mpeg:dash:utc:http-xsdate:2014";
        };
        w.empty("UTCTiming", "schemeIdUri", scheme, "value", value);
    }

    /**
     * MPD@profiles. HYBRIDCAST: IPTV Forum Japan's Hybridcast MPEG-DASH operational guidelines
     * use the ISO live profile, with no URN of their own, so it is isoff-live (and, as the CRD
     * enforces, never Period triggers).
     */
    static String profiles(Profile profile) {
        return switch (profile) {
            case HBBTV_1_5 -> HBBTV_LIVE + "," + ISOFF_LIVE;
            case DVB_DASH_2014 -> DVB_2014 + "," + DVB_EXT_LIVE;
            default -> ISOFF_LIVE;
        };
    }

    // ---------------------------------------------------------------- bit rates

    /** The video part of a rendition's bitrate, what MediaPackage's stream selection compares. */
    static long videoBitrate(RenditionView r) {
        long ticks = r.segments().stream().mapToLong(ServedSegment::duration).sum();
        long bytes = r.segments().stream().flatMap(s -> s.source().probe().streams().stream())
                .filter(s -> s.kind() == MediaKind.VIDEO).mapToLong(ElementaryStream::payloadBytes).sum();
        return ticks == 0 ? 0 : bytes * 8 * TICKS / ticks;
    }

    /**
     * Representation@bandwidth, the same in every Period of the MPD: the peak over the segments in
     * the window of the track's bytes as fMP4 per second of the segment. Video and audio: the
     * elementary stream's payload plus fragment and per-sample framing (the track's share of the
     * rendition's bitrate, without the MPEG-TS overhead). I-frames: see {@link #iframeBandwidth}.
     */
    private static long bandwidth(Listed l, List<Entry> window) {
        return switch (l.track()) {
            case VIDEO -> peak(l, window, MediaKind.VIDEO);
            case AUDIO -> peak(l, window, MediaKind.AUDIO);
            case IFRAME -> iframeBandwidth(l, window);
        };
    }

    private static long peak(Listed l, List<Entry> entries, MediaKind kind) {
        Map<Long, OutputSegment> byNumber = byNumber(l);
        long peak = 0;
        for (Entry e : entries) {
            OutputSegment s = byNumber.get(e.number());
            long bytes = FRAGMENT_OVERHEAD;
            for (ServedSegment part : s.parts()) {
                Optional<ElementaryStream> stream = part.source().probe().streams().stream().filter(x -> x.kind() == kind).findFirst();
                if (stream.isPresent()) {
                    bytes += stream.get().payloadBytes() + SAMPLE_OVERHEAD * stream.get().accessUnits();
                }
            }
            if (e.d() > 0) {
                peak = Math.max(peak, bytes * 8 * TICKS / e.d());
            }
        }
        return Math.max(1, peak);
    }

    /**
     * I-frame Representation@bandwidth: the peak of key-frame bytes per segment duration (each
     * key frame's TS packets, an upper bound of its size in fMP4), as HLS's I-frame playlist.
     */
    private static long iframeBandwidth(Listed l, List<Entry> entries) {
        Map<Long, OutputSegment> byNumber = byNumber(l);
        long peak = 0;
        for (Entry e : entries) {
            OutputSegment s = byNumber.get(e.number());
            long bytes = FRAGMENT_OVERHEAD;
            for (ServedSegment part : s.parts()) {
                for (KeyFrame k : part.source().probe().keyFrames()) {
                    bytes += k.range().length() + SAMPLE_OVERHEAD;
                }
            }
            if (e.d() > 0) {
                peak = Math.max(peak, bytes * 8 * TICKS / e.d());
            }
        }
        return Math.max(1, peak);
    }

    /**
     * @maxPlayoutRate of the trick-play track: decoding its key frames at the video's frame rate
     * plays the media this many times faster, i.e. frames per key-frame interval.
     */
    private static long maxPlayoutRate(Listed l, List<Entry> entries) {
        Map<Long, OutputSegment> byNumber = byNumber(l);
        long ticks = 0;
        long keyFrames = 0;
        for (Entry e : entries) {
            ticks += e.d();
            keyFrames += byNumber.get(e.number()).parts().stream().mapToLong(p -> p.source().probe().keyFrames().size()).sum();
        }
        Double fps = l.stream().frameRate();
        if (keyFrames == 0 || fps == null || fps <= 0) {
            return 1;
        }
        return Math.max(1, Math.round(fps * ticks / (double) TICKS / keyFrames));
    }

    private static Map<Long, OutputSegment> byNumber(Listed l) {
        Map<Long, OutputSegment> m = new HashMap<>();
        l.segments().forEach(s -> m.put(s.ordinal(), s));
        return m;
    }

    // ---------------------------------------------------------------- formats

    private static Optional<ElementaryStream> stream(RenditionView r, MediaKind kind) {
        return r.streams().stream().filter(s -> s.kind() == kind).findFirst();
    }

    /** xs:duration in seconds, with milliseconds when there are any. */
    static String duration(long millis) {
        if (millis % 1000 == 0) {
            return "PT" + millis / 1000 + "S";
        }
        return String.format(Locale.ROOT, "PT%d.%03dS", millis / 1000, millis % 1000);
    }

    /** DASH FrameRateType: an integer, or N/1001 for NTSC rates, else thousandths. */
    static String frameRate(Double fps) {
        if (fps == null || fps <= 0) {
            return null;
        }
        long whole = Math.round(fps);
        if (Math.abs(fps - whole) < 0.001) {
            return Long.toString(whole);
        }
        long ntsc = Math.round(fps * 1001 / 1000);
        if (Math.abs(fps - ntsc * 1000.0 / 1001) < 0.001) {
            return ntsc * 1000 + "/1001";
        }
        return Math.round(fps * 1000) + "/1000";
    }

    /** @par, taking pixels as square (the probe does not read the SPS's aspect_ratio_idc). */
    private static String aspectRatio(ElementaryStream v) {
        if (v.width() == null || v.height() == null || v.width() <= 0 || v.height() <= 0) {
            return null;
        }
        int g = gcd(v.width(), v.height());
        return v.width() / g + ":" + v.height() / g;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    private static final Map<String, String> TWO_LETTER = new HashMap<>();

    static {
        for (String two : Locale.getISOLanguages()) {
            try {
                TWO_LETTER.put(Locale.forLanguageTag(two).getISO3Language(), two);
            } catch (java.util.MissingResourceException ignored) {
                // no three-letter code
            }
        }
        // ISO 639-2/B codes that differ from the /T codes Java knows.
        String[][] bibliographic = {{"alb", "sq"}, {"arm", "hy"}, {"baq", "eu"}, {"bur", "my"}, {"chi", "zh"}, {"cze", "cs"},
                {"dut", "nl"}, {"fre", "fr"}, {"geo", "ka"}, {"ger", "de"}, {"gre", "el"}, {"ice", "is"}, {"mac", "mk"},
                {"mao", "mi"}, {"may", "ms"}, {"per", "fa"}, {"rum", "ro"}, {"slo", "sk"}, {"tib", "bo"}, {"wel", "cy"}};
        for (String[] b : bibliographic) {
            TWO_LETTER.put(b[0], b[1]);
        }
    }

    /** @lang is BCP 47, which wants the two-letter code when ISO 639-1 has one; MPEG-TS gives ISO 639-2. */
    static String bcp47(String iso639) {
        if (iso639 == null || iso639.isBlank()) {
            return null;
        }
        String code = iso639.trim().toLowerCase(Locale.ROOT);
        return TWO_LETTER.getOrDefault(code, code);
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
