package dev.fount.origin.media;

import java.util.List;

/**
 * A run of one track's samples (a segment's worth) with their payloads. The data array is
 * owned by this record once made: nothing writes to it after.
 *
 * @param format  what the samples are
 * @param samples in decode order
 * @param data    the payloads, each at its sample's offset
 */
public record TrackSamples(TrackFormat format, List<Sample> samples, byte[] data) {

    public TrackSamples {
        samples = List.copyOf(samples);
    }

    /** Decode time of the first sample; 0 when there is none. */
    public long baseDecodeTime() {
        return samples.isEmpty() ? 0 : samples.get(0).decodeTime();
    }

    /** The earliest presentation time; 0 when there is no sample. */
    public long earliestPresentationTime() {
        return samples.stream().mapToLong(Sample::presentationTime).min().orElse(0);
    }

    /** Sum of the sample durations. */
    public long duration() {
        return samples.stream().mapToLong(Sample::duration).sum();
    }

    public int payloadBytes() {
        return samples.stream().mapToInt(Sample::size).sum();
    }
}
