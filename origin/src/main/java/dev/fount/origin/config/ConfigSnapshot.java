package dev.fount.origin.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Everything the origin serves, at one moment: immutable, swapped whole when the source changes. */
public record ConfigSnapshot(Map<String, ChannelConfig> channels, Map<String, EndpointConfig> endpoints, List<String> problems, VodConfig vod) {

    public static final ConfigSnapshot EMPTY = new ConfigSnapshot(Map.of(), Map.of(), List.of(), VodConfig.EMPTY);

    /** Live channels only. */
    public ConfigSnapshot(Map<String, ChannelConfig> channels, Map<String, EndpointConfig> endpoints, List<String> problems) {
        this(channels, endpoints, problems, VodConfig.EMPTY);
    }

    public Optional<ChannelConfig> channel(String name) {
        return Optional.ofNullable(channels.get(name));
    }

    /** The endpoint of that name, if it belongs to that channel. */
    public Optional<EndpointConfig> endpoint(String channel, String name) {
        return Optional.ofNullable(endpoints.get(name)).filter(e -> e.channelName().equals(channel));
    }

    public List<EndpointConfig> endpointsOf(String channel) {
        return endpoints.values().stream().filter(e -> e.channelName().equals(channel))
                .sorted(java.util.Comparator.comparing(EndpointConfig::name)).toList();
    }

    /** The longest startover window of the channel's endpoints: how long its media must be kept. */
    public int startoverWindowSeconds(String channel) {
        return endpointsOf(channel).stream().mapToInt(EndpointConfig::startoverWindowSeconds).max().orElse(0);
    }
}
