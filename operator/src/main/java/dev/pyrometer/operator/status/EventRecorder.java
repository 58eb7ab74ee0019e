package dev.pyrometer.operator.status;

import dev.pyrometer.operator.api.ProfileSession;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.Locale;
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

  public void record(ProfileSession session, SessionEvent event) {
    String now = StatusBuilder.rfc3339(clock.instant());
    String namespace = session.getMetadata().getNamespace();
    Event e =
        new EventBuilder()
            .withNewMetadata()
            .withNamespace(namespace)
            // like client-go: <object>.<unique hex>
            .withName(
                session.getMetadata().getName()
                    + "."
                    + Long.toHexString(clock.millis()).toLowerCase(Locale.ROOT)
                    + Long.toHexString(System.nanoTime() & 0xffffL))
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
      LOG.warnf(
          "could not record event %s on %s/%s: %s", event.reason(), namespace,
          session.getMetadata().getName(), failed.getMessage());
    }
  }
}
