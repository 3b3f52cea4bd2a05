package dev.fount.origin.media.ts;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.fount.origin.media.ByteRange;
import dev.fount.origin.media.KeyFrame;
import dev.fount.origin.media.MediaKind;
import dev.fount.origin.media.Pts;
import dev.fount.origin.media.Sample;
import dev.fount.origin.media.TrackFormat;
import dev.fount.origin.media.TrackSamples;

/**
 * Writes tracks of ISO BMFF samples as one MPEG-TS program (ISO/IEC 13818-1), what an HLS
 * endpoint serves when the encoder pushed fMP4: PAT and PMT first, then PES packets interleaved
 * by decode time. Video becomes Annex B byte streams with an access unit delimiter and, before
 * every key frame, the parameter sets of the decoder configuration; AAC gets ADTS headers;
 * AC-3 and E-AC-3 frames go as they are. Output depends only on the samples, so muxing the same
 * segment twice gives the same bytes, and the key frames' byte ranges can be known at ingest.
 */
public final class TsMuxer {

    /**
     * @param ts            the segment
     * @param keyFrames     per key frame of the first video track: its PTS and the packets from its
     *                      PES's first up to the next video PES (what an I-frame playlist addresses)
     * @param programTables the PAT and PMT packets at the start
     */
    public record Muxed(byte[] ts, List<KeyFrame> keyFrames, ByteRange programTables) {
    }

    static final int PMT_PID = 0x1000;
    static final int FIRST_PID = 0x100;
    private static final int PACKET = 188;
    /** PCR runs this far ahead of decode time (ffmpeg's default max_delay, 0.7 s). */
    private static final long PCR_LEAD = 63_000;
    /** Audio frames joined in one PES, up to this many bytes: fewer packet headers, as encoders do. */
    private static final int AUDIO_PES_BYTES = 2000;
    private static final byte[] START = {0, 0, 0, 1};

    private TsMuxer() {
    }

    /** One PES to write: a video sample or a run of audio frames. */
    private record Unit(int track, long dts, long pts, boolean key, byte[] payload) {
    }

    /**
     * @param tracks video and audio tracks timed at 90 kHz (written modulo 2^33); at most one
     *               video track is usual, any number of audio tracks may follow
     */
    public static Muxed mux(List<TrackSamples> tracks) {
        int pcrTrack = 0;
        for (int i = 0; i < tracks.size(); i++) {
            if (tracks.get(i).format().kind() == MediaKind.VIDEO) {
                pcrTrack = i;
                break;
            }
        }
        List<Unit> units = new ArrayList<>();
        for (int i = 0; i < tracks.size(); i++) {
            TrackSamples t = tracks.get(i);
            if (t.format().kind() == MediaKind.VIDEO) {
                video(i, t, units);
            } else {
                audio(i, t, units);
            }
        }
        units.sort(Comparator.comparingLong(Unit::dts).thenComparingInt(Unit::track));
        Writer w = new Writer(tracks.size());
        w.section(0, pat());
        w.section(PMT_PID, pmt(tracks, pcrTrack));
        ByteRange tables = new ByteRange(0, w.out.size());
        List<KeyFrame> keyFrames = new ArrayList<>();
        int firstVideo = tracks.get(pcrTrack).format().kind() == MediaKind.VIDEO ? pcrTrack : -1;
        long keyStart = -1;
        long keyPts = 0;
        for (Unit u : units) {
            if (u.track() == firstVideo) {
                if (keyStart >= 0) {
                    keyFrames.add(new KeyFrame(keyPts, new ByteRange(keyStart, w.out.size() - keyStart)));
                    keyStart = -1;
                }
                if (u.key()) {
                    keyStart = w.out.size();
                    keyPts = u.pts() & (Pts.WRAP - 1);
                }
            }
            TrackFormat f = tracks.get(u.track()).format();
            boolean isVideo = f.kind() == MediaKind.VIDEO;
            int streamId = isVideo ? 0xE0 : f.fourcc().equals("mp4a") ? 0xC0 : 0xBD;
            byte[] pes = pes(streamId, u.pts(), u.dts(), u.payload(), isVideo);
            long pcr = u.track() == pcrTrack ? u.dts() - PCR_LEAD : -1;
            w.pes(FIRST_PID + u.track(), u.track(), pes, pcr, u.key() && isVideo);
        }
        if (keyStart >= 0) {
            keyFrames.add(new KeyFrame(keyPts, new ByteRange(keyStart, w.out.size() - keyStart)));
        }
        return new Muxed(w.out.toByteArray(), keyFrames, tables);
    }

    // ---- elementary streams ----

    private static void video(int track, TrackSamples t, List<Unit> units) {
        TrackFormat f = t.format();
        boolean hevc = f.fourcc().equals("hvc1") || f.fourcc().equals("hev1");
        byte[] parameterSets = hevc ? hevcParameterSets(f.decoderConfig()) : avcParameterSets(f.decoderConfig());
        byte[] aud = hevc ? new byte[] {0, 0, 0, 1, 0x46, 0x01, 0x50} : new byte[] {0, 0, 0, 1, 0x09, (byte) 0xF0};
        byte[] d = t.data();
        for (Sample s : t.samples()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(s.size() + 64 + (s.sync() ? parameterSets.length : 0));
            out.writeBytes(aud);
            if (s.sync()) {
                out.writeBytes(parameterSets);
            }
            int p = s.offset();
            int end = s.offset() + s.size();
            while (p + 4 <= end) {
                int len = (d[p] & 0xFF) << 24 | (d[p + 1] & 0xFF) << 16 | (d[p + 2] & 0xFF) << 8 | d[p + 3] & 0xFF;
                p += 4;
                len = Math.min(len, end - p);
                int type = hevc ? (d[p] >> 1) & 0x3F : d[p] & 0x1F;
                boolean delimiter = hevc ? type == 35 : type == 9;
                if (len > 0 && !delimiter) {
                    out.writeBytes(START);
                    out.write(d, p, len);
                }
                p += len;
            }
            units.add(new Unit(track, s.decodeTime(), s.presentationTime(), s.sync(), out.toByteArray()));
        }
    }

    private static void audio(int track, TrackSamples t, List<Unit> units) {
        TrackFormat f = t.format();
        byte[] adts = f.fourcc().equals("mp4a") ? adtsTemplate(f.decoderConfig()) : null;
        ByteArrayOutputStream run = null;
        long runTime = 0;
        for (Sample s : t.samples()) {
            if (run != null && run.size() + s.size() + 7 > AUDIO_PES_BYTES) {
                units.add(new Unit(track, runTime, runTime, true, run.toByteArray()));
                run = null;
            }
            if (run == null) {
                run = new ByteArrayOutputStream(AUDIO_PES_BYTES);
                runTime = s.presentationTime();
            }
            if (adts != null) {
                int length = s.size() + 7;
                adts[3] = (byte) (adts[3] & 0xFC | length >> 11);
                adts[4] = (byte) (length >> 3);
                adts[5] = (byte) ((length & 7) << 5 | 0x1F);
                run.writeBytes(adts);
            }
            run.write(t.data(), s.offset(), s.size());
        }
        if (run != null) {
            units.add(new Unit(track, runTime, runTime, true, run.toByteArray()));
        }
    }

    /**
     * An ADTS header (ISO/IEC 13818-7 §6.2) for the AudioSpecificConfig, frame length to be
     * filled in: MPEG-4, no CRC, the core object type and sampling index (HE-AAC's SBR and PS
     * are implicit in ADTS), the channel configuration.
     */
    static byte[] adtsTemplate(byte[] asc) {
        int aot = (asc[0] & 0xFF) >> 3;
        int index = (asc[0] & 7) << 1 | (asc[1] & 0xFF) >> 7;
        int channels = (asc[1] >> 3) & 0xF;
        int profile = (aot == 5 || aot == 29 ? 2 : Math.min(aot, 4)) - 1;
        return new byte[] {(byte) 0xFF, (byte) 0xF1, (byte) (profile << 6 | index << 2 | channels >> 2),
                (byte) ((channels & 3) << 6), 0, 0x1F, (byte) 0xFC};
    }

    /** SPS and PPS of an avcC (ISO/IEC 14496-15 §5.3.3.1), each behind a start code. */
    static byte[] avcParameterSets(byte[] c) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (c.length > 5) {
            int p = units(c, 6, c[5] & 0x1F, out);
            if (p < c.length) {
                units(c, p + 1, c[p] & 0xFF, out);
            }
        }
        return out.toByteArray();
    }

    /** The NAL units of an hvcC's arrays (VPS, SPS, PPS, SEI; §8.3.3.1), each behind a start code. */
    static byte[] hevcParameterSets(byte[] c) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int p = 23;
        for (int a = 0; c.length >= 23 && a < (c[22] & 0xFF) && p + 3 <= c.length; a++) {
            p = units(c, p + 3, (c[p + 1] & 0xFF) << 8 | c[p + 2] & 0xFF, out);
        }
        return out.toByteArray();
    }

    /** Copies {@code count} NAL units, each a 16-bit length then its bytes, from {@code p}; returns where they end. */
    private static int units(byte[] c, int p, int count, ByteArrayOutputStream out) {
        for (int n = 0; n < count && p + 2 <= c.length; n++) {
            int len = (c[p] & 0xFF) << 8 | c[p + 1] & 0xFF;
            p += 2;
            out.writeBytes(START);
            out.write(c, p, Math.max(0, Math.min(len, c.length - p)));
            p += len;
        }
        return p;
    }

    // ---- PES and tables ----

    /** A PES packet (§2.4.3.6): PTS, and DTS when it differs; unbounded length for video. */
    private static byte[] pes(int streamId, long pts, long dts, byte[] payload, boolean video) {
        boolean withDts = dts != pts;
        int headerData = withDts ? 10 : 5;
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + 19);
        out.writeBytes(new byte[] {0, 0, 1, (byte) streamId});
        int length = 3 + headerData + payload.length;
        if (video || length > 0xFFFF) {
            length = 0;
        }
        out.write(length >> 8);
        out.write(length);
        out.write(0x84); // '10', data_alignment_indicator
        out.write(withDts ? 0xC0 : 0x80);
        out.write(headerData);
        timestamp(out, withDts ? 0x3 : 0x2, pts);
        if (withDts) {
            timestamp(out, 0x1, dts);
        }
        out.writeBytes(payload);
        return out.toByteArray();
    }

    private static void timestamp(ByteArrayOutputStream out, int prefix, long t) {
        long v = Math.floorMod(t, Pts.WRAP);
        out.write((int) (prefix << 4 | (v >> 29) & 0x0E | 1));
        out.write((int) (v >> 22));
        out.write((int) ((v >> 14) & 0xFE | 1));
        out.write((int) (v >> 7));
        out.write((int) ((v << 1) & 0xFE | 1));
    }

    private static byte[] pat() {
        return section(0x00, 1, new byte[] {0, 1, (byte) (0xE0 | PMT_PID >> 8), (byte) PMT_PID});
    }

    private static byte[] pmt(List<TrackSamples> tracks, int pcrTrack) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int pcrPid = FIRST_PID + pcrTrack;
        body.write(0xE0 | pcrPid >> 8);
        body.write(pcrPid);
        body.write(0xF0);
        body.write(0); // program_info_length
        for (int i = 0; i < tracks.size(); i++) {
            TrackFormat f = tracks.get(i).format();
            int pid = FIRST_PID + i;
            ByteArrayOutputStream descriptors = new ByteArrayOutputStream();
            int type = switch (f.fourcc()) {
                case "avc1", "avc3" -> 0x1B;
                case "hvc1", "hev1" -> 0x24;
                case "mp4a" -> 0x0F;
                case "ac-3" -> 0x81;
                default -> 0x87; // ec-3
            };
            if (type == 0x81 || type == 0x87) {
                descriptors.writeBytes(new byte[] {0x05, 4});
                descriptors.writeBytes((type == 0x81 ? "AC-3" : "EAC3").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
            if (!f.language().equals("und") && f.language().length() == 3) {
                descriptors.writeBytes(new byte[] {0x0A, 4});
                descriptors.writeBytes(f.language().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                descriptors.write(0);
            }
            body.write(type);
            body.write(0xE0 | pid >> 8);
            body.write(pid);
            body.write(0xF0 | descriptors.size() >> 8);
            body.write(descriptors.size());
            body.writeBytes(descriptors.toByteArray());
        }
        return section(0x02, 1, body.toByteArray());
    }

    /** A long-form PSI section (§2.4.4): header, the body, CRC_32. */
    private static byte[] section(int tableId, int idExtension, byte[] body) {
        int length = 5 + body.length + 4;
        byte[] s = new byte[3 + length];
        s[0] = (byte) tableId;
        s[1] = (byte) (0xB0 | length >> 8);
        s[2] = (byte) length;
        s[3] = (byte) (idExtension >> 8);
        s[4] = (byte) idExtension;
        s[5] = (byte) 0xC1; // version 0, current_next_indicator
        s[6] = 0;
        s[7] = 0;
        System.arraycopy(body, 0, s, 8, body.length);
        int crc = PsiSection.crc32(s, 0, s.length - 4);
        s[s.length - 4] = (byte) (crc >> 24);
        s[s.length - 3] = (byte) (crc >> 16);
        s[s.length - 2] = (byte) (crc >> 8);
        s[s.length - 1] = (byte) crc;
        return s;
    }

    /** Cuts sections and PES packets into 188-byte packets with continuity counters per PID. */
    private static final class Writer {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        final int[] counters;
        int patCounter;
        int pmtCounter;

        Writer(int tracks) {
            counters = new int[tracks];
        }

        void section(int pid, byte[] section) {
            byte[] payload = new byte[section.length + 1]; // pointer_field 0, then the section
            System.arraycopy(section, 0, payload, 1, section.length);
            int cc = pid == 0 ? patCounter++ : pmtCounter++;
            packets(pid, payload, -1, false, cc, true);
        }

        void pes(int pid, int track, byte[] pes, long pcr, boolean randomAccess) {
            counters[track] = packets(pid, pes, pcr, randomAccess, counters[track], false);
        }

        /** Writes the payload over as many packets as it needs; PSI is stuffed with 0xFF after it. Returns the next counter. */
        int packets(int pid, byte[] payload, long pcr, boolean randomAccess, int cc, boolean psi) {
            int off = 0;
            boolean first = true;
            while (off < payload.length) {
                byte[] packet = new byte[PACKET];
                packet[0] = 0x47;
                packet[1] = (byte) ((first ? 0x40 : 0) | pid >> 8);
                packet[2] = (byte) pid;
                int afFields = 0; // bytes after adaptation_field_length
                boolean af = false;
                if (first && (pcr >= 0 || randomAccess)) {
                    af = true;
                    afFields = 1 + (pcr >= 0 ? 6 : 0);
                }
                int room = PACKET - 4 - (af ? 1 + afFields : 0);
                int remaining = payload.length - off;
                int stuffing = 0;
                if (remaining < room && !psi) {
                    stuffing = room - remaining;
                    if (!af) {
                        af = true;
                        // An adaptation field of one byte is just its length (0); longer ones have a flags byte.
                        afFields = stuffing - 1;
                    } else {
                        afFields += stuffing;
                    }
                    room = remaining;
                }
                packet[3] = (byte) ((af ? 0x30 : 0x10) | cc & 0x0F);
                cc = (cc + 1) & 0x0F;
                int p = 4;
                if (af) {
                    packet[p++] = (byte) afFields;
                    if (afFields > 0) {
                        int flagsAt = p++;
                        int flags = 0;
                        if (first && randomAccess) {
                            flags |= 0x40;
                        }
                        if (first && pcr >= 0) {
                            flags |= 0x10;
                            long base = Math.floorMod(pcr, Pts.WRAP);
                            packet[p++] = (byte) (base >> 25);
                            packet[p++] = (byte) (base >> 17);
                            packet[p++] = (byte) (base >> 9);
                            packet[p++] = (byte) (base >> 1);
                            packet[p++] = (byte) ((base & 1) << 7 | 0x7E);
                            packet[p++] = 0;
                        }
                        packet[flagsAt] = (byte) flags;
                        while (p < 5 + afFields) {
                            packet[p++] = (byte) 0xFF;
                        }
                    }
                }
                int n = Math.min(room, remaining);
                System.arraycopy(payload, off, packet, p, n);
                p += n;
                while (p < PACKET) {
                    packet[p++] = (byte) 0xFF; // PSI only: stuffing after the section
                }
                off += n;
                out.write(packet, 0, PACKET);
                first = false;
            }
            return cc;
        }
    }
}
