package dev.fount.origin.media.ts;

import dev.fount.origin.media.ElementaryStream;
import dev.fount.origin.media.MediaKind;

/**
 * A stream of sections rather than PES (SCTE-35 splice_info_section, stream_type 0x86): counts
 * the sections that start in the segment and their bytes. Sections carry no PES timestamps, so
 * firstPts and lastPts stay -1.
 */
final class SectionReader extends EsReader {

    SectionReader(PmtEntry entry, String codec) {
        super(entry, MediaKind.DATA, codec);
    }

    @Override
    boolean carriesSections() {
        return true;
    }

    @Override
    void consume(PesAssembler pes, int nextPesPacket) {
        throw new IllegalStateException("a section stream has no PES");
    }

    /** ISO/IEC 13818-1 §2.4.4.2: pointer_field, then sections back to back until 0xFF stuffing. */
    @Override
    void consumeSectionPacket(byte[] ts, int from, int to, boolean unitStart) {
        if (!unitStart) {
            return; // the rest of a section counted where it started
        }
        int p = from + 1 + (ts[from] & 0xFF);
        while (p + 3 <= to && (ts[p] & 0xFF) != 0xFF) {
            int size = 3 + ((ts[p + 1] & 0x0F) << 8 | (ts[p + 2] & 0xFF));
            accessUnits++;
            payloadBytes += size;
            p += size;
        }
    }

    @Override
    long durationTicks() {
        return 0;
    }

    @Override
    ElementaryStream describe() {
        return new ElementaryStream(entry.pid(), entry.streamType(), kind, codec, null, null, null, null, null, null,
                entry.language(), -1, -1, payloadBytes, accessUnits);
    }
}
