package dev.fount.origin.media.ts;

import dev.fount.origin.media.ByteRange;
import dev.fount.origin.media.ElementaryStream;
import dev.fount.origin.media.KeyFrame;
import dev.fount.origin.media.MalformedMediaException;
import dev.fount.origin.media.MediaKind;
import dev.fount.origin.media.SegmentProbe;
import dev.fount.origin.media.SpliceEvent;
import dev.fount.origin.media.codec.BitstreamException;

import java.util.ArrayList;
import java.util.List;

/**
 * One pass over a segment's packets (ISO/IEC 13818-1 §2.4.3): each packet of a PID the PMT
 * lists goes to that stream's PES assembler (or, for section streams, straight to its reader);
 * a PES is handed to its reader when the next one on the PID starts, or at the segment's end.
 */
public final class TsDemuxer {

    private static final int VIDEO_PES_CAPACITY = 64 * 1024;
    private static final int OTHER_PES_CAPACITY = 8 * 1024;

    private final byte[] ts;
    private final int[] pids;
    private final EsReader[] readers;
    private final PesAssembler[] assemblers;

    private TsDemuxer(byte[] ts, List<PmtEntry> entries) {
        this.ts = ts;
        int n = entries.size();
        pids = new int[n];
        readers = new EsReader[n];
        assemblers = new PesAssembler[n];
        for (int i = 0; i < n; i++) {
            PmtEntry entry = entries.get(i);
            pids[i] = entry.pid();
            readers[i] = EsReaders.create(entry);
            if (!readers[i].carriesSections()) {
                int capacity = readers[i].kind == MediaKind.VIDEO ? VIDEO_PES_CAPACITY : OTHER_PES_CAPACITY;
                assemblers[i] = new PesAssembler(capacity);
            }
        }
    }

    public static SegmentProbe probe(byte[] ts) throws MalformedMediaException {
        checkFraming(ts);
        ProgramTables tables = ProgramTables.locate(ts);
        TsDemuxer demuxer = new TsDemuxer(ts, tables.streams());
        demuxer.run();
        return demuxer.result(tables);
    }

    /** The segment is packets of 188 bytes from its first byte on (§2.4.3.1). */
    static void checkFraming(byte[] ts) throws MalformedMediaException {
        if (ts.length == 0) {
            throw new MalformedMediaException("empty segment (0 bytes)", 0);
        }
        TsPacket.requireSync(ts, 0);
        int partial = ts.length % TsPacket.SIZE;
        if (partial != 0) {
            long offset = ts.length - partial;
            throw new MalformedMediaException("truncated TS packet at byte " + offset
                    + " (segment is not a multiple of 188 bytes)", offset);
        }
    }

    private void run() throws MalformedMediaException {
        byte[] ts = this.ts;
        int[] pids = this.pids;
        for (int packet = 0; packet < ts.length; packet += TsPacket.SIZE) {
            TsPacket.requireSync(ts, packet);
            int pid = TsPacket.pid(ts, packet);
            int stream = -1;
            for (int i = 0; i < pids.length; i++) {
                if (pids[i] == pid) {
                    stream = i;
                    break;
                }
            }
            if (stream < 0) {
                continue;
            }
            int payload = TsPacket.payloadStart(ts, packet);
            if (payload < 0) {
                continue;
            }
            boolean unitStart = TsPacket.payloadUnitStart(ts, packet);
            int end = packet + TsPacket.SIZE;
            PesAssembler assembler = assemblers[stream];
            if (assembler == null) {
                readers[stream].consumeSectionPacket(ts, payload, end, unitStart);
                continue;
            }
            if (unitStart) {
                if (assembler.active()) {
                    finish(stream, packet);
                }
                assembler.start(packet);
            }
            if (assembler.active()) { // bytes before the PID's first PES start cannot be read
                assembler.append(ts, payload, end);
            }
        }
        for (int i = 0; i < assemblers.length; i++) {
            if (assemblers[i] != null && assemblers[i].active()) {
                finish(i, ts.length);
            }
        }
    }

    private void finish(int stream, int nextPesPacket) throws MalformedMediaException {
        PesAssembler pes = assemblers[stream];
        EsReader reader = readers[stream];
        int at = pes.startPacket();
        try {
            if (pes.parseHeader()) {
                reader.consume(pes, nextPesPacket);
            } else if (reader.kind == MediaKind.DATA) {
                reader.consumeUnframed(pes.length());
            } else {
                throw new MalformedMediaException("PES start code missing on " + reader.label()
                        + " in the packet at byte " + at, at);
            }
        } catch (BitstreamException e) {
            throw new MalformedMediaException(reader.label() + ", PES at byte " + at + ": " + e.getMessage(), at);
        } finally {
            pes.reset();
        }
    }

    private SegmentProbe result(ProgramTables tables) throws MalformedMediaException {
        List<ElementaryStream> streams = new ArrayList<>(readers.length);
        EsReader video = null;
        EsReader audio = null;
        EsReader withoutPts = null;
        long earliestAudio = -1;
        for (EsReader reader : readers) {
            streams.add(reader.describe());
            boolean timed = reader.pts.count() > 0;
            if (reader.kind == MediaKind.VIDEO && timed && video == null) {
                video = reader;
            } else if (reader.kind == MediaKind.AUDIO && timed) {
                if (audio == null) {
                    audio = reader;
                    earliestAudio = reader.firstPts();
                } else if (PtsRange.relative(reader.firstPts(), earliestAudio) < 0) {
                    earliestAudio = reader.firstPts();
                }
            } else if (reader.kind != MediaKind.DATA && !timed && reader.payloadBytes > 0 && withoutPts == null) {
                withoutPts = reader;
            }
        }
        EsReader main = video != null ? video : audio;
        if (main == null) {
            if (withoutPts != null) {
                throw new MalformedMediaException("segment holds no audio or video PES with a PTS ("
                        + withoutPts.label() + " has PES without one)", tables.pmtEnd());
            }
            throw new MalformedMediaException("segment holds no audio or video PES", tables.pmtEnd());
        }
        long startPts = video != null ? video.firstPts() : earliestAudio;
        List<KeyFrame> keyFrames = video != null ? ((VideoReader) video).keyFrames : List.of();
        ByteRange programTables = new ByteRange(tables.patPacket(), tables.pmtEnd() - tables.patPacket());
        List<SpliceEvent> splices = new ArrayList<>();
        for (EsReader reader : readers) {
            if (reader instanceof SectionReader sections) {
                // A splice_immediate happens where it is: at this segment's start, as near as a segment goes.
                sections.splices.forEach(e -> splices.add(e.pts() < 0 ? e.at(startPts) : e));
            }
        }
        return new SegmentProbe(streams, startPts, main.durationTicks(), keyFrames, programTables, ts.length, splices);
    }
}
