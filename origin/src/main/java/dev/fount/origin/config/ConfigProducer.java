package dev.fount.origin.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Chooses the configuration source: the folder named by fount.config.dir, else the cluster. */
@ApplicationScoped
public class ConfigProducer {

    private static final Logger LOG = Logger.getLogger(ConfigProducer.class);

    /** Starts the source (and its informers) with the application, not on the first request. */
    void start(@jakarta.enterprise.event.Observes io.quarkus.runtime.StartupEvent event, ConfigSource source) {
        source.current();
    }

    @Produces
    @ApplicationScoped
    ConfigSource source(@ConfigProperty(name = "fount.config.dir") Optional<String> dir,
            @ConfigProperty(name = "fount.secrets.dir", defaultValue = "/etc/fount/secrets") String secretsDir,
            @ConfigProperty(name = "fount.channel") Optional<String> channel,
            @ConfigProperty(name = "fount.packaging-group") Optional<String> group,
            jakarta.enterprise.inject.Instance<io.fabric8.kubernetes.client.KubernetesClient> client) {
        if (dir.isPresent()) {
            Path folder = Path.of(dir.get()).toAbsolutePath().normalize();
            if (!Files.isDirectory(folder)) {
                throw new IllegalStateException("fount.config.dir (FOUNT_CONFIG_DIR) is " + folder + ", which is not a folder");
            }
            return new FolderConfigSource(folder);
        }
        io.fabric8.kubernetes.client.KubernetesClient kubernetes = client.get();
        String namespace = kubernetes.getNamespace() == null ? "default" : kubernetes.getNamespace();
        LOG.infof("fount.config.dir is not set: running in a cluster, namespace %s", namespace);
        return new ClusterConfigSource(kubernetes, namespace, Path.of(secretsDir), channel, group);
    }
}
