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
    private final SharedIndexInformer<Channel> channels;
    private final SharedIndexInformer<OriginEndpoint> endpoints;
    private final AtomicReference<ConfigSnapshot> snapshot = new AtomicReference<>(ConfigSnapshot.EMPTY);

    private final java.util.Optional<String> channel;

    /** PackagingGroups, PackagingConfigurations and Assets; none for a channel's own origin. */
    private volatile List<SharedIndexInformer<?>> vod = List.of();

    /**
     * @param channel the one Channel this origin serves (FOUNT_CHANNEL, set by the operator), or
     *                empty to serve every Channel of the namespace
     */
    public ClusterConfigSource(KubernetesClient client, String namespace, Path secretsDir, java.util.Optional<String> channel) {
        this.secretsDir = secretsDir;
        this.channel = channel;
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
        this.channels = client.resources(Channel.class).inNamespace(namespace).inform(cast(rebuild), 0);
        this.endpoints = client.resources(OriginEndpoint.class).inNamespace(namespace).inform(cast(rebuild), 0);
        if (channel.isEmpty()) {   // a channel's own origin serves no VOD
            this.vod = List.of(client.resources(PackagingGroup.class).inNamespace(namespace).inform(cast(rebuild), 0),
                    client.resources(PackagingConfiguration.class).inNamespace(namespace).inform(cast(rebuild), 0),
                    client.resources(Asset.class).inNamespace(namespace).inform(cast(rebuild), 0));
        }
        rebuild();
        LOG.infof("reading Channels, OriginEndpoints (and, serving no single channel, PackagingGroups, PackagingConfigurations, Assets) of namespace %s through informers; Secrets from %s", namespace, secretsDir);
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
        if (channels == null || endpoints == null) {
            return;   // still starting
        }
        List<ResourceReader.Document> documents = new ArrayList<>();
        for (Channel r : channels.getStore().list()) {
            if (channel.isEmpty() || channel.get().equals(r.getMetadata().getName())) {
                documents.add(document(r));
            }
        }
        for (SharedIndexInformer<?> informer : vod) {
            for (Object r : informer.getStore().list()) {
                documents.add(document(r));
            }
        }
        for (OriginEndpoint r : endpoints.getStore().list()) {
            if (channel.isEmpty() || (r.getSpec() != null && channel.get().equals(r.getSpec().channelName))) {
                documents.add(document(r));
            }
        }
        ConfigSnapshot next = ResourceReader.read(documents, this::mountedSecret);
        snapshot.set(next);
        next.problems().forEach(LOG::warn);
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
        channels.close();
        endpoints.close();
        vod.forEach(SharedIndexInformer::close);
    }
}
