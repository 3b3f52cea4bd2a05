package dev.fount.origin.timeline;

import java.util.List;
import java.util.Optional;

/** An immutable picture of a channel's served timeline, renditions in the encoder's order. */
public record ChannelView(String channel, List<RenditionView> renditions, String activeInput) {

    public static ChannelView empty(String channel) {
        return new ChannelView(channel, List.of(), null);
    }

    public Optional<RenditionView> rendition(int position) {
        return renditions.stream().filter(r -> r.position() == position).findFirst();
    }
}
