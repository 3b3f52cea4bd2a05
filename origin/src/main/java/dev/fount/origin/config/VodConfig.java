package dev.fount.origin.config;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The VOD half of a snapshot: packaging groups, their packaging configurations, and their
 * assets. Each configuration is held as the endpoint settings its packager reads, one per
 * manifest it publishes, so VOD reuses the live packagers unchanged.
 */
public record VodConfig(Map<String, Group> groups, Map<String, Packaging> configurations, Map<String, AssetConfig> assets) {

    public static final VodConfig EMPTY = new VodConfig(Map.of(), Map.of(), Map.of());

    public VodConfig {
        groups = Map.copyOf(groups);
        configurations = Map.copyOf(configurations);
        assets = Map.copyOf(assets);
    }

    /** A PackagingGroup. */
    public record Group(String name) {
    }

    /**
     * A PackagingConfiguration.
     *
     * @param type      hls, dash, mss or cmaf
     * @param manifests one endpoint setting per manifest (channelName = the group, name = the configuration,
     *                  manifestName = the manifest's); for CMAF the configuration's name is also the
     *                  manifests' id and the segment prefix
     */
    public record Packaging(String name, String group, String type, List<EndpointConfig> manifests) {
        public Packaging {
            manifests = List.copyOf(manifests);
        }
    }

    /**
     * An Asset.
     *
     * @param credentials the data of its source credentials Secret (accessKeyId/secretAccessKey, or
     *                    username/password); empty when it names none
     * @param resourceId  the content id sent to key servers (its resourceId, else its name)
     */
    public record AssetConfig(String name, String group, String sourceUri, String sourceEndpoint, String sourceRegion,
            Map<String, String> credentials, String resourceId) {
        public AssetConfig {
            credentials = Map.copyOf(credentials);
        }

        /** An asset whose content id is its name. */
        public AssetConfig(String name, String group, String sourceUri, String sourceEndpoint, String sourceRegion, Map<String, String> credentials) {
            this(name, group, sourceUri, sourceEndpoint, sourceRegion, credentials, name);
        }

        @Override
        public String toString() {
            return "AssetConfig[" + name + " in " + group + ", " + sourceUri + "]";
        }
    }

    public Optional<Group> group(String name) {
        return Optional.ofNullable(groups.get(name));
    }

    /** The asset of that name, if it belongs to that group. */
    public Optional<AssetConfig> asset(String group, String name) {
        return Optional.ofNullable(assets.get(name)).filter(a -> a.group().equals(group));
    }

    /** The group's configurations, by name. */
    public List<Packaging> configurationsOf(String group) {
        return configurations.values().stream().filter(c -> c.group().equals(group)).sorted(Comparator.comparing(Packaging::name)).toList();
    }

    /** The configuration of that name, if it belongs to that group. */
    public Optional<Packaging> configuration(String group, String name) {
        return Optional.ofNullable(configurations.get(name)).filter(c -> c.group().equals(group));
    }
}
