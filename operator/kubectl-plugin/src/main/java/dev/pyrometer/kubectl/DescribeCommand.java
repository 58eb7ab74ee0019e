package dev.pyrometer.kubectl;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code describe SESSION}: status, each pod and process, artifacts, conditions, events, the TOP. */
@Command(name = "describe", mixinStandardHelpOptions = true,
    description = "Show a ProfileSession: its status, diagnosis, targets, artifacts, conditions and events.",
    footer = {"", ExitCode.HELP})
final class DescribeCommand implements Callable<Integer> {
  @ParentCommand KubectlPyrometer root;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SESSION", description = "The ProfileSession's name.")
  String session;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (Kube kube = Kube.connect(root.options)) {
      SessionView v = SessionView.of(new Sessions(kube).get(session));
      Instant now = Instant.now();
      field(out, "Name", v.name());
      field(out, "Namespace", v.namespace());
      field(out, "Created", v.creationTimestamp() + " (" + Ages.since(v.creationTimestamp(), now) + " ago)");
      field(out, "Mode", v.mode());
      field(out, "Duration", v.duration());
      field(out, "Target", v.target());
      field(out, "Phase", v.phase().isEmpty() ? "Pending" : v.phase());
      field(out, "Reason", v.reason());
      field(out, "Message", v.message());
      field(out, "Started", SessionView.text(v.status().path("startTime")));
      field(out, "Completed", SessionView.text(v.status().path("completionTime")));
      if (!v.top().isEmpty() || !v.collected().isEmpty()) {
        out.println("Diagnosis:");
        java.io.StringWriter buffer = new java.io.StringWriter();
        Diagnosis.printStatus(v, new PrintWriter(buffer));
        buffer.toString().lines().forEach(l -> out.println("  " + l));
      }
      List<JsonNode> targets = v.targets();
      if (!targets.isEmpty()) {
        out.println("Targets:");
        for (JsonNode t : targets) {
          out.printf("  %s (container %s): %s%s%n", SessionView.text(t.path("pod")), SessionView.text(t.path("container")),
              SessionView.text(t.path("phase")), t.hasNonNull("message") ? ", " + t.get("message").asText() : "");
          for (JsonNode p : t.path("processes")) {
            out.printf("    pid %s, Python %s, %s samples: %s%n", p.path("pid").asText(), SessionView.text(p.path("pythonVersion")),
                p.path("samples").asText("0"), Diagnosis.abbreviate(SessionView.text(p.path("command")), 80));
          }
        }
      }
      List<JsonNode> artifacts = v.artifacts();
      if (!artifacts.isEmpty()) {
        out.println("Artifacts:");
        Table table = new Table("  POD", "NAME", "BYTES", "URI");
        artifacts.forEach(a -> table.add("  " + SessionView.text(a.path("pod")), SessionView.text(a.path("name")),
            a.path("bytes").asText(""), SessionView.text(a.path("uri"))));
        table.print(out);
      }
      List<JsonNode> conditions = v.conditions();
      if (!conditions.isEmpty()) {
        out.println("Conditions:");
        Table table = new Table("  TYPE", "STATUS", "REASON", "MESSAGE");
        conditions.forEach(c -> table.add("  " + SessionView.text(c.path("type")), SessionView.text(c.path("status")),
            SessionView.text(c.path("reason")), SessionView.text(c.path("message"))));
        table.print(out);
      }
      List<Event> events = events(kube, v);
      if (events.isEmpty()) {
        out.println("Events:  <none>");
      } else {
        out.println("Events:");
        Table table = new Table("  TYPE", "REASON", "AGE", "MESSAGE");
        events.forEach(e -> table.add("  " + nullToEmpty(e.getType()), nullToEmpty(e.getReason()),
            Ages.since(e.getLastTimestamp() != null ? e.getLastTimestamp() : e.getFirstTimestamp(), now), nullToEmpty(e.getMessage())));
        table.print(out);
      }
      out.flush();
      return ExitCode.OK;
    }
  }

  /** The session's core/v1 Events (as kubectl describe finds them: by the involved object). */
  private static List<Event> events(Kube kube, SessionView v) {
    try {
      return kube.client().v1().events().inNamespace(v.namespace()).list().getItems().stream()
          .filter(e -> e.getInvolvedObject() != null && Sessions.KIND.equals(e.getInvolvedObject().getKind())
              && (v.uid().equals(e.getInvolvedObject().getUid()) || v.name().equals(e.getInvolvedObject().getName())))
          .sorted(Comparator.comparing(e -> nullToEmpty(e.getFirstTimestamp())))
          .toList();
    } catch (KubernetesClientException e) {
      return List.of(); // events are a courtesy: a user who may not list them still sees the status
    }
  }

  private static void field(PrintWriter out, String label, String value) {
    if (value != null && !value.isEmpty()) {
      out.printf("%-11s%s%n", label + ":", value);
    }
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
