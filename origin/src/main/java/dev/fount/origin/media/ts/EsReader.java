package dev.fount.origin.media.ts;

import dev.fount.origin.media.ElementaryStream;
import dev.fount.origin.media.MediaKind;

/**
 * Reads one elementary stream of the program: counts its access units and bytes, tracks its
 * presentation times and, per codec, reads what describes the rendition. One per PMT entry,
 * chosen by {@link EsReaders}.
 */
abstract class EsReader {

    final PmtEntry entry;
    final MediaKind kind;
    String codec;
    final PtsRange pts = new PtsRange();
    long payloadBytes;
    int accessUnits;

    EsReader(PmtEntry entry, MediaKind kind, String codec) {
        this.entry = entry;
        this.kind = kind;
        this.codec = codec;
    }

    /** True when the stream is a run of PSI-style sections rather than PES packets (SCTE-35). */
    boolean carriesSections() {
        return false;
    }

    /**
     * A whole PES packet, header parsed.
     *
     * @param nextPesPacket byte offset of the packet that starts this PID's next PES, or the segment length
     */
    abstract void consume(PesAssembler pes, int nextPesPacket);

    /** Payload of a packet on a section-carrying PID. */
    void consumeSectionPacket(byte[] ts, int from, int to, boolean unitStart) {
    }

    /** Bytes on a data PID that do not form a PES packet: counted, nothing more. */
    void consumeUnframed(int bytes) {
        payloadBytes += bytes;
    }

    /** Presentation span: last - first plus the duration of the last access unit, or 0. */
    abstract long durationTicks();

    abstract ElementaryStream describe();

    /** How errors name this stream, e.g. "PID 256 (avc1)". */
    String label() {
        return "PID " + entry.pid() + " (" + codec + ")";
    }

    long firstPts() {
        return pts.count() > 0 ? pts.first() : -1;
    }

    long lastPts() {
        return pts.count() > 0 ? pts.last() : -1;
    }
}
