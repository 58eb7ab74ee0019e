package dev.pyrometer.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.zjsonpatch.JsonPatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code pods/{name}/ephemeralcontainers} for the Fabric8 mock server, which lacks it, with the
 * real API server's rules: GET, PUT and PATCH (JSON, merge, strategic merge); everything but
 * {@code spec.ephemeralContainers} is discarded; existing ephemeral containers may neither change
 * nor disappear; names are DNS labels unique over all the pod's containers; the fields ephemeral
 * containers cannot have are refused; new containers get the API server's defaults; Pod Security
 * Admission judges the update; {@code dryRun=All} stores nothing.
 */
final class EphemeralContainersSubresource {
  static final Pattern PATH =
      Pattern.compile("^/api/v1/namespaces/([^/]+)/pods/([^/?]+)/ephemeralcontainers(?:\\?(.*))?$");
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final String MIRROR_ANNOTATION = "kubernetes.io/config.mirror";

  private final KubernetesCrudDispatcher store;

  EphemeralContainersSubresource(KubernetesCrudDispatcher store) {
    this.store = store;
  }

  synchronized MockResponse handle(RecordedRequest request, Matcher path) {
    String namespace = path.group(1);
    String name = path.group(2);
    boolean dryRun = Optional.ofNullable(path.group(3)).orElse("").contains("dryRun=All");
    String podPath = "/api/v1/namespaces/" + namespace + "/pods/" + name;
    // like the API server's GuaranteedUpdate: retry on a conflict the client did not ask for
    for (int attempt = 0; attempt < 5; attempt++) {
      MockResponse current = store.handleGet(podPath);
      if (current.code() == 404) {
        return ApiStatus.notFound("pods", name);
      }
      String currentJson = current.getBody().readUtf8();
      if (request.method() == HttpMethod.GET) {
        return ApiStatus.json(200, currentJson);
      }
      Pod old = Serialization.unmarshal(currentJson, Pod.class);
      Pod requested;
      try {
        requested = requested(request, currentJson);
      } catch (UnsupportedOperationException e) {
        return ApiStatus.unsupportedMediaType(e.getMessage());
      } catch (RuntimeException e) {
        return ApiStatus.failure(422, "Invalid", "the server rejected our request due to an error in our request: " + e.getMessage());
      }
      if (request.method() != HttpMethod.PUT && request.method() != HttpMethod.PATCH) {
        return ApiStatus.failure(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
      }
      String precondition = requested.getMetadata() == null ? null : requested.getMetadata().getResourceVersion();
      if (precondition != null && !precondition.equals(old.getMetadata().getResourceVersion())) {
        return ApiStatus.conflict("pods", name);
      }
      List<EphemeralContainer> next =
          new ArrayList<>(Optional.ofNullable(requested.getSpec()).map(s -> s.getEphemeralContainers()).orElse(List.of()));
      List<String> errors = validate(old, next);
      if (!errors.isEmpty()) {
        return ApiStatus.failure(
            422, "Invalid",
            "Pod \"" + name + "\" is invalid: "
                + (errors.size() == 1 ? errors.get(0) : "[" + String.join(", ", errors) + "]"));
      }
      List<String> oldNames = ephemeralContainers(old).stream().map(EphemeralContainer::getName).toList();
      List<EphemeralContainer> added = next.stream().filter(c -> !oldNames.contains(c.getName())).toList();
      added.forEach(EphemeralContainersSubresource::applyDefaults);
      Optional<String> denial = PodSecurityAdmission.judge(namespaceLabels(namespace), name, added);
      if (denial.isPresent()) {
        return ApiStatus.failure(403, "Forbidden", denial.get());
      }
      // the API server keeps everything but spec.ephemeralContainers from the stored pod
      Pod updated = Serialization.clone(old);
      updated.getSpec().setEphemeralContainers(next);
      if (dryRun) {
        return ApiStatus.json(200, Serialization.asJson(updated));
      }
      MockResponse stored =
          store.handleUpdate(
              new RecordedRequest(
                  "HTTP/1.1", HttpMethod.PUT, podPath,
                  Headers.builder().add("Content-Type", "application/json").build(),
                  new Buffer().writeUtf8(Serialization.asJson(updated))));
      if (stored.code() == 409 && precondition == null) {
        continue;
      }
      return stored;
    }
    return ApiStatus.conflict("pods", name);
  }

  /** The pod the request asks for, before the API server discards what it may not change. */
  private static Pod requested(RecordedRequest request, String currentJson) {
    String body = request.getUtf8Body();
    if (request.method() == HttpMethod.PUT) {
      return Serialization.unmarshal(body, Pod.class);
    }
    String contentType = Optional.ofNullable(request.getHeader("Content-Type")).orElse("").split(";")[0].trim();
    JsonNode current = Serialization.unmarshal(currentJson, JsonNode.class);
    JsonNode patch = Serialization.unmarshal(body, JsonNode.class);
    JsonNode patched =
        switch (contentType) {
          case "application/json-patch+json" -> JsonPatch.apply(patch, current);
          case "application/merge-patch+json" -> PatchDocuments.mergePatch(current, patch);
          case "application/strategic-merge-patch+json" -> PatchDocuments.strategicMergePatch(current, patch);
          default -> throw new UnsupportedOperationException(contentType);
        };
    Pod pod = Serialization.unmarshal(Serialization.asJson(patched), Pod.class);
    // a patch's resourceVersion is a precondition only when the patch itself names one
    String wanted = patch.path("metadata").path("resourceVersion").asText(null);
    if (contentType.equals("application/json-patch+json")) {
      wanted = null;
    }
    pod.getMetadata().setResourceVersion(wanted);
    return pod;
  }

  /** The API server's checks of an ephemeral containers update (ValidatePodEphemeralContainersUpdate). */
  static List<String> validate(Pod old, List<EphemeralContainer> next) {
    List<String> errors = new ArrayList<>();
    if (old.getMetadata().getAnnotations() != null && old.getMetadata().getAnnotations().containsKey(MIRROR_ANNOTATION)) {
      errors.add("spec.ephemeralContainers: Forbidden: static pods may not have ephemeral containers");
      return errors;
    }
    for (EphemeralContainer was : ephemeralContainers(old)) {
      Optional<EphemeralContainer> now = next.stream().filter(c -> was.getName().equals(c.getName())).findFirst();
      if (now.isEmpty()) {
        errors.add("spec.ephemeralContainers: Forbidden: existing ephemeral containers \"" + was.getName() + "\" may not be removed");
      } else if (!Serialization.asJson(was).equals(Serialization.asJson(withDefaultsOf(was, now.get())))) {
        errors.add("spec.ephemeralContainers: Forbidden: existing ephemeral containers \"" + was.getName() + "\" may not be changed");
      }
    }
    List<String> regular =
        Stream.concat(
                Optional.ofNullable(old.getSpec().getContainers()).orElse(List.of()).stream(),
                Optional.ofNullable(old.getSpec().getInitContainers()).orElse(List.of()).stream())
            .map(Container::getName)
            .toList();
    List<String> appContainers = old.getSpec().getContainers().stream().map(Container::getName).toList();
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < next.size(); i++) {
      EphemeralContainer c = next.get(i);
      String field = "spec.ephemeralContainers[" + i + "]";
      if (c.getName() == null || c.getName().isEmpty()) {
        errors.add(field + ".name: Required value");
      } else if (!DNS_LABEL.matcher(c.getName()).matches() || c.getName().length() > 63) {
        errors.add(field + ".name: Invalid value: \"" + c.getName() + "\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-'");
      } else if (regular.contains(c.getName()) || seen.contains(c.getName())) {
        errors.add(field + ".name: Duplicate value: \"" + c.getName() + "\"");
      }
      seen.add(c.getName());
      if (c.getImage() == null || c.getImage().isBlank()) {
        errors.add(field + ".image: Required value");
      }
      forbid(errors, field + ".ports", c.getPorts() != null && !c.getPorts().isEmpty());
      forbid(errors, field + ".livenessProbe", c.getLivenessProbe() != null);
      forbid(errors, field + ".readinessProbe", c.getReadinessProbe() != null);
      forbid(errors, field + ".startupProbe", c.getStartupProbe() != null);
      forbid(errors, field + ".lifecycle", c.getLifecycle() != null);
      forbid(errors, field + ".resources", c.getResources() != null
          && ((c.getResources().getLimits() != null && !c.getResources().getLimits().isEmpty())
              || (c.getResources().getRequests() != null && !c.getResources().getRequests().isEmpty())));
      forbid(errors, field + ".restartPolicy", c.getRestartPolicy() != null);
      if (c.getTargetContainerName() != null && !appContainers.contains(c.getTargetContainerName())) {
        errors.add(field + ".targetContainerName: Not found: \"" + c.getTargetContainerName() + "\"");
      }
      if (c.getTerminationMessagePolicy() != null
          && !List.of("File", "FallbackToLogsOnError").contains(c.getTerminationMessagePolicy())) {
        errors.add(field + ".terminationMessagePolicy: Unsupported value: \"" + c.getTerminationMessagePolicy() + "\"");
      }
    }
    return errors;
  }

  private static void forbid(List<String> errors, String field, boolean set) {
    if (set) {
      errors.add(field + ": Forbidden: cannot be set for an Ephemeral Container");
    }
  }

  /** A patch that leaves out a defaulted field does not change it: compare with defaults kept. */
  private static EphemeralContainer withDefaultsOf(EphemeralContainer was, EphemeralContainer now) {
    EphemeralContainer copy = Serialization.clone(now);
    if (copy.getTerminationMessagePath() == null) {
      copy.setTerminationMessagePath(was.getTerminationMessagePath());
    }
    if (copy.getTerminationMessagePolicy() == null) {
      copy.setTerminationMessagePolicy(was.getTerminationMessagePolicy());
    }
    if (copy.getImagePullPolicy() == null) {
      copy.setImagePullPolicy(was.getImagePullPolicy());
    }
    return copy;
  }

  /** What the API server fills in on a new container. */
  static void applyDefaults(EphemeralContainer c) {
    if (c.getTerminationMessagePath() == null) {
      c.setTerminationMessagePath("/dev/termination-log");
    }
    if (c.getTerminationMessagePolicy() == null) {
      c.setTerminationMessagePolicy("File");
    }
    if (c.getImagePullPolicy() == null) {
      String image = Objects.requireNonNullElse(c.getImage(), "");
      boolean latest = !image.contains("@") && (!image.substring(image.lastIndexOf('/') + 1).contains(":") || image.endsWith(":latest"));
      c.setImagePullPolicy(latest ? "Always" : "IfNotPresent");
    }
  }

  private static List<EphemeralContainer> ephemeralContainers(Pod pod) {
    return Optional.ofNullable(pod.getSpec().getEphemeralContainers()).orElse(List.of());
  }

  private Map<String, String> namespaceLabels(String namespace) {
    MockResponse ns = store.handleGet("/api/v1/namespaces/" + namespace);
    if (ns.code() != 200) {
      return Map.of();
    }
    return Optional.ofNullable(Serialization.unmarshal(ns.getBody().readUtf8(), Namespace.class).getMetadata().getLabels())
        .orElse(Map.of());
  }
}
