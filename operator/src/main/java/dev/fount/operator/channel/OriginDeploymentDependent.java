package dev.fount.operator.channel;

import jakarta.inject.Inject;

import dev.fount.api.v1alpha1.Channel;
import dev.fount.operator.common.ChildNames;
import dev.fount.operator.common.OperatorSettings;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The origin Deployment of a Channel without archive storage. */
@KubernetesDependent(informer = @Informer(labelSelector = ChannelDependents.MANAGED))
public class OriginDeploymentDependent extends CRUDKubernetesDependentResource<Deployment, Channel> {

    @Inject
    OperatorSettings settings;

    public OriginDeploymentDependent() {
        super(Deployment.class);
    }

    @Override
    protected Deployment desired(Channel channel, Context<Channel> context) {
        return ChannelWorkload.deployment(channel, settings, context.getSecondaryResourcesAsStream(dev.fount.api.v1alpha1.OriginEndpoint.class)
                .flatMap(e -> dev.fount.operator.common.EncryptionSecrets.of(e.getSpec()).stream()).toList());
    }

    /** By name, so a precondition turning false can find it for deletion without computing desired state. */
    @Override
    protected ResourceID targetSecondaryResourceID(Channel channel, Context<Channel> context) {
        return new ResourceID(ChildNames.channelOrigin(channel.getMetadata().getName()), channel.getMetadata().getNamespace());
    }
}
