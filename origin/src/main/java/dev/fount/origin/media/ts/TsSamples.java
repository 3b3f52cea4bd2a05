package dev.fount.origin.media.ts;

import dev.fount.origin.media.MalformedMediaException;
import dev.fount.origin.media.MediaKind;
import dev.fount.origin.media.Pts;
import dev.fount.origin.media.TrackSamples;
import dev.fount.origin.media.codec.BitstreamException;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns an MPEG-TS segment (ISO/IEC 13818-1) into per-track samples ready for fragmented MP4
 * (ISO/IEC 14496-12 §8.8, sample formats of ISO/IEC 14496-15 and ETSI TS 102 366 Annex F), in one
 * pass over the packets with the probe's own pieces ({@link ProgramTables}, {@link PesAssembler},
 * the {@link EsReader}s for codec strings and dimensions).
 *
 * <p>Tracks: one per elementary stream of the PMT carrying H.264 ({@code avc1}), HEVC ({@code hvc1}),
 * AAC in ADTS ({@code mp4a}), AC-3 ({@code ac-3}) or E-AC-3 ({@code ec-3}), in PMT order. Left out: data
 * streams (timed ID3, SCTE-35, unknown types), MPEG-1/2 audio (MP3) and AAC in LATM, and any stream
 * without a single complete access unit in the segment.
 *
 * <p>Times: 90 kHz (timescale 90000), rebased so that the segment's start as {@link
 * dev.fount.origin.media.SegmentProbe#startPts()} defines it (the earliest PTS of the first video stream
 * with PES, else the earliest audio PTS) maps to {@code start}: a timestamp t becomes
 * {@code start + Pts.relative(t, startPts)}, monotonic across a 33-bit wrap.
 *
 * <p>Video: one access unit per PES, as HLS segmenters write it (a PES holding two pictures yields one
 * sample holding both). decodeTime is the DTS (the PTS when the PES has none), compositionOffset PTS − DTS.
 * Annex B start codes become 4-byte NAL unit lengths (14496-15 §5.3.2 / §8.3.2); access unit delimiters,
 * filler data and the parameter sets are dropped from samples, the parameter sets going to the
 * decoder configuration record. A PES with no PTS continues the previous sample's cadence.
 *
 * <p>Audio: one sample per ADTS frame (header and CRC stripped) or per AC-3 / E-AC-3 sync frame (E-AC-3
 * dependent substreams joined to their independent frame). The k-th frame of a PES starts at the PES's
 * PTS plus the samples of the frames before it (1024 per AAC frame, 1536 per AC-3 frame, 256 per E-AC-3
 * block), rounded to 90 kHz. A frame running on into the next PES of the stream is completed from it; one
 * cut off by the end of the segment is dropped.
 */
public final class TsSamples {

    private TsSamples() {
    }

    /**
     * @param ts    a whole segment: 188-byte packets, starting with a sync byte
     * @param start the time, in 90 kHz ticks, the segment's start is rebased to
     * @return the tracks, in PMT order
     * @throws MalformedMediaException naming the fault and its byte offset when the bytes are not a segment
     *                                 this origin can package (the same faults {@link dev.fount.origin.media.TsProbe}
     *                                 rejects, plus video without its parameter sets and undecodable headers)
     */
    public static List<TrackSamples> extract(byte[] ts, long start) throws MalformedMediaException {
        TsDemuxer.checkFraming(ts);
        ProgramTables tables = ProgramTables.locate(ts);
        List<PmtEntry> entries = tables.streams();
        int n = entries.size();
        int[] pids = new int[n];
        EsReader[] readers = new EsReader[n];
        PesAssembler[] assemblers = new PesAssembler[n];
        SampleBuilder[] builders = new SampleBuilder[n];
        for (int i = 0; i < n; i++) {
            PmtEntry entry = entries.get(i);
            pids[i] = entry.pid();
            EsReader reader = EsReaders.create(entry);
            readers[i] = reader;
            if (!reader.carriesSections()) {
                assemblers[i] = new PesAssembler(reader.kind == MediaKind.VIDEO ? 64 * 1024 : 8 * 1024);
            }
            builders[i] = SampleBuilder.create(reader, ts.length);
        }

        for (int packet = 0; packet < ts.length; packet += TsPacket.SIZE) {
            TsPacket.requireSync(ts, packet);
            int pid = TsPacket.pid(ts, packet);
            int stream = -1;
            for (int i = 0; i < n; i++) {
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
            PesAssembler assembler = assemblers[stream];
            if (assembler == null) {
                continue; // sections (SCTE-35): no samples, no part in the start time
            }
            if (TsPacket.payloadUnitStart(ts, packet)) {
                if (assembler.active()) {
                    finish(assembler, readers[stream], builders[stream], packet);
                }
                assembler.start(packet);
            }
            if (assembler.active()) {
                assembler.append(ts, payload, packet + TsPacket.SIZE);
            }
        }
        for (int i = 0; i < n; i++) {
            if (assemblers[i] != null && assemblers[i].active()) {
                finish(assemblers[i], readers[i], builders[i], ts.length);
            }
        }

        long startPts = startPts(readers, tables);
        List<TrackSamples> tracks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            SampleBuilder builder = builders[i];
            if (builder == null || builder.count == 0) {
                continue;
            }
            try {
                TrackSamples track = builder.build(start + Pts.relative(builder.reference, startPts));
                if (track != null) {
                    tracks.add(track);
                }
            } catch (BitstreamException e) {
                throw new MalformedMediaException(readers[i].label() + ": " + e.getMessage(), tables.pmtEnd());
            }
        }
        return tracks;
    }

    /** Hands a whole PES to the stream's reader and sample builder; as {@code TsDemuxer.finish}. */
    private static void finish(PesAssembler pes, EsReader reader, SampleBuilder builder, int nextPesPacket)
            throws MalformedMediaException {
        int at = pes.startPacket();
        try {
            if (pes.parseHeader()) {
                reader.consume(pes, nextPesPacket);
                if (builder != null) {
                    builder.consume(pes);
                }
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

    /** {@code SegmentProbe.startPts}: the first video stream's earliest PTS, else the earliest audio PTS. */
    private static long startPts(EsReader[] readers, ProgramTables tables) throws MalformedMediaException {
        long audio = -1;
        for (EsReader reader : readers) {
            if (reader.pts.count() == 0) {
                continue;
            }
            if (reader.kind == MediaKind.VIDEO) {
                return reader.firstPts();
            }
            if (reader.kind == MediaKind.AUDIO && (audio < 0 || Pts.relative(reader.firstPts(), audio) < 0)) {
                audio = reader.firstPts();
            }
        }
        if (audio < 0) {
            throw new MalformedMediaException("segment holds no audio or video PES with a PTS", tables.pmtEnd());
        }
        return audio;
    }
}
