package dev.fount.origin.media.ts;

import dev.fount.origin.media.MalformedMediaException;
import dev.fount.origin.media.MediaKind;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Splits a muxed MPEG-TS segment into renditions (ISO/IEC 13818-1): for HLS audio rendition groups
 * (RFC 8216 §4.3.4.1, EXT-X-MEDIA TYPE=AUDIO) the video variant keeps the video and the audio
 * rendition keeps the audio of the same uploaded segment.
 *
 * <p>Packets of dropped elementary streams are left out whole, so every kept PID keeps its packets,
 * bytes and continuity counters exactly. The PMT is the only thing rewritten. PAT, PIDs
 * 0x0000–0x001F (SDT and other DVB/ATSC tables), the null PID and any PID the PMT does not list
 * pass through untouched.
 *
 * <p>The program is the one {@link ProgramTables#locate} finds, as for the probe: the first program
 * of the first PAT. Other programs' PMT sections and streams pass through untouched.
 */
public final class TsStreamFilter {

    // Per-PID actions. 0, the default, passes the packets through: every PID the PMT does not list.
    private static final byte KEEP_AV = 1;
    private static final byte KEEP_DATA = 2;
    private static final byte DROP = 3;
    private static final byte PMT = 4;

    private static final int PID_COUNT = 8192;
    /** First PID a PMT may give an elementary stream; below it the tables of §2.4.3.3 Table 2-3 and DVB/ATSC. */
    private static final int FIRST_ES_PID = 0x0020;
    private static final int NO_PCR_PID = 0x1FFF;
    private static final int PMT_TABLE_ID = 0x02;
    /** 3 header bytes plus the largest PSI section_length (§2.4.4.11: 1021). */
    private static final int MAX_PSI_SECTION = 1024;
    /** PMT-PID packets one section may span: the 4096-byte {@link PsiSection} buffer, plus adaptation-only packets. */
    private static final int MAX_SECTION_PACKETS = 64;

    private final byte[] ts;
    private final boolean keepVideo;
    private final boolean keepAudio;
    private final boolean keepData;
    private final int pmtPid;
    private final int programNumber;
    private final byte[] action = new byte[PID_COUNT];

    private byte[] out;
    private int written;

    // The PMT section being collected. Its packets are copied to the output as they come, so the output
    // keeps the input's packet order; once the section is whole they are rewritten in place.
    private final PsiSection section = new PsiSection();
    private final int[] sectionPackets = new int[MAX_SECTION_PACKETS];
    private final int[] sectionSlots = new int[MAX_SECTION_PACKETS];
    private int sectionPacketCount;
    private boolean sectionOpen;
    /** PMT-PID packets with payload left out so far: later PMT-PID packets have their continuity_counter lowered by it. */
    private int pmtPacketsLeftOut;

    // The last PMT section of the program seen and its rewrite: segments repeat one PMT many times.
    private final byte[] lastSource = new byte[MAX_PSI_SECTION];
    private int lastSourceSize = -1;
    private final byte[] rewritten = new byte[MAX_PSI_SECTION];
    private int rewrittenSize;

    private TsStreamFilter(byte[] ts, Set<MediaKind> kinds, ProgramTables tables) {
        this.ts = ts;
        this.pmtPid = tables.pmtPid();
        keepVideo = kinds.contains(MediaKind.VIDEO);
        keepAudio = kinds.contains(MediaKind.AUDIO);
        boolean hasVideo = false;
        for (PmtEntry entry : tables.streams()) {
            hasVideo |= kindOf(entry) == MediaKind.VIDEO;
        }
        keepData = kinds.contains(MediaKind.DATA) || (hasVideo ? keepVideo : keepAudio);
        programNumber = tables.programNumber();
        action[pmtPid] = PMT;
    }

    /**
     * Keeps only the elementary streams whose kind is in {@code kinds} (plus PAT, the rewritten PMT,
     * SDT/other non-PES PIDs).
     *
     * <p>{@link MediaKind#DATA} streams (timed ID3, SCTE-35, unknown types) follow {@link MediaKind#VIDEO}
     * when the program has a video stream, else they follow {@link MediaKind#AUDIO}: timed metadata stays
     * in the main variant and is not repeated in the audio rendition, and an audio-only program keeps
     * it with its audio. Naming DATA in {@code kinds} keeps data streams whatever else is kept.
     *
     * <p>Every PMT section of the program is rewritten to list only the kept streams, with a new
     * section_length and CRC_32; its PCR_PID moves to the first kept audio or video stream when it
     * named a dropped one. Kept packets are copied unchanged; the PMT's packets keep their headers and
     * adaptation fields, and when a rewritten PMT needs fewer packets than the original, the later
     * PMT-PID packets have their continuity_counter lowered so the PID stays continuous.
     *
     * @param ts    a whole segment: 188-byte packets, starting with a sync byte
     * @param kinds the kinds to keep, not empty
     * @return a new segment, a whole number of packets; byte-identical to {@code ts} when no stream is dropped
     *         (and no PMT section is cut off or fails its CRC_32: those are left out)
     * @throws MalformedMediaException naming the fault and its byte offset: bad framing or sync, no usable
     *                                 PAT/PMT, a malformed PMT section, a PMT section layout this filter
     *                                 cannot rewrite, or a program with no stream of the kept kinds
     */
    public static byte[] keep(byte[] ts, Set<MediaKind> kinds) throws MalformedMediaException {
        if (kinds.isEmpty()) {
            throw new IllegalArgumentException("no media kind to keep");
        }
        TsDemuxer.checkFraming(ts);
        ProgramTables tables = ProgramTables.locate(ts);
        TsStreamFilter filter = new TsStreamFilter(ts, kinds, tables);
        filter.classify(tables.streams());
        if (!filter.keepsAStream(tables.streams())) {
            int at = tables.pmtEnd() - TsPacket.SIZE;
            throw new MalformedMediaException("the PMT completed in the packet at byte " + at
                    + " lists no elementary stream of kind " + kindsText(kinds), at);
        }
        return filter.run();
    }

    private static String kindsText(Set<MediaKind> kinds) {
        StringBuilder text = new StringBuilder();
        for (MediaKind kind : MediaKind.values()) {
            if (kinds.contains(kind)) {
                text.append(text.length() == 0 ? "" : " or ").append(kind);
            }
        }
        return text.toString();
    }

    /** The probe's classification of a PMT entry: one reader, created once per distinct PMT, never per packet. */
    private static MediaKind kindOf(PmtEntry entry) {
        return EsReaders.create(entry).kind;
    }

    private void classify(List<PmtEntry> streams) {
        for (PmtEntry entry : streams) {
            int pid = entry.pid();
            if (pid < FIRST_ES_PID || pid == pmtPid) {
                continue; // never an elementary stream: left alone
            }
            action[pid] = switch (kindOf(entry)) {
                case VIDEO -> keepVideo ? KEEP_AV : DROP;
                case AUDIO -> keepAudio ? KEEP_AV : DROP;
                case DATA -> keepData ? KEEP_DATA : DROP;
            };
        }
    }

    private boolean keepsAStream(List<PmtEntry> streams) {
        for (PmtEntry entry : streams) {
            byte a = action[entry.pid()];
            if (a == KEEP_AV || a == KEEP_DATA) {
                return true;
            }
        }
        return false;
    }

    private byte[] run() throws MalformedMediaException {
        byte[] ts = this.ts;
        byte[] action = this.action;
        // Header-only count (two bytes per packet) so that the output is allocated once, at its size,
        // unless a PMT shrinks by whole packets or the program changes inside the segment.
        int kept = 0;
        for (int packet = 0; packet < ts.length; packet += TsPacket.SIZE) {
            if (action[TsPacket.pid(ts, packet)] != DROP) {
                kept++;
            }
        }
        out = new byte[kept * TsPacket.SIZE];

        int run = -1; // start of a run of packets copied as they are: one arraycopy per run
        for (int packet = 0; packet < ts.length; packet += TsPacket.SIZE) {
            TsPacket.requireSync(ts, packet);
            byte a = action[TsPacket.pid(ts, packet)];
            if (a == DROP || a == PMT) {
                if (run >= 0) {
                    copy(run, packet - run);
                    run = -1;
                }
                if (a == PMT) {
                    pmtPacket(packet);
                }
            } else if (run < 0) {
                run = packet;
            }
        }
        if (run >= 0) {
            copy(run, ts.length - run);
        }
        // A PMT section still open here is cut off by the segment's end: no decoder could use it.
        if (sectionOpen) {
            emitSection(0);
        }
        return written == out.length ? out : Arrays.copyOf(out, written);
    }

    private void copy(int from, int length) {
        ensureRoom(length);
        System.arraycopy(ts, from, out, written, length);
        written += length;
    }

    private void ensureRoom(int length) {
        if (written + length > out.length) { // the program changed and keeps more than counted
            out = Arrays.copyOf(out, Math.max(ts.length, written + length));
        }
    }

    /** A packet of the PMT PID (§2.4.4.2: pointer_field, then sections, then 0xFF stuffing). */
    private void pmtPacket(int packet) throws MalformedMediaException {
        int payload = TsPacket.payloadStart(ts, packet);
        if (payload < 0) {
            if (sectionOpen) {
                holdPacket(packet); // adaptation field only: keeps its place among the section's packets
            } else {
                emitPacket(packet);
            }
            return;
        }
        boolean unitStart = TsPacket.payloadUnitStart(ts, packet);
        int end = packet + TsPacket.SIZE;
        if (unitStart && sectionOpen) {
            if ((ts[payload] & 0xFF) != 0) {
                throw new MalformedMediaException("PMT section at byte " + section.startPacket()
                        + " ends in the packet at byte " + packet
                        + " before another section starts: this packing is not supported", packet);
            }
            emitSection(0); // cut short by the next section: no decoder could use it
        }
        if (!unitStart && !sectionOpen) {
            emitPacket(packet); // the rest of a section that started before the segment
            return;
        }
        if (unitStart && payload + 1 + (ts[payload] & 0xFF) >= end) {
            emitPacket(packet); // pointer_field points past the packet: no section starts here
            return;
        }
        boolean whole = section.feed(ts, packet, payload, end, unitStart);
        sectionOpen = true;
        holdPacket(packet);
        if (whole) {
            sectionComplete();
        }
    }

    private void holdPacket(int packet) throws MalformedMediaException {
        if (sectionPacketCount == MAX_SECTION_PACKETS) {
            throw new MalformedMediaException("PMT section at byte " + section.startPacket() + " spans more than "
                    + MAX_SECTION_PACKETS + " packets", packet);
        }
        sectionSlots[sectionPacketCount] = emitPacket(packet);
        sectionPackets[sectionPacketCount++] = packet;
    }

    private void sectionComplete() throws MalformedMediaException {
        int size = ProgramTables.checkSection(section, PMT_TABLE_ID, "PMT");
        byte[] s = section.bytes();
        int last = sectionPackets[sectionPacketCount - 1];
        for (int i = size; i < section.collected(); i++) {
            if (s[i] != (byte) 0xFF) {
                throw new MalformedMediaException("PMT section at byte " + section.startPacket()
                        + " is followed by another section in the packet at byte " + last
                        + ": this packing is not supported", last);
            }
        }
        int sectionProgram = (s[3] & 0xFF) << 8 | (s[4] & 0xFF);
        if (sectionProgram != programNumber) {
            emitSection(-1); // another program's PMT on the same PID: untouched
            return;
        }
        if (!PsiSection.crcValid(s, size)) {
            emitSection(0); // decoders discard it; its stream list cannot be trusted to rewrite
            return;
        }
        if (size != lastSourceSize || !Arrays.equals(s, 0, size, lastSource, 0, size)) {
            rewrite(s, size);
            System.arraycopy(s, 0, lastSource, 0, size);
            lastSourceSize = size;
        }
        emitSection(rewrittenSize);
    }

    /** §2.4.4.8 TS_program_map_section without the dropped streams' entries. */
    private void rewrite(byte[] s, int size) throws MalformedMediaException {
        // The probe's parse: checks the lengths, and classifies streams a changed PMT may add.
        classify(ProgramTables.parsePmt(s, size, section.startPacket()));
        int programInfoLength = (s[10] & 0x0F) << 8 | (s[11] & 0xFF);
        int end = size - 4;
        int i = 12 + programInfoLength;
        byte[] r = rewritten;
        System.arraycopy(s, 0, r, 0, i);
        int length = i;
        int firstAv = -1;
        int firstKept = -1;
        while (i + 5 <= end) {
            int pid = (s[i + 1] & 0x1F) << 8 | (s[i + 2] & 0xFF);
            int entryEnd = i + 5 + ((s[i + 3] & 0x0F) << 8 | (s[i + 4] & 0xFF));
            byte a = action[pid];
            if (a != DROP) {
                System.arraycopy(s, i, r, length, entryEnd - i);
                length += entryEnd - i;
                if (firstKept < 0) {
                    firstKept = pid;
                }
                if (firstAv < 0 && a == KEEP_AV) {
                    firstAv = pid;
                }
            }
            i = entryEnd;
        }
        int pcrPid = (s[8] & 0x1F) << 8 | (s[9] & 0xFF);
        if (action[pcrPid] == DROP) {
            // The PCR went with a dropped stream (in HLS usually the video). Stripping the dropped PID
            // to adaptation-only PCR packets would leave that PID in the rendition, and PCRs cannot be
            // added to the kept packets without repacketizing them. So PCR_PID names the first kept
            // audio or video stream: a PID that exists, although it carries no PCR. HLS players clock
            // on PTS/DTS, not PCR, and accept this: it is how audio-only HLS segments usually look.
            // 0x1FFF (no PCR) is only allowed for private-stream programs (§2.4.4.9), hence a real PID.
            int replacement = firstAv >= 0 ? firstAv : firstKept >= 0 ? firstKept : NO_PCR_PID;
            r[8] = (byte) (s[8] & 0xE0 | replacement >> 8);
            r[9] = (byte) replacement;
        }
        length += 4;
        int sectionLength = length - 3;
        r[1] = (byte) (s[1] & 0xF0 | sectionLength >> 8);
        r[2] = (byte) sectionLength;
        int crc = PsiSection.crc32(r, 0, length - 4);
        r[length - 4] = (byte) (crc >>> 24);
        r[length - 3] = (byte) (crc >>> 16);
        r[length - 2] = (byte) (crc >>> 8);
        r[length - 1] = (byte) crc;
        rewrittenSize = length;
    }

    /**
     * Rewrites the section's packets, already in the output, with {@code size} bytes of {@link #rewritten}
     * in place of the original section (size -1: the original bytes unchanged; 0: no section, its packets
     * left out). The section fills the payloads the original filled, in order; it is never longer, so the
     * packets it no longer reaches are taken out of the output (the packets after them move up: only
     * the few since the section started). Headers, adaptation fields and the bytes before the section in
     * the first packet (pointer_field and what it skips) stay; the rest of the last packet is 0xFF stuffing.
     */
    private void emitSection(int size) throws MalformedMediaException {
        byte[] ts = this.ts;
        byte[] out = this.out;
        int done = 0;
        boolean first = true;
        int removed = 0; // bytes taken out so far
        int moveFrom = 0; // where the bytes still to move up by `removed` start
        for (int k = 0; k < sectionPacketCount; k++) {
            int packet = sectionPackets[k];
            int original = sectionSlots[k];
            int payload = TsPacket.payloadStart(ts, packet);
            if (size >= 0 && payload >= 0 && done >= size) { // not reached by the section: taken out
                if (removed > 0) {
                    System.arraycopy(out, moveFrom, out, moveFrom - removed, original - moveFrom);
                }
                removed += TsPacket.SIZE;
                moveFrom = original + TsPacket.SIZE;
                pmtPacketsLeftOut++;
                continue;
            }
            if (removed > 0) {
                System.arraycopy(out, moveFrom, out, moveFrom - removed, original + TsPacket.SIZE - moveFrom);
                moveFrom = original + TsPacket.SIZE;
            }
            int slot = original - removed;
            int cc = ts[packet + 3] - pmtPacketsLeftOut & 0x0F;
            out[slot + 3] = (byte) (ts[packet + 3] & 0xF0 | cc);
            if (size < 0 || payload < 0) {
                continue; // as it came
            }
            int from = payload - packet;
            if (first) {
                from += 1 + (ts[payload] & 0xFF); // pointer_field and the bytes it skips stay as they were
                first = false;
            }
            int count = Math.min(size - done, TsPacket.SIZE - from);
            System.arraycopy(rewritten, done, out, slot + from, count);
            done += count;
            Arrays.fill(out, slot + from + count, slot + TsPacket.SIZE, (byte) 0xFF);
        }
        if (removed > 0) {
            System.arraycopy(out, moveFrom, out, moveFrom - removed, written - moveFrom);
            written -= removed;
        }
        sectionPacketCount = 0;
        sectionOpen = false;
    }

    /** Copies one PMT-PID packet, continuity_counter lowered by the packets left out before it; returns where. */
    private int emitPacket(int packet) {
        ensureRoom(TsPacket.SIZE);
        int at = written;
        System.arraycopy(ts, packet, out, at, TsPacket.SIZE);
        if (pmtPacketsLeftOut != 0) {
            int cc = ts[packet + 3] - pmtPacketsLeftOut & 0x0F;
            out[at + 3] = (byte) (ts[packet + 3] & 0xF0 | cc);
        }
        written += TsPacket.SIZE;
        return at;
    }
}
