package dev.fount.origin.media.ts;

import dev.fount.origin.media.MalformedMediaException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The first PAT and the PMT it points to (ISO/IEC 13818-1 §2.4.4.3 and §2.4.4.8), found by a
 * scan of packet headers that stops as soon as the PMT is complete, normally at the second or
 * third packet of a segment.
 *
 * @param patPacket     byte offset of the packet holding the start of the PAT section
 * @param pmtEnd        byte offset just past the packet completing the PMT section
 * @param pmtPid        PID of the PMT
 * @param programNumber program_number of the program: the first the PAT lists
 * @param streams       the PMT's elementary streams, in PMT order
 */
record ProgramTables(int patPacket, int pmtEnd, int pmtPid, int programNumber, List<PmtEntry> streams) {

    /** How far to look for a PAT before deciding the bytes are not a usable segment. */
    static final int PAT_SEARCH_LIMIT = 1 << 20;

    private static final int TABLE_ID_PAT = 0x00;
    private static final int TABLE_ID_PMT = 0x02;
    private static final int MAX_PSI_SECTION = 1024; // 3 + section_length, §2.4.4.3: at most 1021

    /** Locates the tables in a segment whose length is a whole number of packets. */
    static ProgramTables locate(byte[] ts) throws MalformedMediaException {
        PsiSection pat = new PsiSection();
        PsiSection pmt = new PsiSection();
        int pmtPid = -1;
        int programNumber = -1;
        int patPacket = -1;
        String skipped = "";
        for (int packet = 0; packet < ts.length; packet += TsPacket.SIZE) {
            TsPacket.requireSync(ts, packet);
            if (pmtPid < 0 && packet >= PAT_SEARCH_LIMIT) {
                throw new MalformedMediaException("no PAT in the first 1 MB" + skipped, packet);
            }
            int pid = TsPacket.pid(ts, packet);
            if (pid != TsPacket.PAT_PID && pid != pmtPid) {
                continue;
            }
            int payload = TsPacket.payloadStart(ts, packet);
            if (payload < 0) {
                continue;
            }
            boolean unitStart = TsPacket.payloadUnitStart(ts, packet);
            int payloadEnd = packet + TsPacket.SIZE;
            if (pid == TsPacket.PAT_PID && pmtPid < 0) {
                if (!pat.feed(ts, packet, payload, payloadEnd, unitStart)) {
                    continue;
                }
                byte[] s = pat.bytes();
                int size = checkSection(pat, TABLE_ID_PAT, "PAT");
                if (!current(s)) {
                    continue;
                }
                if (!PsiSection.crcValid(s, size)) {
                    skipped = " (the PAT at byte " + pat.startPacket() + " failed its CRC_32)";
                    continue;
                }
                // §2.4.4.3: 8 header bytes, then 4 bytes per program, then CRC_32.
                for (int i = 8; i + 4 <= size - 4; i += 4) {
                    int number = (s[i] & 0xFF) << 8 | (s[i + 1] & 0xFF);
                    if (number != 0) { // program_number 0 is the network PID
                        programNumber = number;
                        pmtPid = (s[i + 2] & 0x1F) << 8 | (s[i + 3] & 0xFF);
                        break;
                    }
                }
                if (pmtPid < 0) {
                    throw new MalformedMediaException("the PAT at byte " + pat.startPacket()
                            + " lists no program", pat.startPacket());
                }
                patPacket = pat.startPacket();
            } else if (pid == pmtPid) {
                if (!pmt.feed(ts, packet, payload, payloadEnd, unitStart)) {
                    continue;
                }
                int size = checkSection(pmt, TABLE_ID_PMT, "PMT");
                byte[] s = pmt.bytes();
                if (!current(s)) {
                    continue;
                }
                int sectionProgram = (s[3] & 0xFF) << 8 | (s[4] & 0xFF);
                if (sectionProgram != programNumber) {
                    continue; // a PMT of another program sharing the PID (§2.4.4.8 allows it)
                }
                if (!PsiSection.crcValid(s, size)) {
                    skipped = " (the PMT at byte " + pmt.startPacket() + " failed its CRC_32)";
                    continue;
                }
                return new ProgramTables(patPacket, packet + TsPacket.SIZE, pmtPid, programNumber, parsePmt(s, size, pmt.startPacket()));
            }
        }
        if (pmtPid < 0) {
            String where = ts.length >= PAT_SEARCH_LIMIT ? "the first 1 MB" : "the segment (" + ts.length + " bytes)";
            throw new MalformedMediaException("no PAT in " + where + skipped, ts.length);
        }
        throw new MalformedMediaException("no PMT found (PAT points to PID " + pmtPid + ", never seen)" + skipped,
                ts.length);
    }

    /** current_next_indicator: 0 announces a table that does not apply yet. */
    private static boolean current(byte[] section) {
        return (section[5] & 0x01) == 1;
    }

    static int checkSection(PsiSection section, int tableId, String name) throws MalformedMediaException {
        byte[] s = section.bytes();
        int size = section.sectionSize();
        if ((s[0] & 0xFF) != tableId) {
            throw new MalformedMediaException(name + " at byte " + section.startPacket() + " has table_id 0x"
                    + Integer.toHexString(s[0] & 0xFF) + ", expected 0x0" + tableId, section.startPacket());
        }
        if (size > MAX_PSI_SECTION || size > section.collected() || size < 12) {
            throw new MalformedMediaException(name + " at byte " + section.startPacket() + " has an impossible section_length "
                    + (size - 3), section.startPacket());
        }
        return size;
    }

    /** §2.4.4.8 TS_program_map_section. */
    static List<PmtEntry> parsePmt(byte[] s, int size, int packet) throws MalformedMediaException {
        int programInfoLength = (s[10] & 0x0F) << 8 | (s[11] & 0xFF);
        int end = size - 4; // CRC_32
        int i = 12 + programInfoLength;
        if (i > end) {
            throw new MalformedMediaException("PMT at byte " + packet + ": program_info_length " + programInfoLength
                    + " overruns the section", packet);
        }
        List<PmtEntry> streams = new ArrayList<>();
        while (i + 5 <= end) {
            int streamType = s[i] & 0xFF;
            int pid = (s[i + 1] & 0x1F) << 8 | (s[i + 2] & 0xFF);
            int infoLength = (s[i + 3] & 0x0F) << 8 | (s[i + 4] & 0xFF);
            int descriptors = i + 5;
            int descriptorsEnd = descriptors + infoLength;
            if (descriptorsEnd > end) {
                throw new MalformedMediaException("PMT at byte " + packet + ": ES_info_length " + infoLength
                        + " of PID " + pid + " overruns the section", packet);
            }
            if (streams.stream().noneMatch(e -> e.pid() == pid)) {
                streams.add(entry(s, streamType, pid, descriptors, descriptorsEnd));
            }
            i = descriptorsEnd;
        }
        return List.copyOf(streams);
    }

    private static PmtEntry entry(byte[] s, int streamType, int pid, int from, int to) {
        String language = null;
        int registration = 0;
        int metadataFormat = 0;
        boolean ac3 = false;
        boolean eac3 = false;
        for (int d = from; d + 2 <= to; ) {
            int tag = s[d] & 0xFF;
            int length = s[d + 1] & 0xFF;
            int body = d + 2;
            if (body + length > to) {
                break; // a truncated last descriptor: keep what was read
            }
            switch (tag) {
                case 0x05 -> { // registration_descriptor, §2.6.8
                    if (length >= 4) {
                        registration = int32(s, body);
                    }
                }
                case 0x0A -> { // ISO_639_language_descriptor, §2.6.18
                    if (length >= 3 && language == null) {
                        language = new String(s, body, 3, StandardCharsets.ISO_8859_1).trim();
                        if (language.isEmpty() || language.charAt(0) == 0) {
                            language = null;
                        }
                    }
                }
                case 0x26 -> { // metadata_descriptor, §2.6.60
                    metadataFormat = metadataFormat(s, body, length);
                }
                case 0x6A, 0x81 -> ac3 = true;
                case 0x7A, 0xCC -> eac3 = true;
                default -> {
                }
            }
            d = body + length;
        }
        return new PmtEntry(pid, streamType, language, registration, metadataFormat, ac3, eac3);
    }

    /** metadata_application_format(16) [identifier(32) if 0xFFFF] metadata_format(8) [identifier(32) if 0xFF]. */
    private static int metadataFormat(byte[] s, int body, int length) {
        int i = body + 2;
        if (length >= 2 && ((s[body] & 0xFF) << 8 | (s[body + 1] & 0xFF)) == 0xFFFF) {
            i += 4;
        }
        if (i + 5 <= body + length && (s[i] & 0xFF) == 0xFF) {
            return int32(s, i + 1);
        }
        return 0;
    }

    private static int int32(byte[] s, int i) {
        return (s[i] & 0xFF) << 24 | (s[i + 1] & 0xFF) << 16 | (s[i + 2] & 0xFF) << 8 | (s[i + 3] & 0xFF);
    }
}
