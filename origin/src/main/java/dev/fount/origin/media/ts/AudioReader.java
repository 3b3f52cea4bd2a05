package dev.fount.origin.media.ts;

import dev.fount.origin.media.ElementaryStream;
import dev.fount.origin.media.MediaKind;

/**
 * An audio stream of self-delimiting frames (ADTS, LATM, AC-3, MPEG audio). A PES may hold
 * several frames and a frame may run on into the next PES; each frame is one access unit, the
 * k-th frame of a PES is presented k frame durations after the PES's PTS.
 */
abstract class AudioReader extends EsReader {

    String codecString;
    int sampleRate;
    Integer channels;
    int samplesPerFrame;
    private boolean configured;
    /** Bytes of the previous PES's last frame that lie in the next PES. */
    private int runOn;
    /** Frames in the PES with the latest PTS so far. */
    private int framesOfLatestPes;

    AudioReader(PmtEntry entry, String codec) {
        super(entry, MediaKind.AUDIO, codec);
    }

    /** Bytes needed to read a frame's sync word and length. */
    abstract int headerSize();

    abstract boolean isSync(byte[] data, int offset);

    /** Length of the frame at {@code offset}, or -1 when its header is not valid. */
    abstract int frameLength(byte[] data, int offset);

    /**
     * Reads the rendition's parameters from the frame at {@code offset}; returns false when this
     * frame does not carry them (a LATM frame re-using an earlier StreamMuxConfig).
     */
    abstract boolean configure(byte[] data, int offset, int end);

    /** False for frames that extend the previous one (E-AC-3 dependent substreams). */
    boolean startsAccessUnit(byte[] data, int offset) {
        return true;
    }

    @Override
    void consume(PesAssembler pes, int nextPesPacket) {
        byte[] data = pes.data();
        int from = pes.payloadStart();
        int to = pes.payloadEnd();
        payloadBytes += to - from;
        int p = from + runOn;
        runOn = 0;
        int frames = 0;
        int header = headerSize();
        while (p + header <= to) {
            int length;
            if (!isSync(data, p) || (length = frameLength(data, p)) <= 0) {
                p++; // not a frame boundary: look for the next sync word
                continue;
            }
            if (!configured) {
                configured = configure(data, p, to);
            }
            if (startsAccessUnit(data, p)) {
                frames++;
            }
            p += length;
        }
        if (p > to) {
            runOn = p - to;
        }
        accessUnits += frames;
        if (frames > 0 && pes.hasPts() && pts.add(pes.pts())) {
            framesOfLatestPes = frames;
        }
    }

    /** Presentation time of {@code frames} frames in 90 kHz ticks, or 0 before the rate is known. */
    private long ticks(int frames) {
        return sampleRate == 0 ? 0 : Math.round(frames * (double) samplesPerFrame * 90000 / sampleRate);
    }

    @Override
    long lastPts() {
        return pts.count() > 0 ? (pts.last() + ticks(framesOfLatestPes - 1)) & PtsRange.MASK : -1;
    }

    @Override
    long durationTicks() {
        return pts.count() > 0 ? pts.span() + ticks(framesOfLatestPes) : 0;
    }

    @Override
    ElementaryStream describe() {
        return new ElementaryStream(entry.pid(), entry.streamType(), kind, codec, codecString, null, null, null,
                sampleRate == 0 ? null : sampleRate, channels, entry.language(), firstPts(), lastPts(),
                payloadBytes, accessUnits);
    }
}
