package dev.fount.origin.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.fount.api.v1alpha1.Asset;
import dev.fount.api.v1alpha1.Channel;
import dev.fount.api.v1alpha1.PackagingConfiguration;
import dev.fount.api.v1alpha1.PackagingGroup;
import dev.fount.api.v1alpha1.OriginEndpoint;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

/**
 * Configuration in a cluster: Channels and OriginEndpoints of the origin's namespace through
 * Fabric8 informers (a change applies as soon as the watch event arrives), and the Secrets
 * they name as files the operator mounts under {@code secretsDir/<secret>/<key>} — the origin
 * is never allowed to read Secrets through the API.
 */
public final class ClusterConfigSource implements ConfigSource, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ClusterConfigSource.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path secretsDir;
    private final AtomicReference<ConfigSnapshot> snapshot = new AtomicReference<>(ConfigSnapshot.EMPTY);

    private final java.util.Optional<String> channel;

    private final java.util.Optional<String> group;

    /** Channels and OriginEndpoints unless this is a group's VOD origin; VOD kinds unless this is a channel's origin. */
    private volatile List<SharedIndexInformer<?>> informers;

    /**
     * @param channel the one Channel this origin serves (FOUNT_CHANNEL, set by the operator), or
     *                empty to serve every Channel of the namespace
     * @param group   the one PackagingGroup this origin serves (FOUNT_PACKAGING_GROUP, set by the
     *                operator for a group's VOD origin, which serves no Channel), or empty
     */
    public ClusterConfigSource(KubernetesClient client, String namespace, Path secretsDir, java.util.Optional<String> channel,
            java.util.Optional<String> group) {
        this.secretsDir = secretsDir;
        this.channel = channel;
        this.group = group;
        ResourceEventHandler<Object> rebuild = new ResourceEventHandler<>() {
            @Override
            public void onAdd(Object obj) {
                rebuild();
            }

            @Override
            public void onUpdate(Object oldObj, Object newObj) {
                rebuild();
            }

            @Override
            public void onDelete(Object obj, boolean deletedFinalStateUnknown) {
                rebuild();
            }
        };
        List<SharedIndexInformer<?>> informers = new ArrayList<>();
        if (group.isEmpty()) {
            informers.add(client.resources(Channel.class).inNamespace(namespace).inform(cast(rebuild), 0));
            informers.add(client.resources(OriginEndpoint.class).inNamespace(namespace).inform(cast(rebuild), 0));
        }
        if (channel.isEmpty()) {   // a channel's own origin serves no VOD
            informers.add(client.resources(PackagingGroup.class).inNamespace(namespace).inform(cast(rebuild), 0));
            informers.add(client.resources(PackagingConfiguration.class).inNamespace(namespace).inform(cast(rebuild), 0));
            informers.add(client.resources(Asset.class).inNamespace(namespace).inform(cast(rebuild), 0));
        }
        this.informers = List.copyOf(informers);
        rebuild();
        LOG.infof("reading %s of namespace %s through informers; Secrets from %s",
                group.map(g -> "PackagingGroup " + g + " and its configurations and assets")
                        .orElse(channel.map(c -> "Channel " + c + " and its endpoints").orElse("every Channel, endpoint and VOD resource")),
                namespace, secretsDir);
    }

    /** Serves every Channel, or the one named, and (serving no single Channel) every PackagingGroup. */
    public ClusterConfigSource(KubernetesClient client, String namespace, Path secretsDir, java.util.Optional<String> channel) {
        this(client, namespace, secretsDir, channel, java.util.Optional.empty());
    }

    @SuppressWarnings("unchecked")
    private static <T> ResourceEventHandler<T> cast(ResourceEventHandler<Object> handler) {
        return (ResourceEventHandler<T>) (ResourceEventHandler<?>) handler;
    }

    @Override
    public ConfigSnapshot current() {
        return snapshot.get();
    }

    private synchronized void rebuild() {
        if (informers == null) {
            return;   // still starting
        }
        List<ResourceReader.Document> documents = new ArrayList<>();
        for (SharedIndexInformer<?> informer : informers) {
            for (Object r : informer.getStore().list()) {
                if (serves(r)) {
                    documents.add(document(r));
                }
            }
        }
        ConfigSnapshot next = ResourceReader.read(documents, this::mountedSecret);
        snapshot.set(next);
        next.problems().forEach(LOG::warn);
    }

    /** Whether a resource belongs to what this origin serves (its channel, its group, or everything). */
    private boolean serves(Object r) {
        if (r instanceof Channel c) {
            return channel.isEmpty() || channel.get().equals(c.getMetadata().getName());
        }
        if (r instanceof OriginEndpoint e) {
            return channel.isEmpty() || (e.getSpec() != null && channel.get().equals(e.getSpec().channelName));
        }
        if (r instanceof PackagingGroup g) {
            return group.isEmpty() || group.get().equals(g.getMetadata().getName());
        }
        if (r instanceof PackagingConfiguration c) {
            return group.isEmpty() || (c.getSpec() != null && group.get().equals(c.getSpec().packagingGroupName));
        }
        if (r instanceof Asset a) {
            return group.isEmpty() || (a.getSpec() != null && group.get().equals(a.getSpec().packagingGroupName));
        }
        return false;
    }

    private static ResourceReader.Document document(Object resource) {
        JsonNode node = JSON.valueToTree(resource);
        return new ResourceReader.Document(node.at("/metadata/namespace").asText() + "/" + node.at("/metadata/name").asText(), node);
    }

    /** A Secret mounted as a folder of files, one per key; null when it is not mounted. */
    private Map<String, String> mountedSecret(String name) {
        Path dir = secretsDir.resolve(name);
        if (!Files.isDirectory(dir)) {
            return null;
        }
        Map<String, String> data = new HashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> !p.getFileName().toString().startsWith("..") && Files.isRegularFile(p)).toList()) {
                data.put(f.getFileName().toString(), Files.readString(f, StandardCharsets.UTF_8).strip());
            }
        } catch (IOException e) {
            LOG.warnf("could not read mounted Secret %s: %s", dir, e.getMessage());
            return null;
        }
        return data;
    }

    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::close);
    }
}
