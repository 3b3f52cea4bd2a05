package dev.fount.origin.timeline;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

/** The timeline of every channel that has received media. */
@ApplicationScoped
public class Timelines {

    private final Map<String, ChannelTimeline> channels = new ConcurrentHashMap<>();

    public ChannelTimeline of(String channel) {
        return channels.computeIfAbsent(channel, ChannelTimeline::new);
    }

    public Optional<ChannelTimeline> existing(String channel) {
        return Optional.ofNullable(channels.get(channel));
    }

    public ChannelView view(String channel) {
        ChannelTimeline t = channels.get(channel);
        return t == null ? ChannelView.empty(channel) : t.view();
    }
}
