package dev.fount.origin.media.ts;

/**
 * Chooses the reader for a PMT entry from its stream_type (ISO/IEC 13818-1 Table 2-34, ATSC
 * A/53 and A/52, SCTE 35) and, for private data (0x06), from its descriptors. Unknown types
 * become data streams with codec "unknown": a segment is never rejected for carrying them.
 */
final class EsReaders {

    private EsReaders() {
    }

    static EsReader create(PmtEntry e) {
        return switch (e.streamType()) {
            case 0x1B -> new AvcReader(e);
            case 0x24 -> new HevcReader(e);
            case 0x0F -> new AdtsReader(e);
            case 0x11 -> new LatmReader(e);
            case 0x03, 0x04 -> new MpegAudioReader(e);
            case 0x81 -> new Ac3Reader(e, "ac-3");
            case 0x87 -> new Ac3Reader(e, "ec-3");
            case 0x15 -> new DataReader(e, "id3"); // metadata in PES (HLS timed metadata)
            case 0x86 -> new SectionReader(e, "scte35");
            case 0x06 -> privateData(e);
            default -> new DataReader(e, "unknown");
        };
    }

    /** PES private data: DVB (System B) audio and registered formats say what they are in descriptors. */
    private static EsReader privateData(PmtEntry e) {
        if (e.eac3Descriptor() || e.registration() == PmtEntry.FORMAT_EAC3) {
            return new Ac3Reader(e, "ec-3");
        }
        if (e.ac3Descriptor() || e.registration() == PmtEntry.FORMAT_AC3) {
            return new Ac3Reader(e, "ac-3");
        }
        if (e.registration() == PmtEntry.FORMAT_ID3 || e.metadataFormat() == PmtEntry.FORMAT_ID3) {
            return new DataReader(e, "id3");
        }
        return new DataReader(e, "unknown");
    }
}
