package dev.fount.origin.media.ts;

import dev.fount.origin.media.ElementaryStream;
import dev.fount.origin.media.MediaKind;

/**
 * A data stream in PES packets (timed ID3, or a stream type this probe does not know):
 * one access unit per PES, its PTS when it has one. The payload is not interpreted.
 */
final class DataReader extends EsReader {

    DataReader(PmtEntry entry, String codec) {
        super(entry, MediaKind.DATA, codec);
    }

    @Override
    void consume(PesAssembler pes, int nextPesPacket) {
        payloadBytes += pes.payloadEnd() - pes.payloadStart();
        accessUnits++;
        if (pes.hasPts()) {
            pts.add(pes.pts());
        }
    }

    @Override
    long durationTicks() {
        return pts.count() > 0 ? pts.span() : 0;
    }

    @Override
    ElementaryStream describe() {
        return new ElementaryStream(entry.pid(), entry.streamType(), kind, codec, null, null, null, null, null, null,
                entry.language(), firstPts(), lastPts(), payloadBytes, accessUnits);
    }
}
