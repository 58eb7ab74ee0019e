package dev.pyrometer.kubectl;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.List;

/**
 * ProfileSessions through the API server, untyped: the plugin reads the fields it shows and does
 * not depend on the operator's classes (a newer operator's new fields pass through).
 */
public final class Sessions {
  public static final String API_VERSION = "pyrometer.dev/v1alpha1";
  public static final String KIND = "ProfileSession";

  /** Named in full, so no discovery request precedes each call. */
  static final ResourceDefinitionContext CONTEXT = new ResourceDefinitionContext.Builder()
      .withGroup("pyrometer.dev").withVersion("v1alpha1").withKind(KIND).withPlural("profilesessions").withNamespaced(true).build();

  private final Kube kube;

  public Sessions(Kube kube) {
    this.kube = kube;
  }

  private MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> api() {
    return kube.client().genericKubernetesResources(CONTEXT);
  }

  public GenericKubernetesResource create(GenericKubernetesResource session) {
    try {
      return api().inNamespace(kube.namespace()).resource(session).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        throw PluginException.kubernetes("cannot create a ProfileSession in namespace " + kube.namespace()
            + ": the ProfileSession CRD is not installed (helm install pyrometer charts/pyrometer)");
      }
      throw kube.failure("cannot create a ProfileSession in namespace " + kube.namespace(), e);
    }
  }

  /** The session; a missing one is exit 3. */
  public GenericKubernetesResource get(String name) {
    GenericKubernetesResource session;
    try {
      session = api().inNamespace(kube.namespace()).withName(name).get();
    } catch (KubernetesClientException e) {
      throw kube.failure("cannot read profilesession " + name, e);
    }
    if (session == null) {
      throw PluginException.notFound("profilesession \"" + name + "\" not found in namespace " + kube.namespace());
    }
    return session;
  }

  public List<GenericKubernetesResource> list(boolean allNamespaces) {
    try {
      return allNamespaces ? api().inAnyNamespace().list().getItems() : api().inNamespace(kube.namespace()).list().getItems();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        throw PluginException.kubernetes("the ProfileSession CRD is not installed in this cluster");
      }
      throw kube.failure("cannot list profilesessions", e);
    }
  }
}
