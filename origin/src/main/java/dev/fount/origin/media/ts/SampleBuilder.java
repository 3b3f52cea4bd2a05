package dev.fount.origin.media.ts;

import dev.fount.origin.media.MediaKind;
import dev.fount.origin.media.Pts;
import dev.fount.origin.media.Sample;
import dev.fount.origin.media.TrackFormat;
import dev.fount.origin.media.TrackSamples;
import dev.fount.origin.media.codec.Ac3SpecificConfig;
import dev.fount.origin.media.codec.Ac3SyncFrame;
import dev.fount.origin.media.codec.AdtsHeader;
import dev.fount.origin.media.codec.AvcDecoderConfig;
import dev.fount.origin.media.codec.BitstreamException;
import dev.fount.origin.media.codec.HevcDecoderConfig;
import dev.fount.origin.media.codec.NalUnits;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Collects one elementary stream's samples for {@link TsSamples}: payloads appended to one growing
 * array, sample fields in parallel primitive arrays, times kept relative to the stream's first
 * timestamp until the segment's start is known.
 */
abstract class SampleBuilder {

    static final int TIMESCALE = 90000;

    final EsReader reader;
    private final int maxBytes;
    byte[] out = new byte[0];
    int outLength;

    int count;
    long[] times = new long[64];
    int[] offsets = new int[64];
    int[] sizes = new int[64];
    int[] compositionOffsets = new int[64];
    boolean[] syncs = new boolean[64];

    /** The first timestamp seen (33-bit, raw); times are relative to it. */
    long reference = -1;

    SampleBuilder(EsReader reader, int maxBytes) {
        this.reader = reader;
        this.maxBytes = maxBytes;
    }

    /** The builder for a reader's codec, or null for streams that give no samples (see {@link TsSamples}). */
    static SampleBuilder create(EsReader reader, int segmentBytes) {
        if (reader instanceof AvcReader) {
            return new Video(reader, segmentBytes, false);
        }
        if (reader instanceof HevcReader) {
            return new Video(reader, segmentBytes, true);
        }
        if (reader instanceof AdtsReader) {
            return new Adts(reader, segmentBytes);
        }
        if (reader instanceof Ac3Reader) {
            return new Ac3(reader, segmentBytes);
        }
        return null;
    }

    abstract void consume(PesAssembler pes);

    /** The track, times shifted so that the stream's reference timestamp lands on {@code referenceTime}. */
    abstract TrackSamples build(long referenceTime);

    /** {@code raw - reference} on the 33-bit circle; the first call sets the reference. */
    final long relative(long raw) {
        if (reference < 0) {
            reference = raw;
        }
        return Pts.relative(raw, reference);
    }

    final void append(byte[] data, int from, int length) {
        if (outLength + length > out.length) {
            // Doubling, but never past the segment's size unless a payload needs it (it cannot).
            int capacity = Math.max(Math.min(Math.max(out.length * 2, 16 * 1024), maxBytes), outLength + length);
            out = Arrays.copyOf(out, capacity);
        }
        System.arraycopy(data, from, out, outLength, length);
        outLength += length;
    }

    final void addSample(long time, int compositionOffset, boolean sync, int offset, int size) {
        if (count == times.length) {
            int capacity = count * 2;
            times = Arrays.copyOf(times, capacity);
            offsets = Arrays.copyOf(offsets, capacity);
            sizes = Arrays.copyOf(sizes, capacity);
            compositionOffsets = Arrays.copyOf(compositionOffsets, capacity);
            syncs = Arrays.copyOf(syncs, capacity);
        }
        times[count] = time;
        compositionOffsets[count] = compositionOffset;
        syncs[count] = sync;
        offsets[count] = offset;
        sizes[count] = size;
        count++;
    }

    /** Durations from consecutive times; the last sample lasts {@code lastDuration}. */
    final TrackSamples finish(TrackFormat format, long referenceTime, long lastDuration) {
        List<Sample> samples = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long duration = i + 1 < count ? times[i + 1] - times[i] : lastDuration;
            samples.add(new Sample(referenceTime + times[i], compositionOffsets[i],
                    (int) Math.max(0, Math.min(duration, Integer.MAX_VALUE)), syncs[i], offsets[i], sizes[i]));
        }
        return new TrackSamples(format, samples, outLength == out.length ? out : Arrays.copyOf(out, outLength));
    }

    final String language() {
        String language = reader.entry.language();
        return language == null ? "und" : language;
    }

    /**
     * H.264 (ISO/IEC 14496-10 Table 7-1) or HEVC (ISO/IEC 23008-2 Table 7-1) in Annex B, one access
     * unit per PES, into 4-byte length-prefixed NAL units (ISO/IEC 14496-15 §5.3.2, §8.3.2).
     */
    static final class Video extends SampleBuilder {

        private static final int DROP = 0;
        private static final int KEEP = 1;
        private static final int VPS = 2;
        private static final int SPS = 3;
        private static final int PPS = 4;
        private static final int MAX_PARAMETER_SETS = 16;
        /** Frame duration when a segment holds a single picture and no frame rate is known: 25 fps. */
        private static final int DEFAULT_FRAME_TICKS = 3600;

        private final boolean hevc;
        private final List<byte[]> vps = new ArrayList<>(1);
        private final List<byte[]> sps = new ArrayList<>(1);
        private final List<byte[]> pps = new ArrayList<>(1);

        Video(EsReader reader, int maxBytes, boolean hevc) {
            super(reader, maxBytes);
            this.hevc = hevc;
        }

        private int role(int type) {
            if (hevc) {
                return switch (type) {
                    case 32 -> VPS;
                    case 33 -> SPS;
                    case 34 -> PPS;
                    case 35, 38 -> DROP; // access unit delimiter, filler data
                    default -> KEEP;
                };
            }
            return switch (type) {
                case 7 -> SPS;
                case 8 -> PPS;
                case 9, 12 -> DROP; // access unit delimiter, filler data
                default -> KEEP;
            };
        }

        @Override
        void consume(PesAssembler pes) {
            byte[] d = pes.data();
            int to = pes.payloadEnd();
            int sampleStart = outLength;
            int headerBytes = hevc ? 2 : 1;
            boolean sync = false;
            int nal = NalUnits.nextNalUnit(d, pes.payloadStart(), to);
            while (nal >= 0) {
                int next = NalUnits.nextNalUnit(d, nal + 1, to);
                int end = NalUnits.endOfNalUnit(next, to);
                while (end > nal && d[end - 1] == 0) {
                    end--; // trailing_zero_8bits and the leading zero of a 4-byte start code (Annex B.1)
                }
                if (end - nal >= headerBytes) {
                    int type = hevc ? (d[nal] & 0x7E) >> 1 : d[nal] & 0x1F;
                    switch (role(type)) {
                        case KEEP -> {
                            int length = end - nal;
                            ensure(4 + length);
                            out[outLength] = (byte) (length >>> 24);
                            out[outLength + 1] = (byte) (length >>> 16);
                            out[outLength + 2] = (byte) (length >>> 8);
                            out[outLength + 3] = (byte) length;
                            outLength += 4;
                            append(d, nal, length);
                            sync |= hevc ? type >= 16 && type <= 23 : type == 5; // IRAP / IDR
                        }
                        case VPS -> remember(vps, d, nal, end);
                        case SPS -> remember(sps, d, nal, end);
                        case PPS -> remember(pps, d, nal, end);
                        default -> {
                        }
                    }
                }
                nal = next;
            }
            if (outLength == sampleStart) {
                return; // no picture: only delimiters or parameter sets
            }
            long time;
            int compositionOffset = 0;
            if (pes.hasPts()) {
                long pts = pes.pts();
                long dts = pes.dts() != PesAssembler.NO_PTS ? pes.dts() : pts;
                time = relative(dts);
                compositionOffset = (int) Math.max(0, Pts.relative(pts, dts));
            } else if (count > 0) {
                time = times[count - 1] + (count > 1 ? times[count - 1] - times[count - 2] : DEFAULT_FRAME_TICKS);
            } else {
                outLength = sampleStart; // nothing to time it by: pictures before the first PTS are dropped
                return;
            }
            addSample(time, compositionOffset, sync, sampleStart, outLength - sampleStart);
        }

        private void ensure(int bytes) {
            if (outLength + bytes > out.length) {
                out = Arrays.copyOf(out, Math.max(Math.max(out.length * 2, 64 * 1024), outLength + bytes));
            }
        }

        private static void remember(List<byte[]> sets, byte[] d, int from, int to) {
            for (byte[] known : sets) {
                if (Arrays.equals(known, 0, known.length, d, from, to)) {
                    return;
                }
            }
            if (sets.size() < MAX_PARAMETER_SETS) {
                sets.add(Arrays.copyOfRange(d, from, to));
            }
        }

        @Override
        TrackSamples build(long referenceTime) {
            VideoReader video = (VideoReader) reader;
            byte[] config = hevc ? HevcDecoderConfig.build(vps, sps, pps) : AvcDecoderConfig.build(sps, pps);
            long last;
            if (count > 1) {
                last = times[count - 1] - times[count - 2];
            } else {
                Double rate = video.frameRate();
                last = rate == null ? DEFAULT_FRAME_TICKS : Math.round(TIMESCALE / rate);
            }
            TrackFormat format = new TrackFormat(reader.entry.pid(), MediaKind.VIDEO, reader.codec, video.codecString,
                    TIMESCALE, orZero(video.width), orZero(video.height), 0, 0, language(), config);
            return finish(format, referenceTime, last);
        }
    }

    static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    /** Self-delimiting audio frames, one sample per access unit; see {@link TsSamples} for the timing. */
    abstract static class Audio extends SampleBuilder {

        int sampleRate;
        /** Bytes of the last sample still to come from the next PES, and header bytes to skip before them. */
        private int pending;
        private int pendingSkip;
        private int lastSamples;

        Audio(EsReader reader, int maxBytes) {
            super(reader, maxBytes);
        }

        abstract int headerSize();

        abstract boolean isSync(byte[] d, int p);

        /** Whole frame length, or -1 when the header is not valid. */
        abstract int frameLength(byte[] d, int p);

        /** Bytes at the start of the frame that are not sample payload (the ADTS header). */
        abstract int skip(byte[] d, int p);

        /** False for a frame extending the previous access unit (an E-AC-3 dependent substream). */
        abstract boolean startsAccessUnit(byte[] d, int p);

        /** PCM samples per channel the frame decodes to. */
        abstract int samplesIn(byte[] d, int p);

        /** Reads the stream parameters; called for each frame until it returns true. */
        abstract boolean configure(byte[] d, int p, int to);

        private boolean configured;

        final long ticks(long samples) {
            return Math.round(samples * (double) TIMESCALE / sampleRate);
        }

        @Override
        void consume(PesAssembler pes) {
            byte[] d = pes.data();
            int p = pes.payloadStart();
            int to = pes.payloadEnd();
            if (pendingSkip > 0) {
                int n = Math.min(pendingSkip, to - p);
                pendingSkip -= n;
                p += n;
            }
            if (pending > 0) {
                int n = Math.min(pending, to - p);
                append(d, p, n);
                sizes[count - 1] += n;
                pending -= n;
                p += n;
                if (pending > 0 || pendingSkip > 0) {
                    return;
                }
            }
            boolean timed = pes.hasPts();
            long base = timed ? relative(pes.pts()) : 0;
            long samplesBefore = 0;
            int header = headerSize();
            while (p + header <= to) {
                int length;
                if (!isSync(d, p) || (length = frameLength(d, p)) <= 0) {
                    p++;
                    continue;
                }
                if (startsAccessUnit(d, p)) {
                    if (!configured) {
                        configured = configure(d, p, to);
                    }
                    long time;
                    if (timed) {
                        time = base + ticks(samplesBefore);
                    } else if (count > 0) {
                        time = times[count - 1] + ticks(lastSamples);
                    } else {
                        p += length; // nothing to time it by yet
                        continue;
                    }
                    lastSamples = samplesIn(d, p);
                    samplesBefore += lastSamples;
                    addSample(time, 0, true, outLength, 0);
                    onAccessUnit(d, p, length, to);
                } else if (count == 0) {
                    p += length; // the tail of an access unit begun before the segment
                    continue;
                } else {
                    onDependent(d, p, to);
                }
                int skip = skip(d, p);
                int available = to - p;
                if (skip >= available) {
                    pendingSkip = skip - available;
                    pending = length - skip;
                    return;
                }
                int n = Math.min(length, available) - skip;
                append(d, p + skip, n);
                sizes[count - 1] += n;
                pending = length - skip - n;
                p += length;
            }
        }

        /** A frame starting an access unit, at {@code p}. */
        void onAccessUnit(byte[] d, int p, int length, int to) {
        }

        /** A frame extending the current access unit, at {@code p}. */
        void onDependent(byte[] d, int p, int to) {
        }

        /** Drops a last access unit the segment's end cut short. */
        final long completeAndLastDuration() {
            if (pending > 0 || pendingSkip > 0) {
                count--;
                outLength = offsets[count];
                pending = 0;
                pendingSkip = 0;
            }
            return ticks(lastSamples);
        }

        final TrackFormat format(String fourcc, String codecString, byte[] config) {
            AudioReader audio = (AudioReader) reader;
            return new TrackFormat(reader.entry.pid(), MediaKind.AUDIO, fourcc, codecString, TIMESCALE, 0, 0,
                    sampleRate, orZero(audio.channels), language(), config);
        }
    }

    /** AAC in ADTS (ISO/IEC 13818-7 §6.2): raw_data_block payloads, AudioSpecificConfig (14496-3 §1.6.2.1). */
    static final class Adts extends Audio {

        private byte[] config;

        Adts(EsReader reader, int maxBytes) {
            super(reader, maxBytes);
        }

        @Override
        int headerSize() {
            return AdtsHeader.HEADER_SIZE;
        }

        @Override
        boolean isSync(byte[] d, int p) {
            return AdtsHeader.isSync(d, p);
        }

        @Override
        int frameLength(byte[] d, int p) {
            return AdtsHeader.frameLength(d, p);
        }

        @Override
        int skip(byte[] d, int p) {
            return (d[p + 1] & 0x01) == 0 ? 9 : 7; // protection_absent 0: a 16-bit CRC follows the header
        }

        @Override
        boolean startsAccessUnit(byte[] d, int p) {
            if ((d[p + 6] & 0x03) != 0) {
                throw new BitstreamException("ADTS frame with " + ((d[p + 6] & 0x03) + 1)
                        + " raw_data_blocks cannot be one MP4 sample");
            }
            return true;
        }

        @Override
        int samplesIn(byte[] d, int p) {
            return 1024;
        }

        @Override
        boolean configure(byte[] d, int p, int to) {
            AdtsHeader h = AdtsHeader.parse(d, p);
            sampleRate = h.sampleRate();
            int objectType = h.audioObjectType();
            int frequencyIndex = (d[p + 2] & 0x3C) >> 2;
            int channelConfiguration = (d[p + 2] & 0x01) << 2 | (d[p + 3] & 0xC0) >> 6;
            // audioObjectType 5, samplingFrequencyIndex 4, channelConfiguration 4, GASpecificConfig 3 zero bits
            config = new byte[] {(byte) (objectType << 3 | frequencyIndex >> 1),
                    (byte) ((frequencyIndex & 1) << 7 | channelConfiguration << 3)};
            return true;
        }

        @Override
        TrackSamples build(long referenceTime) {
            long last = completeAndLastDuration();
            if (count == 0) {
                return null;
            }
            return finish(format("mp4a", ((AudioReader) reader).codecString, config), referenceTime, last);
        }
    }

    /** AC-3 and E-AC-3 sync frames (ATSC A/52; ETSI TS 102 366 Annex F for the sample entry). */
    static final class Ac3 extends Audio {

        private static final int[] AUDIO_BLOCKS = {1, 2, 3, 6};

        private boolean enhanced;
        private byte[] config;
        /** E-AC-3: frames of the first access unit, until the second begins. */
        private List<Ac3SpecificConfig.Eac3Frame> firstAccessUnit;
        private boolean firstComplete;
        private int dataRate;

        Ac3(EsReader reader, int maxBytes) {
            super(reader, maxBytes);
        }

        @Override
        int headerSize() {
            return Ac3SyncFrame.HEADER_SIZE;
        }

        @Override
        boolean isSync(byte[] d, int p) {
            return Ac3SyncFrame.isSync(d, p);
        }

        @Override
        int frameLength(byte[] d, int p) {
            return Ac3SyncFrame.frameSize(d, p);
        }

        @Override
        int skip(byte[] d, int p) {
            return 0;
        }

        /** As {@link Ac3Reader#startsAccessUnit}: A/52 Annex E §E.1.3.1.1. */
        @Override
        boolean startsAccessUnit(byte[] d, int p) {
            if (((d[p + 5] & 0xF8) >> 3) <= 10) {
                return true;
            }
            int streamType = (d[p + 2] & 0xC0) >> 6;
            int substreamId = (d[p + 2] & 0x38) >> 3;
            return streamType != 1 && substreamId == 0;
        }

        @Override
        int samplesIn(byte[] d, int p) {
            if (((d[p + 5] & 0xF8) >> 3) <= 10) {
                return 1536;
            }
            int fscod = (d[p + 4] & 0xC0) >> 6;
            return 256 * (fscod == 3 ? 6 : AUDIO_BLOCKS[(d[p + 4] & 0x30) >> 4]);
        }

        @Override
        boolean configure(byte[] d, int p, int to) {
            Ac3SyncFrame frame = Ac3SyncFrame.parse(d, p, to);
            sampleRate = frame.sampleRate();
            enhanced = frame.enhanced();
            if (!enhanced) {
                config = Ac3SpecificConfig.dac3(d, p, to);
            } else {
                firstAccessUnit = new ArrayList<>(2);
            }
            return true;
        }

        @Override
        void onAccessUnit(byte[] d, int p, int length, int to) {
            if (!enhanced || ((d[p + 5] & 0xF8) >> 3) <= 10) {
                return;
            }
            dataRate = Math.max(dataRate, (int) (8L * length * sampleRate / samplesIn(d, p) / 1000));
            if (!firstAccessUnit.isEmpty()) {
                firstComplete = true;
            }
            if (!firstComplete) {
                firstAccessUnit.add(Ac3SpecificConfig.parseEac3(d, p, Math.min(p + length, to)));
            }
        }

        @Override
        void onDependent(byte[] d, int p, int to) {
            if (enhanced && !firstComplete && firstAccessUnit != null && !firstAccessUnit.isEmpty()) {
                firstAccessUnit.add(Ac3SpecificConfig.parseEac3(d, p, to));
            }
        }

        @Override
        TrackSamples build(long referenceTime) {
            long last = completeAndLastDuration();
            if (count == 0) {
                return null;
            }
            byte[] box = enhanced ? Ac3SpecificConfig.dec3(dataRate, firstAccessUnit) : config;
            String fourcc = enhanced ? "ec-3" : "ac-3";
            return finish(format(fourcc, fourcc, box), referenceTime, last);
        }
    }
}
