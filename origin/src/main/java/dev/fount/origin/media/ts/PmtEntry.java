package dev.fount.origin.media.ts;

/**
 * One elementary stream of a PMT (ISO/IEC 13818-1 §2.4.4.8) with what its descriptors say.
 *
 * @param pid                 elementary_PID
 * @param streamType          stream_type (Table 2-34)
 * @param language            ISO_639_language_descriptor (tag 0x0A) code, or null
 * @param registration        format_identifier of a registration_descriptor (tag 0x05), or 0
 * @param metadataFormat      metadata_format_identifier of a metadata_descriptor (tag 0x26), or 0
 * @param ac3Descriptor       an AC-3 descriptor: DVB 0x6A (ETSI EN 300 468) or ATSC 0x81 (A/52 Annex A)
 * @param eac3Descriptor      an enhanced AC-3 descriptor: DVB 0x7A or ATSC 0xCC
 */
record PmtEntry(int pid, int streamType, String language, int registration, int metadataFormat,
                       boolean ac3Descriptor, boolean eac3Descriptor) {

    static final int FORMAT_AC3 = fourCc("AC-3");
    static final int FORMAT_EAC3 = fourCc("EAC3");
    static final int FORMAT_ID3 = fourCc("ID3 ");
    static final int FORMAT_SCTE35 = fourCc("CUEI");

    static int fourCc(String code) {
        return code.charAt(0) << 24 | code.charAt(1) << 16 | code.charAt(2) << 8 | code.charAt(3);
    }
}
