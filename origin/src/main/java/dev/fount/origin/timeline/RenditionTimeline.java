package dev.fount.origin.timeline;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import dev.fount.origin.media.ElementaryStream;

/**
 * One rendition's served segments, oldest first, and the runs they fall into. Not thread-safe:
 * {@link ChannelTimeline} guards it.
 */
final class RenditionTimeline {

    /** A start further than this from where the previous segment ended is a timestamp jump. */
    private static final long JUMP_TOLERANCE = ServedSegment.TICKS_PER_SECOND / 2;
    private static final int MAX_RUNS = 10_000;

    private final String id;
    private final int position;
    private final Deque<ServedSegment> segments = new ArrayDeque<>();
    private final List<Run> runs = new ArrayList<>();
    private List<ElementaryStream> streams = List.of();
    private long nominal;
    /** Where the current run's media starts: a segment before it is a restart, not a repeat. */
    private long runStart = Long.MIN_VALUE;

    RenditionTimeline(String id, int position) {
        this.id = id;
        this.position = position;
    }

    /**
     * Appends a segment whose unwrapped start is {@code start}. Returns it as served, or null when
     * it repeats media the current run already has (a re-sent segment, or a standby input
     * behind the served one). A segment that starts before the current run is an encoder
     * restart whose timestamps went back: a new run.
     */
    ServedSegment append(InputSegment in, long start, long nominalTicks) {
        ServedSegment last = segments.peekLast();
        if (last != null && start <= last.start() && start >= runStart - JUMP_TOLERANCE) {
            return null;
        }
        long duration = in.probe().durationTicks() > 0 ? in.probe().durationTicks()
                : Math.round(in.extinfSeconds() * ServedSegment.TICKS_PER_SECOND);
        ServedSegment served;
        if (last == null) {
            nominal = nominalTicks;
            long index = runs.isEmpty() ? Math.round(start / (double) nominalTicks) : runs.get(runs.size() - 1).lastIndex() + 1;
            long dseq = runs.isEmpty() ? 0 : runs.get(runs.size() - 1).discontinuitySequence() + 1;
            Instant wall = wallClock(in, null, start, duration);
            Run run = new Run(runs.isEmpty() ? 0 : runs.get(runs.size() - 1).number() + 1, index, index, dseq, start, wall);
            runs.add(run);
            runStart = start;
            served = new ServedSegment(in, start, duration, index, run.number(), dseq, wall);
        } else {
            boolean contiguous = !in.discontinuity() && start > last.start() && Math.abs(start - last.end()) <= JUMP_TOLERANCE;
            long index = last.index() + 1;
            Run current = runs.get(runs.size() - 1);
            if (contiguous) {
                runs.set(runs.size() - 1, current.extendTo(index));
                served = new ServedSegment(in, start, duration, index, current.number(), current.discontinuitySequence(),
                        wallClock(in, last, start, duration));
            } else {
                nominal = nominalTicks;
                Instant wall = wallClock(in, null, start, duration);
                Run next = new Run(current.number() + 1, index, index, current.discontinuitySequence() + 1, start, wall);
                runs.add(next);
                runStart = start;
                served = new ServedSegment(in, start, duration, index, next.number(), next.discontinuitySequence(), wall);
            }
        }
        segments.addLast(served);
        streams = in.probe().streams();
        if (runs.size() > MAX_RUNS) {
            runs.subList(0, runs.size() - MAX_RUNS).clear();
        }
        return served;
    }

    /** The encoder's program date time when it gave one; else continuous from the previous segment; else arrival. */
    private static Instant wallClock(InputSegment in, ServedSegment previous, long start, long duration) {
        if (in.programDateTime() != null) {
            return in.programDateTime();
        }
        if (previous != null) {
            return previous.programDateTime().plusNanos((start - previous.start()) * 1_000_000_000L / ServedSegment.TICKS_PER_SECOND);
        }
        return in.arrival().minus(Duration.ofNanos(duration * 1_000_000_000L / ServedSegment.TICKS_PER_SECOND));
    }

    /** Drops segments that ended more than {@code keepTicks} before the newest one ended. */
    void trim(long keepTicks) {
        ServedSegment newest = segments.peekLast();
        if (newest == null) {
            return;
        }
        while (segments.size() > 1 && segments.peekFirst().end() < newest.end() - keepTicks) {
            segments.removeFirst();
        }
    }

    RenditionView view() {
        return new RenditionView(id, position, streams, nominal, List.copyOf(segments), List.copyOf(runs));
    }
}
