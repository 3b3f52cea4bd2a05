package dev.fount.origin.media.ts;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

import dev.fount.origin.media.ElementaryStream;
import dev.fount.origin.media.SpliceEvent;
import dev.fount.origin.media.MediaKind;

/**
 * A stream of sections rather than PES (SCTE-35 splice_info_section, stream_type 0x86): counts
 * the sections that start in the segment and their bytes, and reads the ad avail signals of
 * SCTE-35 ones (a section may span packets). Sections carry no PES timestamps, so firstPts and
 * lastPts stay -1.
 */
final class SectionReader extends EsReader {

    final List<SpliceEvent> splices = new ArrayList<>();
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private int pendingSize = -1;

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
            append(ts, from, to); // the rest of a section counted where it started
            return;
        }
        int pointer = ts[from] & 0xFF;
        append(ts, from + 1, Math.min(to, from + 1 + pointer)); // the end of the previous section
        pending.reset();
        pendingSize = -1;
        int p = from + 1 + pointer;
        while (p + 3 <= to && (ts[p] & 0xFF) != 0xFF) {
            int size = 3 + ((ts[p + 1] & 0x0F) << 8 | (ts[p + 2] & 0xFF));
            accessUnits++;
            payloadBytes += size;
            pendingSize = size;
            pending.reset();
            append(ts, p, Math.min(to, p + size));
            p += size;
        }
    }

    private void append(byte[] ts, int from, int to) {
        if (pendingSize < 0 || from >= to) {
            return;
        }
        pending.write(ts, from, Math.min(to - from, pendingSize - pending.size()));
        if (pending.size() == pendingSize) {
            if (codec.equals("scte35")) {
                byte[] section = pending.toByteArray();
                splices.addAll(SpliceInfo.events(section, 0, section.length));
            }
            pendingSize = -1;
            pending.reset();
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
