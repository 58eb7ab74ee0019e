package dev.pyrometer.operator.testing;

import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.APIVersionsBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscoveryBuilder;
import io.fabric8.kubernetes.api.model.ServerAddressByClientCIDRBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The discovery documents kubectl reads before anything else ({@code /api}, {@code /apis}, and
 * each group version's resource list), for the resources the local cluster serves: the core ones
 * the demo uses, leases, and the ProfileSession CRD as committed.
 */
final class Discovery {
  private static final List<String> ALL_VERBS = List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

  private final CustomResourceDefinition crd;

  Discovery(CustomResourceDefinition crd) {
    this.crd = crd;
  }

  /** The discovery answer for {@code path}, or empty when the path is not a discovery path. */
  Optional<MockResponse> answer(String path) {
    return switch (path) {
      case "/api" -> json(new APIVersionsBuilder().withVersions("v1")
          .withServerAddressByClientCIDRs(new ServerAddressByClientCIDRBuilder().withClientCIDR("0.0.0.0/0").withServerAddress("127.0.0.1").build())
          .build());
      case "/apis" -> json(new APIGroupListBuilder().withGroups(group(crd.getSpec().getGroup(), "v1alpha1"), group("coordination.k8s.io", "v1")).build());
      case "/api/v1" -> json(resources("v1", List.of(
          resource("pods", "Pod", true, List.of("po"), List.of("all")),
          resource("pods/ephemeralcontainers", "Pod", true, List.of(), List.of()),
          resource("pods/status", "Pod", true, List.of(), List.of()),
          resource("namespaces", "Namespace", false, List.of("ns"), List.of()),
          resource("secrets", "Secret", true, List.of(), List.of()),
          resource("configmaps", "ConfigMap", true, List.of("cm"), List.of()),
          resource("events", "Event", true, List.of("ev"), List.of()))));
      case "/apis/coordination.k8s.io/v1" -> json(resources("coordination.k8s.io/v1", List.of(resource("leases", "Lease", true, List.of(), List.of()))));
      default -> {
        String crdPath = "/apis/" + crd.getSpec().getGroup() + "/v1alpha1";
        if (path.equals(crdPath)) {
          var names = crd.getSpec().getNames();
          yield json(resources(crd.getSpec().getGroup() + "/v1alpha1", List.of(
              resource(names.getPlural(), names.getKind(), true, names.getShortNames(), names.getCategories()),
              resource(names.getPlural() + "/status", names.getKind(), true, List.of(), List.of()))));
        }
        yield Optional.empty();
      }
    };
  }

  private static io.fabric8.kubernetes.api.model.APIGroup group(String name, String version) {
    var v = new GroupVersionForDiscoveryBuilder().withGroupVersion(name + "/" + version).withVersion(version).build();
    return new APIGroupBuilder().withName(name).withVersions(v).withPreferredVersion(v).build();
  }

  private static io.fabric8.kubernetes.api.model.APIResourceList resources(String groupVersion, List<APIResource> resources) {
    return new APIResourceListBuilder().withGroupVersion(groupVersion).withResources(resources).build();
  }

  private static APIResource resource(String name, String kind, boolean namespaced, List<String> shortNames, List<String> categories) {
    boolean sub = name.contains("/");
    return new APIResourceBuilder()
        .withName(name)
        .withSingularName(sub ? "" : kind.toLowerCase())
        .withKind(kind)
        .withNamespaced(namespaced)
        .withShortNames(shortNames == null ? List.of() : shortNames)
        .withCategories(categories == null ? List.of() : categories)
        .withVerbs(sub ? List.of("get", "patch", "update") : new ArrayList<>(ALL_VERBS))
        .build();
  }

  private static Optional<MockResponse> json(Object body) {
    return Optional.of(ApiStatus.json(200, Serialization.asJson(body)));
  }
}
