package dev.pyrometer.agent.analysis;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * Writes report.json with Jackson's streaming generator, field by field, in the form the data-binding
 * {@code ObjectMapper} gives the {@link Report} records (same order, same pretty printer, nulls left
 * out where a record says {@code NON_NULL}). Data binding costs an agent run about 0.2 CPU seconds of
 * class loading, introspection and compiling, on the user's pod, for one document; reading a report
 * back still uses it ({@link ReportJson#fromJson}). {@code ReportJsonWriterTest} holds the two to the
 * same bytes.
 */
final class ReportJsonWriter {
  private static final JsonFactory FACTORY = new JsonFactory();

  private final JsonGenerator json;

  private ReportJsonWriter(JsonGenerator json) {
    this.json = json;
  }

  /** Writes the report and closes {@code out}, as {@code ObjectMapper.writeValue} does. */
  static void write(Report report, Writer out) throws IOException {
    try (JsonGenerator json = FACTORY.createGenerator(out).useDefaultPrettyPrinter()) {
      new ReportJsonWriter(json).report(report);
    }
  }

  private void report(Report r) throws IOException {
    // Report is NON_NULL
    json.writeStartObject();
    json.writeNumberField("schemaVersion", r.schemaVersion());
    if (r.profile() != null) {
      json.writeFieldName("profile");
      profile(r.profile());
    }
    if (r.diagnosis() != null) {
      strings("diagnosis", r.diagnosis());
    }
    json.writeNumberField("headline", r.headline());
    if (r.findings() != null) {
      json.writeArrayFieldStart("findings");
      for (ReportFinding f : r.findings()) {
        finding(f);
      }
      json.writeEndArray();
    }
    if (r.paths() != null) {
      json.writeArrayFieldStart("paths");
      for (ReportPath p : r.paths()) {
        path(p);
      }
      json.writeEndArray();
    }
    if (r.functions() != null) {
      json.writeFieldName("functions");
      functions(r.functions());
    }
    if (r.breakdowns() != null) {
      json.writeFieldName("breakdowns");
      breakdowns(r.breakdowns());
    }
    if (r.patterns() != null) {
      json.writeArrayFieldStart("patterns");
      for (Report.PatternShare p : r.patterns()) {
        pattern(p);
      }
      json.writeEndArray();
    }
    if (r.notes() != null) {
      strings("notes", r.notes());
    }
    json.writeEndObject();
  }

  private void profile(Report.ProfileInfo p) throws IOException {
    json.writeStartObject();
    string("mode", p.mode(), true);
    json.writeNumberField("rateHz", p.rateHz());
    json.writeNumberField("secondsPerSample", p.secondsPerSample());
    json.writeNumberField("elapsedSeconds", p.elapsedSeconds());
    json.writeNumberField("samples", p.samples());
    json.writeNumberField("overflowSamples", p.overflowSamples());
    json.writeNumberField("processes", p.processes());
    json.writeNumberField("threads", p.threads());
    json.writeEndObject();
  }

  private void finding(ReportFinding f) throws IOException {
    // NON_NULL
    json.writeStartObject();
    string("kind", f.kind(), false);
    if (f.verdict() != null) {
      json.writeStringField("verdict", f.verdict().name());
    }
    string("rule", f.rule(), false);
    string("title", f.title(), false);
    string("message", f.message(), false);
    json.writeNumberField("samples", f.samples());
    json.writeNumberField("share", f.share());
    json.writeNumberField("seconds", f.seconds());
    json.writeNumberField("threads", f.threads());
    if (f.location() != null) {
      json.writeFieldName("location");
      frame(f.location());
    }
    json.writeBooleanField("applicationCode", f.applicationCode());
    if (f.call() != null) {
      json.writeFieldName("call");
      frame(f.call());
    }
    string("syscall", f.syscall(), false);
    if (f.path() != null) {
      frames("path", f.path());
    }
    if (f.notes() != null) {
      strings("notes", f.notes());
    }
    string("suggestion", f.suggestion(), false);
    json.writeEndObject();
  }

  private void path(ReportPath p) throws IOException {
    json.writeStartObject();
    json.writeNumberField("samples", p.samples());
    json.writeNumberField("share", p.share());
    json.writeNumberField("seconds", p.seconds());
    string("kind", p.kind(), true);
    json.writeNumberField("finding", p.finding());
    if (p.frames() == null) {
      json.writeNullField("frames");
    } else {
      frames("frames", p.frames());
    }
    json.writeEndObject();
  }

  private void frames(String name, List<ReportFrame> frames) throws IOException {
    json.writeArrayFieldStart(name);
    for (ReportFrame f : frames) {
      frame(f);
    }
    json.writeEndArray();
  }

  private void frame(ReportFrame f) throws IOException {
    // NON_NULL
    json.writeStartObject();
    string("function", f.function(), false);
    string("module", f.module(), false);
    string("file", f.file(), false);
    string("shortFile", f.shortFile(), false);
    json.writeNumberField("line", f.line());
    category(f.category(), false);
    string("kind", f.kind(), false);
    if (f.share() != null) {
      json.writeNumberField("share", f.share());
    }
    string("code", f.code(), false);
    json.writeEndObject();
  }

  private void functions(Report.Functions f) throws IOException {
    json.writeStartObject();
    functionRows("self", f.self());
    functionRows("inclusive", f.inclusive());
    json.writeEndObject();
  }

  private void functionRows(String name, List<Report.FunctionRow> rows) throws IOException {
    if (rows == null) {
      json.writeNullField(name);
      return;
    }
    json.writeArrayFieldStart(name);
    for (Report.FunctionRow row : rows) {
      // NON_NULL
      json.writeStartObject();
      string("function", row.function(), false);
      string("module", row.module(), false);
      string("file", row.file(), false);
      string("shortFile", row.shortFile(), false);
      json.writeNumberField("line", row.line());
      category(row.category(), false);
      json.writeNumberField("selfSamples", row.selfSamples());
      json.writeNumberField("selfShare", row.selfShare());
      json.writeNumberField("selfSeconds", row.selfSeconds());
      json.writeNumberField("totalSamples", row.totalSamples());
      json.writeNumberField("totalShare", row.totalShare());
      json.writeNumberField("totalSeconds", row.totalSeconds());
      lineShares("selfLines", row.selfLines());
      lineShares("totalLines", row.totalLines());
      json.writeEndObject();
    }
    json.writeEndArray();
  }

  /** In a NON_NULL row: a null list is left out. */
  private void lineShares(String name, List<Report.LineShare> lines) throws IOException {
    if (lines == null) {
      return;
    }
    json.writeArrayFieldStart(name);
    for (Report.LineShare line : lines) {
      json.writeStartObject();
      json.writeNumberField("line", line.line());
      json.writeNumberField("samples", line.samples());
      json.writeNumberField("share", line.share());
      json.writeEndObject();
    }
    json.writeEndArray();
  }

  private void breakdowns(Report.Breakdowns b) throws IOException {
    json.writeStartObject();
    shares("byCategory", b.byCategory());
    shares("byModule", b.byModule());
    shares("bySyscall", b.bySyscall());
    shares("byKind", b.byKind());
    if (b.processes() == null) {
      json.writeNullField("processes");
    } else {
      json.writeArrayFieldStart("processes");
      for (Report.ProcessRow p : b.processes()) {
        process(p);
      }
      json.writeEndArray();
    }
    json.writeEndObject();
  }

  private void shares(String name, List<Report.Share> shares) throws IOException {
    if (shares == null) {
      json.writeNullField(name);
      return;
    }
    json.writeArrayFieldStart(name);
    for (Report.Share s : shares) {
      // NON_NULL
      json.writeStartObject();
      string("name", s.name(), false);
      category(s.category(), false);
      json.writeNumberField("samples", s.samples());
      json.writeNumberField("share", s.share());
      json.writeNumberField("seconds", s.seconds());
      json.writeEndObject();
    }
    json.writeEndArray();
  }

  private void process(Report.ProcessRow p) throws IOException {
    // NON_NULL
    json.writeStartObject();
    json.writeNumberField("pid", p.pid());
    string("commandLine", p.commandLine(), false);
    string("pythonVersion", p.pythonVersion(), false);
    json.writeNumberField("samples", p.samples());
    json.writeNumberField("share", p.share());
    json.writeNumberField("seconds", p.seconds());
    if (p.threads() != null) {
      json.writeArrayFieldStart("threads");
      for (Report.ThreadRow t : p.threads()) {
        // NON_NULL
        json.writeStartObject();
        json.writeNumberField("tid", t.tid());
        string("name", t.name(), false);
        json.writeNumberField("samples", t.samples());
        json.writeNumberField("share", t.share());
        json.writeNumberField("seconds", t.seconds());
        string("kind", t.kind(), false);
        string("title", t.title(), false);
        json.writeNumberField("kindShare", t.kindShare());
        string("location", t.location(), false);
        json.writeEndObject();
      }
      json.writeEndArray();
    }
    json.writeEndObject();
  }

  private void pattern(Report.PatternShare p) throws IOException {
    // NON_NULL
    json.writeStartObject();
    string("pattern", p.pattern(), false);
    string("title", p.title(), false);
    json.writeNumberField("samples", p.samples());
    json.writeNumberField("share", p.share());
    json.writeNumberField("seconds", p.seconds());
    string("location", p.location(), false);
    string("suggestion", p.suggestion(), false);
    json.writeEndObject();
  }

  private void strings(String name, List<String> values) throws IOException {
    json.writeArrayFieldStart(name);
    for (String value : values) {
      json.writeString(value);
    }
    json.writeEndArray();
  }

  /** A string field; a null one is written only in a record that includes nulls. */
  private void string(String name, String value, boolean includeNull) throws IOException {
    if (value != null) {
      json.writeStringField(name, value);
    } else if (includeNull) {
      json.writeNullField(name);
    }
  }

  private void category(CodeCategory category, boolean includeNull) throws IOException {
    string("category", category == null ? null : category.name(), includeNull);
  }
}
