package dev.fount.origin.http;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.fount.origin.media.MalformedMediaException;
import dev.fount.origin.media.MediaKind;
import dev.fount.origin.media.Sample;
import dev.fount.origin.media.Samples;
import dev.fount.origin.media.TrackFormat;
import dev.fount.origin.media.TrackSamples;
import dev.fount.origin.media.mp4.Fmp4Init;
import dev.fount.origin.media.mp4.Fmp4Samples;
import dev.fount.origin.media.mp4.Cenc;
import dev.fount.origin.media.mp4.Fmp4Writer;
import dev.fount.origin.media.ts.TsMuxer;
import dev.fount.origin.media.ts.TsSamples;
import dev.fount.origin.packager.OutputSegment;
import dev.fount.origin.timeline.ServedSegment;

/**
 * The fMP4 edge: reads an output segment's stored MPEG-TS (remuxing one of its tracks) or
 * fMP4 (taking one track's samples as they are) into a fragmented MP4 file of that one track,
 * and keeps the result in the {@link SegmentCache}. Each track becomes its own
 * file (CMAF style), with the timeline's unwrapped 90 kHz media time as its decode time, so
 * manifests can give segment times without opening a file.
 */
@ApplicationScoped
public class Fragments {

    /** A segment without the asked-for track (a video request on an audio-only rendition). */
    public static final class NoSuchTrack extends RuntimeException {
        NoSuchTrack(String message) {
            super(message);
        }
    }

    @Inject
    SegmentCache cache;

    /** The init segment (ftyp + moov) of the segment's track of {@code kind}. */
    public byte[] init(OutputSegment segment, MediaKind kind) throws IOException, MalformedMediaException {
        return cache.get(segment, "init:" + kind, () -> Fmp4Writer.initSegment(format(segment, kind)));
    }

    /** The init segment of a track protected as {@code p} (in the clear when null): its sample entry and pssh say how. */
    public byte[] init(OutputSegment segment, MediaKind kind, Cenc.TrackProtection p) throws IOException, MalformedMediaException {
        if (p == null) {
            return init(segment, kind);
        }
        return cache.get(segment, "init:" + kind + ":" + p.scheme() + ":" + p.defaultKid(), () -> Fmp4Writer.initSegment(format(segment, kind), p));
    }

    /**
     * A media segment encrypted with {@code key} (Common Encryption, {@link Cenc}); in the clear when
     * {@code key} is null. The IVs are derived from the key id, the rendition, the track and the
     * segment, so the same request gives the same bytes.
     */
    public byte[] media(OutputSegment segment, MediaKind kind, boolean iframesOnly, CencKeys.TrackKey key)
            throws IOException, MalformedMediaException {
        if (key == null) {
            return media(segment, kind, iframesOnly);
        }
        java.util.UUID kid = key.key().keyId();
        return cache.get(segment, (iframesOnly ? "iframes:" : "fmp4:") + kind + ":" + key.protection().scheme() + ":" + kid, () -> {
            TrackSamples samples = samples(segment, kind);
            TrackSamples clear = iframesOnly ? Samples.syncOnly(samples) : samples;
            String track = segment.parts().get(0).source().rendition() + "/" + kind + (iframesOnly ? "/iframes" : "");
            return Fmp4Writer.mediaSegment(segment.ordinal(), Cenc.encrypt(clear, key.protection(), kid, key.key().key(),
                    CencKeys.ivBase(kid, track, segment.ordinal()), key.fragmentPssh()));
        });
    }

    /** The init segment of a rendition's track as its newest segment has it. */
    public byte[] init(dev.fount.origin.timeline.RenditionView rendition, MediaKind kind) throws IOException, MalformedMediaException {
        return init(newest(rendition), kind);
    }

    /** The same, declaring {@code protection} (encv/enca, sinf, pssh); in the clear when it is null. */
    public byte[] init(dev.fount.origin.timeline.RenditionView rendition, MediaKind kind, Cenc.TrackProtection protection)
            throws IOException, MalformedMediaException {
        return init(newest(rendition), kind, protection);
    }

    /** The format of a rendition's track as its newest segment has it. */
    public TrackFormat format(dev.fount.origin.timeline.RenditionView rendition, MediaKind kind) throws IOException, MalformedMediaException {
        return format(newest(rendition), kind);
    }

    private static OutputSegment newest(dev.fount.origin.timeline.RenditionView rendition) {
        ServedSegment last = rendition.segments().get(rendition.segments().size() - 1);
        return new OutputSegment(last.index(), List.of(last), last.discontinuitySequence());
    }

    /** The track's format as found in the segment's newest part (remembered per stored file: manifests ask often). */
    public TrackFormat format(OutputSegment segment, MediaKind kind) throws IOException, MalformedMediaException {
        ServedSegment last = segment.parts().get(segment.parts().size() - 1);
        String key = last.source().path() + ":" + kind;
        synchronized (formats) {
            TrackFormat known = formats.get(key);
            if (known != null) {
                return known;
            }
        }
        TrackFormat found = track(last, kind).format();
        synchronized (formats) {
            formats.put(key, found);
        }
        return found;
    }

    private final java.util.Map<String, TrackFormat> formats = new java.util.LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<String, TrackFormat> eldest) {
            return size() > 256;
        }
    };

    /** A CMAF media segment (styp + moof + mdat) of the track of {@code kind}; {@code iframesOnly} keeps only sync samples. */
    public byte[] media(OutputSegment segment, MediaKind kind, boolean iframesOnly) throws IOException, MalformedMediaException {
        return cache.get(segment, (iframesOnly ? "iframes:" : "fmp4:") + kind, () -> {
            TrackSamples samples = samples(segment, kind);
            return Fmp4Writer.mediaSegment(segment.ordinal(), iframesOnly ? Samples.syncOnly(samples) : samples);
        });
    }

    /**
     * A Smooth Streaming fragment (moof with tfxd and tfrf + mdat). Its tfrf names what followed
     * it when it was asked for, so the cache key includes how many fragments that was.
     */
    public byte[] smooth(OutputSegment segment, MediaKind kind, long duration, List<long[]> lookahead) throws IOException, MalformedMediaException {
        return cache.get(segment, "mss" + lookahead.size() + ":" + kind,
                () -> Fmp4Writer.smoothFragment(segment.ordinal(), lastLasting(samples(segment, kind), duration), lookahead));
    }

    /** An encrypted Smooth Streaming fragment (PIFF sample encryption, cenc); in the clear when {@code key} is null. */
    public byte[] smooth(OutputSegment segment, MediaKind kind, long duration, List<long[]> lookahead, CencKeys.TrackKey key)
            throws IOException, MalformedMediaException {
        if (key == null) {
            return smooth(segment, kind, duration, lookahead);
        }
        java.util.UUID kid = key.key().keyId();
        return cache.get(segment, "mss" + lookahead.size() + ":" + kind + ":" + kid, () -> {
            TrackSamples clear = lastLasting(samples(segment, kind), duration);
            String track = segment.parts().get(0).source().rendition() + "/" + kind + "/mss";
            return Fmp4Writer.smoothFragment(segment.ordinal(), Cenc.encrypt(clear, key.protection(), kid, key.key().key(),
                    CencKeys.ivBase(kid, track, segment.ordinal()), List.of()), lookahead);
        });
    }

    /**
     * The samples with the last one stretched or shortened so that they add up to {@code duration}
     * (what the manifest says the fragment lasts), when that is a change of less than one sample.
     */
    static TrackSamples lastLasting(TrackSamples t, long duration) {
        if (t.samples().isEmpty()) {
            return t;
        }
        Sample last = t.samples().get(t.samples().size() - 1);
        long change = duration - t.duration();
        if (change == 0 || Math.abs(change) >= last.duration()) {
            return t;
        }
        List<Sample> samples = new ArrayList<>(t.samples());
        samples.set(samples.size() - 1, new Sample(last.decodeTime(), last.compositionOffset(), (int) (last.duration() + change),
                last.sync(), last.offset(), last.size()));
        return new TrackSamples(t.format(), samples, t.data());
    }

    /** The samples of the track of {@code kind} over all of the segment's parts. */
    public TrackSamples samples(OutputSegment segment, MediaKind kind) throws IOException, MalformedMediaException {
        List<TrackSamples> parts = new ArrayList<>(segment.parts().size());
        for (ServedSegment part : segment.parts()) {
            parts.add(track(part, kind));
        }
        return parts.size() == 1 ? parts.get(0) : Samples.join(parts);
    }

    /**
     * A part as MPEG-TS, for HLS endpoints: the stored bytes of an MPEG-TS upload; an fMP4 upload
     * muxed with its own timestamps (the same bytes {@code Fmp4Probe} measured at ingest).
     */
    public byte[] transportStream(ServedSegment part) throws IOException, MalformedMediaException {
        if (part.source().external() != null) {
            return part.source().external().transportStream();
        }
        byte[] bytes = Files.readAllBytes(part.source().path());
        if (!part.source().fmp4()) {
            return bytes;
        }
        return TsMuxer.mux(Fmp4Samples.read(init(part.source().init()), bytes)).ts();
    }

    /** A part's tracks, rebased to its place on the timeline: remuxed from MPEG-TS, or read in place from fMP4. */
    private List<TrackSamples> tracks(ServedSegment part) throws IOException, MalformedMediaException {
        if (part.source().external() != null) {
            return part.source().external().tracks(part.start());
        }
        byte[] bytes = Files.readAllBytes(part.source().path());
        if (part.source().fmp4()) {
            return Fmp4Samples.extract(init(part.source().init()), bytes, part.start());
        }
        return TsSamples.extract(bytes, part.start());
    }

    private Fmp4Init init(java.nio.file.Path path) throws IOException, MalformedMediaException {
        synchronized (inits) {
            Fmp4Init known = inits.get(path);
            if (known != null) {
                return known;
            }
        }
        Fmp4Init parsed = Fmp4Init.parse(Files.readAllBytes(path));
        synchronized (inits) {
            inits.put(path, parsed);
        }
        return parsed;
    }

    private final java.util.Map<java.nio.file.Path, Fmp4Init> inits = new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<java.nio.file.Path, Fmp4Init> eldest) {
            return size() > 64;
        }
    };

    private TrackSamples track(ServedSegment part, MediaKind kind) throws IOException, MalformedMediaException {
        for (TrackSamples t : tracks(part)) {
            if (t.format().kind() == kind) {
                return t;
            }
        }
        throw new NoSuchTrack("segment " + part.index() + " has no " + kind.name().toLowerCase(java.util.Locale.ROOT) + " track that can be carried in fMP4");
    }
}
