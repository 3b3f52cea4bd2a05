package dev.fount.origin.vod;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.fount.origin.media.ElementaryStream;
import dev.fount.origin.timeline.ChannelView;
import dev.fount.origin.timeline.ExternalMedia;
import dev.fount.origin.timeline.InputSegment;
import dev.fount.origin.timeline.RenditionView;
import dev.fount.origin.timeline.Run;
import dev.fount.origin.timeline.ServedSegment;

/**
 * An indexed asset as the packagers see a channel: one run per rendition from {@link #LEAD}, each
 * segment's slot number derived from its start (counted from the asset's first segment) and the
 * rendition's nominal duration, so output segments group the same input on every rendition and
 * the first is a whole one; ended, so the last output segment is kept however short. Program date times count from the epoch: a VOD asset has no wall clock.
 */
public final class AssetViews {

    /**
     * Ticks between the asset's timeline origin and its earliest sample: room for decode times
     * before the first presentation time (B-frames), so that no time written in a segment is negative.
     */
    public static final long LEAD = 90_000;

    /** Where input segments are said to come from, in place of an ingest endpoint's "1" or "2". */
    public static final String INPUT = "vod";

    private AssetViews() {
    }

    /** Makes the reader of segment {@code segment} of rendition number {@code rendition} (from 0, index order). */
    @FunctionalInterface
    public interface Media {
        ExternalMedia of(int rendition, AssetIndex.Rendition r, AssetIndex.Segment segment);
    }

    /**
     * @param key   identifies this asset's content in caches (its name and a digest of its source)
     * @param media the reader of a rendition's segment
     */
    public static ChannelView view(String key, AssetIndex index, Media media) {
        List<RenditionView> renditions = new ArrayList<>();
        // Slots count from the asset's first segment, so the first output segment is a whole one.
        long origin = index.renditions().stream().mapToLong(r -> r.segments().get(0).start()).min().orElse(0);
        for (int r = 0; r < index.renditions().size(); r++) {
            AssetIndex.Rendition rendition = index.renditions().get(r);
            List<ServedSegment> served = new ArrayList<>(rendition.segments().size());
            long previous = -1;
            for (int i = 0; i < rendition.segments().size(); i++) {
                AssetIndex.Segment s = rendition.segments().get(i);
                long slot = Math.max(previous + 1, Math.round((s.start() - origin) / (double) rendition.nominalDuration()));
                previous = slot;
                Instant pdt = Instant.EPOCH.plusNanos(s.start() * 100_000 / 9);
                String file = rendition.id() + "#" + i;
                InputSegment source = new InputSegment(INPUT, rendition.id(), file, Path.of("/vod", key, Integer.toString(r + 1), Integer.toString(i)),
                        s.probe(), s.duration() / 90_000.0, false, pdt, Instant.EPOCH, null, media.of(r, rendition, s));
                served.add(new ServedSegment(source, s.start(), s.duration(), slot, 0, 0, pdt));
            }
            List<ElementaryStream> streams = rendition.segments().get(0).probe().streams();
            Run run = new Run(0, served.get(0).index(), served.get(served.size() - 1).index(), 0, served.get(0).start(),
                    served.get(0).programDateTime());
            renditions.add(new RenditionView(rendition.id(), r + 1, streams, rendition.nominalDuration(), served, List.of(run), true));
        }
        return new ChannelView(key, renditions, INPUT);
    }
}
