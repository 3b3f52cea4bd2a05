package dev.fount.origin.media;

/**
 * One elementary stream of a segment's program, as found by {@link TsProbe}.
 *
 * @param pid          elementary_PID
 * @param streamType   stream_type from the PMT
 * @param kind         video, audio or data
 * @param codec        "avc1", "hvc1", "mp4a", "ac-3", "ec-3", "mp3", "id3", "scte35" or "unknown"
 * @param codecString  RFC 6381 CODECS value ("avc1.64001f", "hvc1.1.6.L93.B0", "mp4a.40.2", "ac-3", "ec-3",
 *                     "mp4a.40.34" for MP3); null for data streams, and for audio or video whose parameters
 *                     (SPS, first frame header) never appear in the segment
 * @param width        luma width after cropping (video)
 * @param height       luma height after cropping (video)
 * @param frameRate    from the SPS VUI timing info when present, else from the PTS run (video)
 * @param sampleRate   Hz (audio)
 * @param channels     channel count (audio); null when the stream leaves it to a program_config_element
 * @param language     ISO 639-2 code from the PMT's ISO_639_language_descriptor, or null
 * @param firstPts     earliest presentation time, 90 kHz, 33-bit as found; -1 when the stream has none
 * @param lastPts      latest presentation time of an access unit (for audio: of the last frame,
 *                     interpolated from its PES's PTS); -1 when the stream has none
 * @param payloadBytes elementary stream bytes (PES payloads, headers excluded; section bytes for SCTE-35)
 * @param accessUnits  video: PES packets; audio: frames (E-AC-3 dependent substreams not counted apart);
 *                     ID3 and other PES data: PES packets; SCTE-35: sections
 */
public record ElementaryStream(int pid, int streamType, MediaKind kind, String codec, String codecString,
                               Integer width, Integer height, Double frameRate, Integer sampleRate, Integer channels,
                               String language, long firstPts, long lastPts, long payloadBytes, int accessUnits) {
}
