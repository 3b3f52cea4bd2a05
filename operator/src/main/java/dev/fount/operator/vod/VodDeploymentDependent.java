package dev.fount.operator.vod;

import jakarta.inject.Inject;

import dev.fount.operator.common.OperatorSettings;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import dev.fount.api.v1alpha1.PackagingGroup;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;

/** The VOD origin's Deployment, with the source credentials Secrets its group's Assets name mounted. */
public class VodDeploymentDependent extends CRUDKubernetesDependentResource<Deployment, PackagingGroup> {

    public VodDeploymentDependent() {
        super(Deployment.class);
    }

    @Inject
    OperatorSettings settings;

    @Override
    protected Deployment desired(PackagingGroup group, Context<PackagingGroup> context) {
        java.util.List<String> secrets = context.getSecondaryResourcesAsStream(dev.fount.api.v1alpha1.Asset.class)
                .filter(a -> a.getSpec() != null && a.getSpec().sourceCredentialsSecretRef != null && a.getSpec().sourceCredentialsSecretRef.name != null)
                .map(a -> a.getSpec().sourceCredentialsSecretRef.name).collect(java.util.stream.Collectors.toCollection(java.util.ArrayList::new));
        context.getSecondaryResourcesAsStream(dev.fount.api.v1alpha1.PackagingConfiguration.class)
                .forEach(c -> secrets.addAll(dev.fount.operator.common.EncryptionSecrets.of(c.getSpec())));
        return VodOrigin.deployment(group, settings.originImage(), secrets);
    }
}
