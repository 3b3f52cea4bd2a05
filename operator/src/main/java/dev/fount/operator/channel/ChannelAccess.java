package dev.fount.operator.channel;

import dev.fount.api.v1alpha1.Channel;
import dev.fount.operator.common.ChildNames;
import dev.fount.operator.common.Labels;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;

/**
 * What the origin pods of a Channel may do through the Kubernetes API: read the Channels and
 * OriginEndpoints of their namespace (the origin's informers), and nothing else. Secrets reach
 * the origin as mounted files, never through the API.
 */
public final class ChannelAccess {

    private ChannelAccess() {
    }

    public static ServiceAccount serviceAccount(Channel channel) {
        return new ServiceAccountBuilder().withMetadata(ChannelWorkload.metadata(channel)).build();
    }

    public static Role role(Channel channel) {
        return new RoleBuilder()
                .withMetadata(ChannelWorkload.metadata(channel))
                .withRules(new PolicyRuleBuilder()
                        .withApiGroups(Channel.GROUP)
                        .withResources("channels", "originendpoints")
                        .withVerbs("get", "list", "watch")
                        .build())
                .build();
    }

    public static RoleBinding roleBinding(Channel channel) {
        ObjectMeta metadata = ChannelWorkload.metadata(channel);
        return new RoleBindingBuilder()
                .withMetadata(metadata)
                .withNewRoleRef()
                    .withApiGroup("rbac.authorization.k8s.io")
                    .withKind("Role")
                    .withName(ChildNames.channelOrigin(channel.getMetadata().getName()))
                .endRoleRef()
                .addNewSubject()
                    .withKind("ServiceAccount")
                    .withName(ChildNames.channelOrigin(channel.getMetadata().getName()))
                    .withNamespace(channel.getMetadata().getNamespace())
                .endSubject()
                .build();
    }
}
