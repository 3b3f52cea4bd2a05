package dev.fount.origin.media;

import java.util.ArrayList;
import java.util.List;

/** Pure operations on {@link TrackSamples} runs: joining consecutive runs, keeping only sync samples. */
public final class Samples {

    private Samples() {
    }

    /**
     * Joins consecutive runs of one track (e.g. two 2 s input segments forming one 4 s output segment)
     * into one: payloads concatenated in order, offsets shifted. The last sample of each earlier run
     * lasts until the next run's first decode time when that gap is positive and under three times its
     * own duration (closing the rounding gaps and overlaps of segment boundaries); otherwise, a
     * discontinuity, its duration is kept. Runs without samples are skipped.
     *
     * @param parts in decode order, all of the same track; the first part's format is the result's
     * @throws IllegalArgumentException when {@code parts} is empty
     */
    public static TrackSamples join(List<TrackSamples> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("nothing to join");
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        int bytes = 0;
        int count = 0;
        for (TrackSamples part : parts) {
            bytes += part.data().length;
            count += part.samples().size();
        }
        byte[] data = new byte[bytes];
        List<Sample> samples = new ArrayList<>(count);
        int base = 0;
        for (TrackSamples part : parts) {
            List<Sample> run = part.samples();
            if (run.isEmpty()) {
                continue;
            }
            if (!samples.isEmpty()) {
                Sample last = samples.get(samples.size() - 1);
                long gap = run.get(0).decodeTime() - last.decodeTime();
                if (gap > 0 && gap < 3L * last.duration()) {
                    samples.set(samples.size() - 1, new Sample(last.decodeTime(), last.compositionOffset(), (int) gap,
                            last.sync(), last.offset(), last.size()));
                }
            }
            System.arraycopy(part.data(), 0, data, base, part.data().length);
            for (Sample s : run) {
                samples.add(new Sample(s.decodeTime(), s.compositionOffset(), s.duration(), s.sync(), base + s.offset(),
                        s.size()));
            }
            base += part.data().length;
        }
        return new TrackSamples(parts.get(0).format(), samples, data);
    }

    /**
     * Only the sync samples of a run, for I-frame-only (trick play) tracks: each lasts until the next
     * one kept, the last until the end of the original run (its last sample's decode time plus
     * duration); composition offsets are kept. The data holds only the kept payloads.
     */
    public static TrackSamples syncOnly(TrackSamples t) {
        List<Sample> all = t.samples();
        List<Sample> kept = new ArrayList<>();
        int bytes = 0;
        for (Sample s : all) {
            if (s.sync()) {
                kept.add(s);
                bytes += s.size();
            }
        }
        byte[] source = t.data();
        byte[] data = new byte[bytes];
        List<Sample> samples = new ArrayList<>(kept.size());
        long end = all.isEmpty() ? 0 : all.get(all.size() - 1).decodeTime() + all.get(all.size() - 1).duration();
        int offset = 0;
        for (int i = 0; i < kept.size(); i++) {
            Sample s = kept.get(i);
            long until = i + 1 < kept.size() ? kept.get(i + 1).decodeTime() : end;
            System.arraycopy(source, s.offset(), data, offset, s.size());
            samples.add(new Sample(s.decodeTime(), s.compositionOffset(), (int) Math.max(0, until - s.decodeTime()),
                    true, offset, s.size()));
            offset += s.size();
        }
        return new TrackSamples(t.format(), samples, data);
    }
}
