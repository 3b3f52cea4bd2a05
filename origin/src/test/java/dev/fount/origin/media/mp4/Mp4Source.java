package dev.fount.origin.media.mp4;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.mp4parser.IsoFile;
import org.mp4parser.boxes.iso14496.part12.CompositionTimeToSample;
import org.mp4parser.boxes.iso14496.part12.MediaHeaderBox;
import org.mp4parser.boxes.iso14496.part12.SampleTableBox;
import org.mp4parser.boxes.iso14496.part12.SampleToChunkBox;
import org.mp4parser.boxes.iso14496.part12.SyncSampleBox;
import org.mp4parser.boxes.iso14496.part12.TimeToSampleBox;
import org.mp4parser.boxes.iso14496.part12.TrackBox;

import dev.fount.origin.media.MediaKind;
import dev.fount.origin.media.Sample;
import dev.fount.origin.media.TrackFormat;
import dev.fount.origin.media.TrackSamples;

/**
 * Reads a track of a (progressive) MP4 that ffmpeg made into Fount's model: the sample table
 * through mp4parser, the codec configuration payload byte-exact through {@link Boxes}. The
 * samples' offsets are file offsets, and the data array is the whole file.
 */
final class Mp4Source {

    private Mp4Source() {
    }

    static TrackSamples read(Path file, String handler) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try (IsoFile iso = new IsoFile(file.toFile())) {
            List<TrackBox> traks = iso.getMovieBox().getBoxes(TrackBox.class);
            for (int ti = 0; ti < traks.size(); ti++) {
                TrackBox trak = traks.get(ti);
                if (!trak.getMediaBox().getHandlerBox().getHandlerType().equals(handler)) {
                    continue;
                }
                MediaHeaderBox mdhd = trak.getMediaBox().getMediaHeaderBox();
                SampleTableBox stbl = trak.getSampleTableBox();
                List<Sample> samples = samples(stbl);
                TrackFormat format = format(bytes, ti, handler.equals("vide"), (int) mdhd.getTimescale());
                return new TrackSamples(format, samples, bytes);
            }
        }
        throw new IllegalArgumentException("no " + handler + " track in " + file);
    }

    private static List<Sample> samples(SampleTableBox stbl) {
        long[] sizes = stbl.getSampleSizeBox().getSampleSizes();
        if (sizes.length == 0) { // constant size
            sizes = new long[(int) stbl.getSampleSizeBox().getSampleCount()];
            Arrays.fill(sizes, stbl.getSampleSizeBox().getSampleSize());
        }
        int n = sizes.length;
        long[] durations = new long[n];
        int i = 0;
        for (TimeToSampleBox.Entry e : stbl.getTimeToSampleBox().getEntries()) {
            for (long k = 0; k < e.getCount(); k++) {
                durations[i++] = e.getDelta();
            }
        }
        int[] cto = new int[n];
        CompositionTimeToSample ctts = stbl.getCompositionTimeToSample();
        if (ctts != null) {
            i = 0;
            for (CompositionTimeToSample.Entry e : ctts.getEntries()) {
                for (int k = 0; k < e.getCount(); k++) {
                    cto[i++] = e.getOffset();
                }
            }
        }
        boolean[] sync = new boolean[n];
        SyncSampleBox stss = stbl.getSyncSampleBox();
        if (stss == null) {
            Arrays.fill(sync, true);
        } else {
            for (long s : stss.getSampleNumber()) {
                sync[(int) s - 1] = true;
            }
        }
        long[] chunkOffsets = stbl.getChunkOffsetBox().getChunkOffsets();
        long[] perChunk = new long[chunkOffsets.length];
        List<SampleToChunkBox.Entry> stsc = stbl.getSampleToChunkBox().getEntries();
        for (int e = 0; e < stsc.size(); e++) {
            long from = stsc.get(e).getFirstChunk();
            long to = e + 1 < stsc.size() ? stsc.get(e + 1).getFirstChunk() : chunkOffsets.length + 1;
            for (long c = from; c < to; c++) {
                perChunk[(int) c - 1] = stsc.get(e).getSamplesPerChunk();
            }
        }
        List<Sample> out = new ArrayList<>(n);
        long dts = 0;
        i = 0;
        for (int c = 0; c < chunkOffsets.length; c++) {
            long off = chunkOffsets[c];
            for (long k = 0; k < perChunk[c]; k++, i++) {
                out.add(new Sample(dts, cto[i], (int) durations[i], sync[i], (int) off, (int) sizes[i]));
                dts += durations[i];
                off += sizes[i];
            }
        }
        return out;
    }

    /** The sample entry of track index ti, its codec configuration payload taken byte-exact. */
    private static TrackFormat format(byte[] file, int ti, boolean video, int timescale) {
        Boxes.Box stsd = Boxes.path(file, "moov", "trak#" + ti, "mdia", "minf", "stbl", "stsd");
        Boxes.Box entry = Boxes.children(file, stsd.payload() + 8, stsd.end()).get(0);
        ByteBuffer b = ByteBuffer.wrap(file);
        if (video) {
            int width = b.getShort(entry.payload() + 24) & 0xFFFF;
            int height = b.getShort(entry.payload() + 26) & 0xFFFF;
            String configType = entry.type().equals("hvc1") ? "hvcC" : "avcC";
            Boxes.Box config = Boxes.child(file, entry.payload() + 78, entry.end(), configType);
            return new TrackFormat(256, MediaKind.VIDEO, entry.type(), entry.type(), timescale, width, height, 0, 0, "und",
                    config.payloadBytes(file));
        }
        int channels = b.getShort(entry.payload() + 16) & 0xFFFF;
        int rate = (int) ((b.getInt(entry.payload() + 24) & 0xFFFFFFFFL) >>> 16);
        byte[] config = switch (entry.type()) {
            case "mp4a" -> asc(Boxes.child(file, entry.payload() + 28, entry.end(), "esds").payloadBytes(file));
            case "ac-3" -> Boxes.child(file, entry.payload() + 28, entry.end(), "dac3").payloadBytes(file);
            case "ec-3" -> Boxes.child(file, entry.payload() + 28, entry.end(), "dec3").payloadBytes(file);
            default -> throw new IllegalArgumentException(entry.type());
        };
        return new TrackFormat(257, MediaKind.AUDIO, entry.type(), entry.type(), timescale, 0, 0, rate, channels, "eng", config);
    }

    /** The DecoderSpecificInfo (tag 5) inside an esds payload: walks the descriptors. */
    static byte[] asc(byte[] esds) {
        int p = 4; // FullBox header
        while (p < esds.length) {
            int tag = esds[p++] & 0xFF;
            int size = 0;
            int c;
            do {
                c = esds[p++] & 0xFF;
                size = size << 7 | c & 0x7F;
            } while ((c & 0x80) != 0);
            switch (tag) {
                case 0x03 -> {
                    int flags = esds[p + 2] & 0xFF;
                    p += 3 + ((flags & 0x80) != 0 ? 2 : 0) + ((flags & 0x20) != 0 ? 2 : 0);
                    if ((flags & 0x40) != 0) {
                        p += 1 + (esds[p] & 0xFF);
                    }
                }
                case 0x04 -> p += 13;
                case 0x05 -> {
                    return Arrays.copyOfRange(esds, p, p + size);
                }
                default -> p += size;
            }
        }
        throw new IllegalArgumentException("no DecoderSpecificInfo");
    }
}
