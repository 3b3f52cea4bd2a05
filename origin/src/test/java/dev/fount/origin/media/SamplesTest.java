package dev.fount.origin.media;

import dev.fount.origin.media.ts.TsSamples;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SamplesTest {

    private static final TrackFormat FORMAT = new TrackFormat(256, MediaKind.VIDEO, "avc1", "avc1.64000d", 90000,
            320, 180, 0, 0, "und", new byte[] {1});

    /** Samples at the given decode times, each {@code duration} long, 1 byte each valued by index. */
    private static TrackSamples run(long first, int count, int duration, boolean... syncs) {
        Sample[] samples = new Sample[count];
        byte[] data = new byte[count];
        for (int i = 0; i < count; i++) {
            samples[i] = new Sample(first + (long) i * duration, 0, duration, i < syncs.length && syncs[i], i, 1);
            data[i] = (byte) (first / duration + i);
        }
        return new TrackSamples(FORMAT, List.of(samples), data);
    }

    @Test
    void joinSplitSegmentEqualsTheWhole() throws MalformedMediaException {
        byte[] whole = Fixtures.load("h264_aac.ts");
        SegmentProbe probe = TsProbe.probe(whole);
        int cut = (int) probe.keyFrames().get(1).range().offset(); // the second IDR's PES starts a packet
        ByteRange tables = probe.programTables();
        byte[] first = Arrays.copyOf(whole, cut);
        byte[] second = new byte[(int) tables.length() + whole.length - cut];
        System.arraycopy(whole, (int) tables.offset(), second, 0, (int) tables.length());
        System.arraycopy(whole, cut, second, (int) tables.length(), whole.length - cut);
        long secondStart = Pts.relative(TsProbe.probe(second).startPts(), probe.startPts());

        TrackSamples expected = TsSamples.extract(whole, 0).get(0);
        TrackSamples a = TsSamples.extract(first, 0).get(0);
        TrackSamples b = TsSamples.extract(second, secondStart).get(0);
        assertTrue(a.samples().size() > 0 && b.samples().size() > 0);
        TrackSamples joined = Samples.join(List.of(a, b));
        assertEquals(expected.samples(), joined.samples());
        assertArrayEquals(expected.data(), joined.data());
        assertEquals(expected.format(), joined.format());
    }

    @Test
    void joinClosesSmallGapsOnly() {
        TrackSamples a = run(0, 3, 100, true);
        // gap of 150 after the last sample's decode time 200: within 3 × 100, so it lasts 150
        TrackSamples b = run(350, 2, 100, true);
        TrackSamples joined = Samples.join(List.of(a, b));
        assertEquals(5, joined.samples().size());
        assertEquals(150, joined.samples().get(2).duration());
        assertEquals(3, joined.samples().get(3).offset());
        assertEquals(joined.data()[3], b.data()[0]);
        assertEquals(a.duration() + 50 + b.duration(), joined.duration());

        // a discontinuity (gap of 3 × duration or more) or an overlap keeps the duration
        assertEquals(100, Samples.join(List.of(a, run(500, 1, 100))).samples().get(2).duration());
        assertEquals(100, Samples.join(List.of(a, run(150, 1, 100))).samples().get(2).duration());
        // empty parts are skipped; one part is itself
        assertEquals(80, Samples.join(List.of(a, new TrackSamples(FORMAT, List.of(), new byte[0]), run(280, 1, 100)))
                .samples().get(2).duration());
        assertEquals(a, Samples.join(List.of(a)));
        assertThrows(IllegalArgumentException.class, () -> Samples.join(List.of()));
    }

    @Test
    void syncOnlyMatchesTheProbesKeyFrames() throws MalformedMediaException {
        byte[] ts = Fixtures.load("h264_aac.ts");
        SegmentProbe probe = TsProbe.probe(ts);
        TrackSamples video = TsSamples.extract(ts, 0).get(0);
        TrackSamples iframes = Samples.syncOnly(video);
        assertEquals(probe.keyFrames().size(), iframes.samples().size());
        long end = video.baseDecodeTime() + video.duration();
        for (int i = 0; i < iframes.samples().size(); i++) {
            Sample s = iframes.samples().get(i);
            assertEquals(Pts.relative(probe.keyFrames().get(i).pts(), probe.startPts()), s.presentationTime());
            long until = i + 1 < iframes.samples().size() ? iframes.samples().get(i + 1).decodeTime() : end;
            assertEquals(until - s.decodeTime(), s.duration());
            Sample original = video.samples().stream().filter(o -> o.decodeTime() == s.decodeTime()).findFirst().orElseThrow();
            assertEquals(original.compositionOffset(), s.compositionOffset());
            assertArrayEquals(Arrays.copyOfRange(video.data(), original.offset(), original.offset() + original.size()),
                    Arrays.copyOfRange(iframes.data(), s.offset(), s.offset() + s.size()));
        }
        assertEquals(video.duration(), iframes.duration(), "the first picture is an IDR: the span is unchanged");
        assertEquals(iframes.payloadBytes(), iframes.data().length);
    }

    @Test
    void syncOnlySynthetic() {
        TrackSamples t = run(1000, 6, 10, false, true, false, false, true, false);
        TrackSamples s = Samples.syncOnly(t);
        assertEquals(2, s.samples().size());
        assertEquals(new Sample(1010, 0, 30, true, 0, 1), s.samples().get(0));
        assertEquals(new Sample(1040, 0, 20, true, 1, 1), s.samples().get(1));
        assertArrayEquals(new byte[] {t.data()[1], t.data()[4]}, s.data());
        assertTrue(Samples.syncOnly(run(0, 3, 10)).samples().isEmpty());
    }
}
