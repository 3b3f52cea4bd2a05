package dev.fount.origin.media.ts;

import dev.fount.origin.media.MalformedMediaException;
import dev.fount.origin.media.MediaKind;
import dev.fount.origin.media.codec.BitstreamException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * HLS {@code METHOD=SAMPLE-AES} (RFC 8216 §4.3.2.4) for MPEG-TS segments, as Apple's "MPEG-2 Stream
 * Encryption Format for HTTP Live Streaming" defines it: H.264 slices and AAC frames are partly
 * encrypted with AES-128-CBC inside their PES packets (§2, see {@link SampleAesPayloads}) and the PMT
 * says so (§3.0, see {@link SampleAesPmt}). "Apple §" below cites that document (§2.2 H.264, §2.3 audio,
 * §2.4 other streams, §3.0 signaling); other § numbers are ISO/IEC 13818-1's.
 *
 * <p>The segment is rewritten packet by packet, not demuxed and muxed again: every packet keeps its
 * place, PID, header flags and adaptation field (PCR, random_access_indicator, discontinuity), every
 * PES keeps its header (PTS, DTS, stream_id). Packets of other PIDs — PAT, SDT, timed ID3, SCTE-35,
 * anything else — are copied byte for byte. Audio encryption keeps sizes, so audio packets change
 * only in their payload bytes. H.264 PES packets can change size: the emulation prevention applied to
 * each encrypted slice (§2.2) adds a byte wherever it holds {@code 00 00 0x}, x ≤ 3 — in the cipher
 * text, and at every emulation_prevention_three_byte the clear slice had — and zero bytes between NAL
 * units are dropped. A PES packet whose size changed is spread again over its own packets, with
 * packets added after its last one when it grew, and later packets of that PID get continuity_counter
 * values that keep the PID continuous (ISO/IEC 13818-1 §2.4.3.3).
 */
public final class SampleAes {

    private static final int PID_COUNT = 8192;
    /** First PID a PMT may give an elementary stream; below it the tables of ISO/IEC 13818-1 Table 2-3 and DVB/ATSC. */
    private static final int FIRST_ES_PID = 0x0020;
    private static final int PMT_TABLE_ID = 0x02;
    private static final int PAYLOAD_SIZE = TsPacket.SIZE - 4;
    private static final int KEY_SIZE = 16;
    private static final int AAC_LC = 2;

    /** stream_type values Apple §3.0 gives SAMPLE-AES streams: such a stream is encrypted already. */
    private static final Set<Integer> SAMPLE_AES_TYPES = Set.of(SampleAesPmt.STREAM_TYPE_H264,
            SampleAesPmt.STREAM_TYPE_AAC, SampleAesPmt.STREAM_TYPE_AC3, SampleAesPmt.STREAM_TYPE_EAC3);
    /**
     * ISO/IEC 13818-1 Table 2-34 video and audio stream types the probe reads as unknown data: MPEG-1/2
     * video, MPEG-4 Visual, MPEG-4 audio without transport syntax, auxiliary, SVC and MVC video,
     * JPEG 2000, an HEVC temporal subset, VVC. Passing them on in the clear would leak media.
     */
    private static final Set<Integer> OTHER_MEDIA_TYPES = Set.of(0x01, 0x02, 0x10, 0x1C, 0x1E, 0x1F, 0x20, 0x21,
            0x25, 0x33);

    private enum Codec { H264, AAC }

    private final byte[] ts;
    private final ProgramTables tables;
    private final SampleAesPayloads payloads;
    private final Stream[] byPid = new Stream[PID_COUNT];
    private final List<Stream> streams = new ArrayList<>();

    // The output: the input's packets rewritten where they are, some left out, some added after others.
    private final byte[] out;
    private final boolean[] leftOut;
    private int leftOutCount;
    private final Map<Integer, byte[]> addedAfter = new HashMap<>();
    private int addedBytes;

    // The PMT section being collected, and the packets it came in.
    private final PsiSection section = new PsiSection();
    private final List<Integer> sectionPackets = new ArrayList<>();
    private boolean sectionOpen;
    private final Continuity pmtContinuity = new Continuity();
    private byte[] lastSource;
    private byte[] lastRewritten;

    private SampleAes(byte[] ts, ProgramTables tables, SampleAesPayloads payloads) throws MalformedMediaException {
        this.ts = ts;
        this.tables = tables;
        this.payloads = payloads;
        out = ts.clone();
        leftOut = new boolean[ts.length / TsPacket.SIZE];
        for (PmtEntry entry : tables.streams()) {
            Codec codec = classify(entry);
            if (codec == null) {
                continue;
            }
            int pid = entry.pid();
            String label = EsReaders.create(entry).label();
            if (pid < FIRST_ES_PID || pid == tables.pmtPid() || pid == TsPacket.NULL_PID) {
                int at = tables.pmtEnd() - TsPacket.SIZE;
                throw new MalformedMediaException("the PMT completed in the packet at byte " + at + " puts " + label
                        + " on a PID reserved for tables", at);
            }
            Stream stream = new Stream(pid, codec, label);
            byPid[pid] = stream;
            streams.add(stream);
        }
    }

    /**
     * Encrypts a clear MPEG-TS segment with SAMPLE-AES.
     *
     * <p>The program is the one {@link ProgramTables#locate} finds (the first program of the first PAT).
     * Its H.264 (stream_type 0x1B) and AAC-in-ADTS (0x0F) streams are encrypted; streams of other
     * programs and data streams (timed ID3, SCTE-35, unknown private data) pass through untouched, as
     * Apple §2.4 has it for other stream types. Every PMT section of the program is rewritten
     * (see {@link SampleAesPmt}) into one packet, as Apple §3.0 requires.
     *
     * <p>Each PES packet of an encrypted stream must hold whole NAL units or whole ADTS frames, and the
     * segment must hold each such PES packet whole, from its first packet (payload_unit_start_indicator)
     * on: encoders segment that way, and a protected block cannot be encrypted in part.
     *
     * @param ts  a whole segment: 188-byte packets from the first byte, PAT and PMT near the start
     * @param key the AES-128 key, 16 bytes
     * @param iv  the IV, 16 bytes: the EXT-X-KEY IV attribute, or the media sequence number as RFC 8216
     *            §5.2 derives it when the playlist has none ({@code Aes128.iv})
     * @return the encrypted segment, a whole number of packets
     * @throws IllegalArgumentException  when the key or IV is not 16 bytes, or the program carries audio or
     *                                   video this class cannot encrypt: HEVC and other codecs Apple's format
     *                                   does not define for MPEG-TS, AC-3 and E-AC-3 (Apple §2.3, not
     *                                   implemented here), AAC other than AAC-LC in its ADTS header (Apple §2.3
     *                                   has no audio_type for it), streams already encrypted (stream_type
     *                                   0xDB, 0xCF, 0xC1, 0xC2). The message names the stream.
     * @throws MalformedMediaException   naming the fault and its byte offset: bad framing or sync, no usable
     *                                   PAT/PMT, a PES packet that is cut short, starts before the segment or
     *                                   does not hold whole NAL units or ADTS frames, a scrambled packet, a
     *                                   PMT that cannot be rewritten into one packet
     */
    public static byte[] encrypt(byte[] ts, byte[] key, byte[] iv) throws MalformedMediaException {
        requireBlock(key, "key");
        requireBlock(iv, "IV");
        TsDemuxer.checkFraming(ts);
        ProgramTables tables = ProgramTables.locate(ts);
        return new SampleAes(ts, tables, new SampleAesPayloads(key, iv)).run();
    }

    private static void requireBlock(byte[] bytes, String what) {
        if (bytes == null || bytes.length != KEY_SIZE) {
            throw new IllegalArgumentException("SAMPLE-AES " + what + " must be " + KEY_SIZE + " bytes, not "
                    + (bytes == null ? "null" : bytes.length));
        }
    }

    /** What becomes of a PMT entry: encrypted as H.264 or AAC, null for untouched, or refused. */
    private static Codec classify(PmtEntry entry) {
        int type = entry.streamType();
        EsReader reader = EsReaders.create(entry);
        String stream = "PID " + entry.pid() + " (stream_type 0x" + Integer.toHexString(type)
                + (reader.kind == MediaKind.DATA ? "" : ", " + reader.codec) + ")";
        if (SAMPLE_AES_TYPES.contains(type)) {
            throw new IllegalArgumentException(stream + " is SAMPLE-AES encrypted already");
        }
        if (reader instanceof AvcReader) {
            return Codec.H264;
        }
        if (reader instanceof AdtsReader) {
            return Codec.AAC;
        }
        if (reader instanceof Ac3Reader) {
            throw new IllegalArgumentException("cannot encrypt " + stream + ": SAMPLE-AES of AC-3 and E-AC-3"
                    + " (Apple's MPEG-2 Stream Encryption Format §2.3) is not implemented, only H.264 and AAC");
        }
        if (reader.kind != MediaKind.DATA || OTHER_MEDIA_TYPES.contains(type)) {
            throw new IllegalArgumentException("cannot encrypt " + stream + ": Apple's MPEG-2 Stream Encryption"
                    + " Format defines SAMPLE-AES in MPEG-TS for H.264, AAC, AC-3 and E-AC-3 only");
        }
        return null;
    }

    private byte[] run() throws MalformedMediaException {
        List<Integer> pmtPackets = new ArrayList<>();
        int pmtPid = tables.pmtPid();
        for (int index = 0; index < leftOut.length; index++) {
            int packet = index * TsPacket.SIZE;
            TsPacket.requireSync(ts, packet);
            int pid = TsPacket.pid(ts, packet);
            if (pid == pmtPid) {
                pmtPackets.add(index);
            } else if (byPid[pid] != null) {
                streamPacket(byPid[pid], index, packet);
            }
        }
        for (Stream stream : streams) {
            if (stream.inPes) {
                finishPes(stream);
            }
        }
        // After the elementary streams: an AAC entry of the PMT needs the stream's AudioSpecificConfig.
        for (int index : pmtPackets) {
            pmtPacket(index);
        }
        if (sectionOpen) {
            dropSection(); // cut off by the segment's end: no decoder could use it
        }
        return assemble();
    }

    // ---- encrypted elementary streams ----

    private void streamPacket(Stream s, int index, int packet) throws MalformedMediaException {
        if ((ts[packet + 1] & 0x80) != 0) {
            throw new MalformedMediaException(s.label + ": the packet at byte " + packet
                    + " has transport_error_indicator set", packet);
        }
        if ((ts[packet + 3] & 0xC0) != 0) {
            throw new MalformedMediaException(s.label + ": the packet at byte " + packet
                    + " is scrambled already (transport_scrambling_control)", packet);
        }
        boolean payload = TsPacket.payloadStart(ts, packet) >= 0;
        if (payload && TsPacket.payloadUnitStart(ts, packet)) {
            if (s.inPes) {
                finishPes(s);
            }
            s.inPes = true;
        }
        if (s.inPes) {
            s.packets.add(index);
        } else if (payload) {
            throw new MalformedMediaException(s.label + ": the packet at byte " + packet + " continues a PES packet"
                    + " begun before the segment; SAMPLE-AES needs whole NAL units and frames", packet);
        }
        // An adaptation field alone before the PID's first PES packet stays as it came.
    }

    /** Encrypts the PES packet held in {@code s.packets} and writes it back into the output. */
    private void finishPes(Stream s) throws MalformedMediaException {
        PesAssembler pes = s.assembler;
        int first = s.packets.get(0) * TsPacket.SIZE;
        pes.start(first);
        for (int index : s.packets) {
            int packet = index * TsPacket.SIZE;
            int payload = TsPacket.payloadStart(ts, packet);
            if (payload >= 0) {
                pes.append(ts, payload, packet + TsPacket.SIZE);
            }
        }
        try {
            if (!pes.parseHeader()) {
                throw new MalformedMediaException("PES start code missing on " + s.label + " in the packet at byte "
                        + first, first);
            }
            byte[] data = pes.data();
            int length = pes.length();
            int declared = (data[4] & 0xFF) << 8 | (data[5] & 0xFF);
            if (declared != 0 && 6 + declared > length) {
                throw new MalformedMediaException(s.label + ": the PES packet at byte " + first + " is cut short:"
                        + " PES_packet_length announces " + (6 + declared) + " bytes, the segment holds " + length,
                        first);
            }
            if (s.codec == Codec.AAC) {
                int frame = payloads.encryptAdts(data, pes.payloadStart(), pes.payloadEnd());
                if (frame >= 0) {
                    remember(s, data, frame);
                }
                writeInPlace(s, data);
            } else {
                byte[] encrypted = encryptVideo(pes, declared);
                if (encrypted.length == length) {
                    writeInPlace(s, encrypted);
                } else {
                    writeRepacketized(s, encrypted);
                }
            }
        } catch (BitstreamException e) {
            throw new MalformedMediaException(s.label + ", PES at byte " + first + ": " + e.getMessage(), first);
        } finally {
            s.packets.clear();
            s.inPes = false;
            pes.reset();
        }
    }

    /** The PES packet with its H.264 payload encrypted; PES_packet_length follows the new size (§2.4.3.7). */
    private byte[] encryptVideo(PesAssembler pes, int declared) {
        byte[] data = pes.data();
        int start = pes.payloadStart();
        int end = pes.payloadEnd();
        byte[] es = payloads.encryptH264(data, start, end);
        int tail = pes.length() - end; // bytes after a bounded PES packet, if any: kept as they were
        byte[] result = new byte[start + es.length + tail];
        System.arraycopy(data, 0, result, 0, start);
        System.arraycopy(es, 0, result, start, es.length);
        System.arraycopy(data, end, result, start + es.length, tail);
        if (declared != 0) {
            int length = start + es.length - 6;
            length = length > 0xFFFF ? 0 : length; // 0, unbounded, is allowed for video in TS
            result[4] = (byte) (length >> 8);
            result[5] = (byte) length;
        }
        return result;
    }

    /** The AudioSpecificConfig for the PMT, from the stream's first ADTS header. */
    private static void remember(Stream s, byte[] data, int frame) {
        if (s.audioSpecificConfig != null) {
            return;
        }
        int objectType = ((data[frame + 2] & 0xC0) >> 6) + 1;
        if (objectType != AAC_LC) {
            throw new IllegalArgumentException("cannot encrypt " + s.label + ": its ADTS header says AAC object type "
                    + objectType + ", and the SAMPLE-AES audio setup information (Apple §2.3) names AAC-LC and"
                    + " HE-AAC only");
        }
        s.audioSpecificConfig = SampleAesPmt.audioSpecificConfig(data, frame);
    }

    /** The PES packet, its size unchanged, over the payload bytes of its packets; headers stay. */
    private void writeInPlace(Stream s, byte[] pes) throws MalformedMediaException {
        int at = 0;
        for (int index : s.packets) {
            int packet = index * TsPacket.SIZE;
            int payload = TsPacket.payloadStart(ts, packet);
            if (payload < 0) {
                setCounter(packet, s.continuity.unchanged(counter(packet)));
                continue;
            }
            int count = packet + TsPacket.SIZE - payload;
            System.arraycopy(pes, at, out, payload, count);
            at += count;
            setCounter(packet, s.continuity.kept(counter(packet)));
        }
    }

    /**
     * The PES packet, its size changed, spread again over its packets (§2.4.3.2): each keeps its header
     * and the fields of its adaptation field (PCR, flags, private data), loses its stuffing, and carries
     * as many bytes as then fit. Bytes left over go into packets added after the last one; packets left
     * without bytes become adaptation-field-only packets when their adaptation field carries anything,
     * and are left out otherwise. The last packet with bytes is stuffed to 188 bytes (§2.4.3.5).
     */
    private void writeRepacketized(Stream s, byte[] pes) throws MalformedMediaException {
        int at = 0;
        for (int index : s.packets) {
            int packet = index * TsPacket.SIZE;
            if (TsPacket.payloadStart(ts, packet) < 0) {
                setCounter(packet, s.continuity.unchanged(counter(packet)));
                continue;
            }
            byte[] fields = adaptationFields(ts, packet);
            int room = PAYLOAD_SIZE - (fields.length > 0 ? 1 + fields.length : 0);
            int count = Math.min(room, pes.length - at);
            if (count == 0 && fields.length == 0) {
                leaveOut(index);
                s.continuity.removed();
                continue;
            }
            int cc = count == 0 ? s.continuity.removed() : s.continuity.kept(counter(packet));
            int header = (ts[packet + 1] & 0xFF) << 8 | (ts[packet + 2] & 0xFF);
            System.arraycopy(packet(header, fields, pes, at, count, cc), 0, out, packet, TsPacket.SIZE);
            at += count;
        }
        if (at < pes.length) {
            int added = (pes.length - at + PAYLOAD_SIZE - 1) / PAYLOAD_SIZE;
            byte[] extra = new byte[added * TsPacket.SIZE];
            for (int k = 0; k < added; k++) {
                int count = Math.min(PAYLOAD_SIZE, pes.length - at);
                byte[] p = packet(s.pid, new byte[0], pes, at, count, s.continuity.added());
                System.arraycopy(p, 0, extra, k * TsPacket.SIZE, TsPacket.SIZE);
                at += count;
            }
            addAfter(s.packets.get(s.packets.size() - 1), extra);
        }
    }

    /**
     * The fields of a packet's adaptation field (§2.4.3.4) from the flags byte on, without the stuffing
     * bytes after them; empty when there is none or it carries nothing (no flag set).
     */
    private static byte[] adaptationFields(byte[] ts, int packet) {
        if ((ts[packet + 3] & 0x20) == 0 || ts[packet + 4] == 0) {
            return new byte[0];
        }
        int length = ts[packet + 4] & 0xFF;
        int flags = ts[packet + 5] & 0xFF;
        if (flags == 0) {
            return new byte[0];
        }
        int f = packet + 5;
        int n = 1;
        n += (flags & 0x10) != 0 ? 6 : 0; // PCR
        n += (flags & 0x08) != 0 ? 6 : 0; // OPCR
        n += (flags & 0x04) != 0 ? 1 : 0; // splice_countdown
        if ((flags & 0x02) != 0 && n < length) {
            n += 1 + (ts[f + n] & 0xFF); // transport_private_data
        }
        if ((flags & 0x01) != 0 && n < length) {
            n += 1 + (ts[f + n] & 0xFF); // adaptation_field_extension
        }
        return Arrays.copyOfRange(ts, f, f + Math.min(n, length));
    }

    /**
     * One transport packet (§2.4.3.2): sync byte, {@code header} as the next two bytes (flags and PID),
     * an adaptation field holding {@code fields} (flags onwards) and the stuffing that makes
     * {@code count} payload bytes fill the packet, then the payload. Scrambling control '00'.
     */
    private static byte[] packet(int header, byte[] fields, byte[] payload, int from, int count,
                                 int continuityCounter) {
        byte[] p = new byte[TsPacket.SIZE];
        p[0] = TsPacket.SYNC_BYTE;
        p[1] = (byte) (header >> 8);
        p[2] = (byte) header;
        boolean adaptation = fields.length > 0 || count < PAYLOAD_SIZE;
        int control = (adaptation ? 2 : 0) | (count > 0 ? 1 : 0);
        p[3] = (byte) (control << 4 | continuityCounter & 0x0F);
        int at = 4;
        if (adaptation) {
            int fieldLength = PAYLOAD_SIZE - 1 - count; // adaptation_field_length: the bytes after it
            p[at++] = (byte) fieldLength;
            int end = at + fieldLength;
            if (fields.length > 0) {
                System.arraycopy(fields, 0, p, at, fields.length);
                at += fields.length;
            } else if (fieldLength > 0) {
                p[at++] = 0; // no flag set: stuffing only
            }
            Arrays.fill(p, at, end, (byte) 0xFF);
            at = end;
        }
        System.arraycopy(payload, from, p, at, count);
        return p;
    }

    // ---- the PMT ----

    /** A packet of the PMT PID (§2.4.4.2: pointer_field, then sections, then 0xFF stuffing). */
    private void pmtPacket(int index) throws MalformedMediaException {
        int packet = index * TsPacket.SIZE;
        int payload = TsPacket.payloadStart(ts, packet);
        if (payload < 0) {
            if (sectionOpen) {
                sectionPackets.add(index); // keeps its place among the section's packets
            } else {
                setCounter(packet, pmtContinuity.unchanged(counter(packet)));
            }
            return;
        }
        boolean unitStart = TsPacket.payloadUnitStart(ts, packet);
        int end = packet + TsPacket.SIZE;
        if (unitStart && sectionOpen) {
            if (ts[payload] != 0) {
                throw new MalformedMediaException("PMT section at byte " + section.startPacket()
                        + " ends in the packet at byte " + packet
                        + " before another section starts: this packing is not supported", packet);
            }
            dropSection(); // cut short by the next section: no decoder could use it
        }
        if (!unitStart && !sectionOpen) {
            leaveOut(index); // the rest of a section begun before the segment: no decoder could use it
            pmtContinuity.removed();
            return;
        }
        if (unitStart && payload + 1 + (ts[payload] & 0xFF) >= end) {
            setCounter(packet, pmtContinuity.kept(counter(packet))); // pointer_field points past the packet
            return;
        }
        boolean whole = section.feed(ts, packet, payload, end, unitStart);
        sectionOpen = true;
        sectionPackets.add(index);
        if (whole) {
            sectionComplete();
        }
    }

    private void sectionComplete() throws MalformedMediaException {
        int size = ProgramTables.checkSection(section, PMT_TABLE_ID, "PMT");
        byte[] s = section.bytes();
        int at = section.startPacket();
        for (int i = size; i < section.collected(); i++) {
            if (s[i] != (byte) 0xFF) {
                throw new MalformedMediaException("PMT section at byte " + at + " is followed by another section"
                        + " in the same packet: this packing is not supported", at);
            }
        }
        int program = (s[3] & 0xFF) << 8 | (s[4] & 0xFF);
        if (program != tables.programNumber()) {
            keepSection(); // another program's PMT on the same PID: untouched
            return;
        }
        if (!PsiSection.crcValid(s, size)) {
            dropSection(); // decoders discard it; its stream list cannot be trusted to rewrite
            return;
        }
        if (lastSource == null || !Arrays.equals(s, 0, size, lastSource, 0, lastSource.length)) {
            lastRewritten = rewrite(s, size, at);
            lastSource = Arrays.copyOf(s, size);
        }
        writeSection(lastRewritten);
    }

    /** Apple §3.0: the program's PMT with the SAMPLE-AES stream types and descriptors. */
    private byte[] rewrite(byte[] s, int size, int at) throws MalformedMediaException {
        Map<Integer, SampleAesPmt.Change> changes = new HashMap<>();
        for (PmtEntry entry : ProgramTables.parsePmt(s, size, at)) {
            Codec codec = classify(entry);
            Stream stream = byPid[entry.pid()];
            if ((stream == null ? null : stream.codec) != codec) {
                throw new MalformedMediaException("the PMT at byte " + at + " lists PID " + entry.pid()
                        + " with stream_type 0x" + Integer.toHexString(entry.streamType()) + ", unlike the segment's"
                        + " first PMT: a program change inside the segment is not supported", at);
            }
            if (codec == Codec.H264) {
                changes.put(entry.pid(), SampleAesPmt.h264());
            } else if (codec == Codec.AAC) {
                if (stream.audioSpecificConfig == null) {
                    throw new MalformedMediaException(stream.label + " has no ADTS frame in the segment to give its PMT"
                            + " entry the audio_setup_information SAMPLE-AES requires (Apple §2.3)", at);
                }
                byte[] setup = SampleAesPmt.audioSetupInformation(stream.audioSpecificConfig);
                changes.put(entry.pid(), SampleAesPmt.aac(setup));
            }
        }
        byte[] rewritten = SampleAesPmt.rewrite(s, size, changes);
        if (rewritten == null) {
            throw new MalformedMediaException("the PMT at byte " + at + " has no room for the SAMPLE-AES descriptors:"
                    + " section_length or ES_info_length would exceed its maximum", at);
        }
        return rewritten;
    }

    /**
     * The rewritten section in the section's first packet (header and adaptation field fields kept,
     * pointer_field 0, 0xFF after the section); the section's other packets with payload are left out.
     */
    private void writeSection(byte[] rewritten) throws MalformedMediaException {
        boolean written = false;
        for (int index : sectionPackets) {
            int packet = index * TsPacket.SIZE;
            if (TsPacket.payloadStart(ts, packet) < 0) {
                setCounter(packet, pmtContinuity.unchanged(counter(packet)));
            } else if (written) {
                leaveOut(index);
                pmtContinuity.removed();
            } else {
                byte[] fields = adaptationFields(ts, packet);
                int room = PAYLOAD_SIZE - (fields.length > 0 ? 1 + fields.length : 0);
                if (1 + rewritten.length > room) {
                    throw new MalformedMediaException("the SAMPLE-AES PMT of the section at byte " + packet + " is "
                            + rewritten.length + " bytes; Apple §3.0 requires it in one TS packet, which has room"
                            + " for " + (room - 1), packet);
                }
                byte[] payload = new byte[room];
                Arrays.fill(payload, (byte) 0xFF);
                payload[0] = 0; // pointer_field
                System.arraycopy(rewritten, 0, payload, 1, rewritten.length);
                int header = (ts[packet + 1] & 0xFF) << 8 | (ts[packet + 2] & 0xFF);
                int cc = pmtContinuity.kept(counter(packet));
                System.arraycopy(packet(header, fields, payload, 0, room, cc), 0, out, packet, TsPacket.SIZE);
                written = true;
            }
        }
        sectionPackets.clear();
        sectionOpen = false;
    }

    private void keepSection() throws MalformedMediaException {
        for (int index : sectionPackets) {
            int packet = index * TsPacket.SIZE;
            boolean payload = TsPacket.payloadStart(ts, packet) >= 0;
            int input = counter(packet);
            setCounter(packet, payload ? pmtContinuity.kept(input) : pmtContinuity.unchanged(input));
        }
        sectionPackets.clear();
        sectionOpen = false;
    }

    private void dropSection() throws MalformedMediaException {
        for (int index : sectionPackets) {
            int packet = index * TsPacket.SIZE;
            if (TsPacket.payloadStart(ts, packet) >= 0) {
                leaveOut(index);
                pmtContinuity.removed();
            } else {
                setCounter(packet, pmtContinuity.unchanged(counter(packet)));
            }
        }
        sectionPackets.clear();
        sectionOpen = false;
    }

    // ---- output ----

    private int counter(int packet) {
        return ts[packet + 3] & 0x0F;
    }

    private void setCounter(int packet, int continuityCounter) {
        out[packet + 3] = (byte) (out[packet + 3] & 0xF0 | continuityCounter & 0x0F);
    }

    private void leaveOut(int index) {
        leftOut[index] = true;
        leftOutCount++;
    }

    private void addAfter(int index, byte[] packets) {
        addedAfter.put(index, packets);
        addedBytes += packets.length;
    }

    private byte[] assemble() {
        if (leftOutCount == 0 && addedAfter.isEmpty()) {
            return out;
        }
        byte[] result = new byte[out.length - leftOutCount * TsPacket.SIZE + addedBytes];
        int written = 0;
        for (int index = 0; index < leftOut.length; index++) {
            if (!leftOut[index]) {
                System.arraycopy(out, index * TsPacket.SIZE, result, written, TsPacket.SIZE);
                written += TsPacket.SIZE;
            }
            byte[] added = addedAfter.get(index);
            if (added != null) {
                System.arraycopy(added, 0, result, written, added.length);
                written += added.length;
            }
        }
        return result;
    }

    /** An encrypted elementary stream: its PES packet being gathered and its continuity. */
    private static final class Stream {
        final int pid;
        final Codec codec;
        final String label;
        final PesAssembler assembler = new PesAssembler(64 * 1024);
        /** Indexes of the packets of the PES packet being gathered, adaptation-field-only ones included. */
        final List<Integer> packets = new ArrayList<>();
        final Continuity continuity = new Continuity();
        boolean inPes;
        byte[] audioSpecificConfig;

        Stream(int pid, Codec codec, String label) {
            this.pid = pid;
            this.codec = codec;
            this.label = label;
        }
    }

    /**
     * The continuity_counter of one PID (§2.4.3.3) in the output: the input's value shifted by the packets
     * with payload added or left out so far. Packets without payload repeat the counter before them.
     */
    private static final class Continuity {
        private int shift;
        private int last;

        /** A packet with payload that stays. */
        int kept(int inputCounter) {
            last = inputCounter + shift & 0x0F;
            return last;
        }

        /** A packet without payload that stays: its value shifts like the others. */
        int unchanged(int inputCounter) {
            return inputCounter + shift & 0x0F;
        }

        /** A packet with payload added after the last one written. */
        int added() {
            shift++;
            last = last + 1 & 0x0F;
            return last;
        }

        /**
         * A packet with payload left out, or emptied to its adaptation field: such a packet repeats the
         * returned value.
         */
        int removed() {
            shift--;
            return last;
        }
    }
}
