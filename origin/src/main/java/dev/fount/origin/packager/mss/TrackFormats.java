package dev.fount.origin.packager.mss;

import java.util.Optional;

import dev.fount.origin.media.MediaKind;
import dev.fount.origin.media.TrackFormat;
import dev.fount.origin.timeline.RenditionView;

/**
 * Where the Smooth Streaming packager gets a rendition's sample-entry configuration (avcC, hvcC,
 * AudioSpecificConfig, dac3, dec3) for CodecPrivateData: the HTTP layer, which demuxes segments
 * to build fMP4, answers with the format of the rendition's newest segment.
 */
@FunctionalInterface
public interface TrackFormats {

    /** No configuration known: CodecPrivateData is left empty. */
    TrackFormats NONE = (r, kind) -> Optional.empty();

    Optional<TrackFormat> of(RenditionView rendition, MediaKind kind);
}
