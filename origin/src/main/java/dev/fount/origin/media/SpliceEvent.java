package dev.fount.origin.media;

/**
 * An ad avail boundary signalled by SCTE-35 in the ingested media: the start (out of the
 * network feed, into the ad) or end (back in) of a break.
 *
 * @param pts                90 kHz, 33 bits, pts_adjustment applied: when the splice happens; -1 for a
 *                           splice_immediate (the packager places it at the segment's start)
 * @param out                true where the break starts, false where it ends
 * @param durationTicks      the break's announced duration (break_duration or segmentation_duration),
 *                           90 kHz, or -1 when the message gives none
 * @param eventId            splice_event_id, or segmentation_event_id for time_signal
 * @param segmentationTypeId the segmentation_type_id of a time_signal, -1 for splice_insert
 * @param binary             the whole splice_info_section in Base64, what HLS's EXT-OATCLS-SCTE35 and
 *                           DASH's scte35:2014:xml+bin carry
 * @param hex                the same section in hex with a 0x prefix, as EXT-X-DATERANGE's SCTE35-OUT/IN
 * @param deliveryRestricted a segmentation descriptor's delivery restrictions (its
 *                           delivery_not_restricted_flag clear); null for splice_insert, which has none
 */
public record SpliceEvent(long pts, boolean out, long durationTicks, long eventId, int segmentationTypeId,
        String binary, String hex, Boolean deliveryRestricted) {

    /** A splice_insert signal (no delivery restrictions). */
    public SpliceEvent(long pts, boolean out, long durationTicks, long eventId, int segmentationTypeId, String binary, String hex) {
        this(pts, out, durationTicks, eventId, segmentationTypeId, binary, hex, null);
    }

    /** The same event at a resolved time (a splice_immediate takes the segment's start). */
    public SpliceEvent at(long newPts) {
        return new SpliceEvent(newPts, out, durationTicks, eventId, segmentationTypeId, binary, hex, deliveryRestricted);
    }
}
