package dev.pyrometer.contract;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Writes a {@link RunSummary} with Jackson's streaming generator, field by field, in the form data
 * binding gives the records (same order, nulls left out as the records' {@code NON_NULL} says). The
 * agent writes a summary on every run; data binding would cost it about 0.1 CPU second of class
 * loading, introspection and compiling for that one small document. Reading stays data-bound
 * ({@link SummaryCodec#fromJson}); {@code SummaryCodecTest} holds the two to the same text.
 */
final class SummaryJsonWriter {
  private static final JsonFactory FACTORY = new JsonFactory();

  private final JsonGenerator json;

  private SummaryJsonWriter(JsonGenerator json) {
    this.json = json;
  }

  static String write(RunSummary summary, boolean pretty) {
    StringWriter out = new StringWriter();
    try (JsonGenerator json = FACTORY.createGenerator(out)) {
      if (pretty) {
        json.useDefaultPrettyPrinter();
      }
      new SummaryJsonWriter(json).summary(summary);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serialise the run summary", e);
    }
    return out.toString();
  }

  private void summary(RunSummary s) throws IOException {
    json.writeStartObject();
    json.writeNumberField("schemaVersion", s.schemaVersion());
    string("mode", s.mode());
    json.writeNumberField("rateHz", s.rateHz());
    json.writeNumberField("durationSeconds", s.durationSeconds());
    json.writeNumberField("elapsedSeconds", s.elapsedSeconds());
    string("exitReason", s.exitReason() == null ? null : s.exitReason().name());
    json.writeNumberField("exitCode", s.exitCode());
    string("message", s.message());
    StreamedJson.array(json, "processes", s.processes(), false, this::process);
    StreamedJson.array(json, "artifacts", s.artifacts(), false, this::artifact);
    finding(s.finding());
    string("comparison", s.comparison());
    json.writeEndObject();
  }

  private void process(ProcessSummary p) throws IOException {
    json.writeStartObject();
    json.writeNumberField("pid", p.pid());
    string("commandLine", p.commandLine());
    string("pythonVersion", p.pythonVersion());
    json.writeNumberField("samples", p.samples());
    json.writeNumberField("dropped", p.dropped());
    if (p.droppedByReason() != null) {
      json.writeObjectFieldStart("droppedByReason");
      for (Map.Entry<String, Long> e : p.droppedByReason().entrySet()) {
        json.writeFieldName(e.getKey());
        if (e.getValue() == null) {
          json.writeNull();
        } else {
          json.writeNumber(e.getValue());
        }
      }
      json.writeEndObject();
    }
    StreamedJson.strings(json, "topStack", p.topStack());
    json.writeNumberField("topStackSamples", p.topStackSamples());
    string("error", p.error());
    finding(p.finding());
    if (p.heapBytes() != null) {
      json.writeNumberField("heapBytes", p.heapBytes());
    }
    SamplingClock c = p.clock();
    if (c != null) {
      json.writeObjectFieldStart("clock");
      json.writeNumberField("requestedHz", c.requestedHz());
      json.writeNumberField("ticks", c.ticks());
      json.writeNumberField("ticksSampled", c.ticksSampled());
      json.writeNumberField("ticksMissed", c.ticksMissed());
      json.writeNumberField("ticksFailed", c.ticksFailed());
      json.writeNumberField("achievedHz", c.achievedHz());
      json.writeEndObject();
    }
    CpuAccount cpu = p.cpu();
    if (cpu != null) {
      json.writeObjectFieldStart("cpu");
      json.writeNumberField("processSeconds", cpu.processSeconds());
      json.writeNumberField("profiledSeconds", cpu.profiledSeconds());
      json.writeEndObject();
    }
    json.writeEndObject();
  }

  private void artifact(ArtifactRef a) throws IOException {
    json.writeStartObject();
    string("name", a.name());
    json.writeNumberField("bytes", a.bytes());
    json.writeBooleanField("uploaded", a.uploaded());
    string("sha256", a.sha256());
    json.writeEndObject();
  }

  private void finding(Finding f) throws IOException {
    if (f == null) {
      return;
    }
    json.writeObjectFieldStart("finding");
    string("kind", f.kind());
    string("title", f.title());
    string("location", f.location());
    json.writeNumberField("share", f.share());
    string("suggestion", f.suggestion());
    json.writeEndObject();
  }

  /** Every record of the summary is NON_NULL: a null string is left out. */
  private void string(String name, String value) throws IOException {
    StreamedJson.string(json, name, value, false);
  }
}
