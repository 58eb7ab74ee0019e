package dev.pyrometer.operator.status;

import dev.pyrometer.operator.api.ProfileSession;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Records Kubernetes Events on a session ({@code kubectl describe profilesession} lists them). An
 * event that cannot be written is logged and dropped: events are a courtesy, never a reason to
 * fail a reconcile.
 */
public final class EventRecorder {
  /** The component name events are reported from. */
  public static final String COMPONENT = "pyrometer-operator";

  private static final Logger LOG = Logger.getLogger(EventRecorder.class);

  private final KubernetesClient client;
  private final Clock clock;
  private final String instance;

  public EventRecorder(KubernetesClient client, Clock clock, String instance) {
    this.client = client;
    this.clock = clock;
    this.instance = instance;
  }

  /**
   * {@code <session>.<hash>}: derived from the session's UID and the event, so that a transition
   * seen twice (a reconcile working from a cache one write behind) is recorded once.
   */
  static String name(HasMetadata session, SessionEvent event) {
    String identity = session.getMetadata().getUid() + "|" + event.warning() + "|" + event.reason() + "|" + event.message();
    UUID hash = UUID.nameUUIDFromBytes(identity.getBytes(StandardCharsets.UTF_8));
    return session.getMetadata().getName() + "." + hash.toString().replace("-", "").substring(0, 16);
  }

  public void record(HasMetadata session, SessionEvent event) {
    String now = StatusBuilder.rfc3339(clock.instant());
    String namespace = session.getMetadata().getNamespace();
    Event e =
        new EventBuilder()
            .withNewMetadata()
            .withNamespace(namespace)
            .withName(name(session, event))
            .endMetadata()
            .withInvolvedObject(
                new ObjectReferenceBuilder()
                    .withApiVersion(session.getApiVersion())
                    .withKind(session.getKind())
                    .withName(session.getMetadata().getName())
                    .withNamespace(namespace)
                    .withUid(session.getMetadata().getUid())
                    .withResourceVersion(session.getMetadata().getResourceVersion())
                    .build())
            .withType(event.warning() ? "Warning" : "Normal")
            .withReason(event.reason())
            .withMessage(event.message())
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withCount(1)
            .withNewSource()
            .withComponent(COMPONENT)
            .endSource()
            .withReportingComponent(COMPONENT)
            .withReportingInstance(instance)
            .build();
    try {
      client.v1().events().inNamespace(namespace).resource(e).create();
    } catch (KubernetesClientException failed) {
      if (failed.getCode() == 409) {
        return; // recorded before, by a reconcile that saw the same transition
      }
      LOG.warnf(
          "could not record event %s on %s/%s: %s", event.reason(), namespace,
          session.getMetadata().getName(), failed.getMessage());
    }
  }
}
