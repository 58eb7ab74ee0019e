package dev.pyrometer.agent.analysis;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.pyrometer.contract.StreamedJson;
import java.io.IOException;
import java.io.Writer;

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
    StreamedJson.strings(json, "diagnosis", r.diagnosis());
    json.writeNumberField("headline", r.headline());
    StreamedJson.array(json, "findings", r.findings(), false, this::finding);
    StreamedJson.array(json, "paths", r.paths(), false, this::path);
    if (r.functions() != null) {
      json.writeObjectFieldStart("functions");
      StreamedJson.array(json, "self", r.functions().self(), true, this::functionRow);
      StreamedJson.array(json, "inclusive", r.functions().inclusive(), true, this::functionRow);
      json.writeEndObject();
    }
    if (r.breakdowns() != null) {
      Report.Breakdowns b = r.breakdowns();
      json.writeObjectFieldStart("breakdowns");
      StreamedJson.array(json, "byCategory", b.byCategory(), true, this::share);
      StreamedJson.array(json, "byModule", b.byModule(), true, this::share);
      StreamedJson.array(json, "bySyscall", b.bySyscall(), true, this::share);
      StreamedJson.array(json, "byKind", b.byKind(), true, this::share);
      StreamedJson.array(json, "processes", b.processes(), true, this::process);
      json.writeEndObject();
    }
    StreamedJson.array(json, "patterns", r.patterns(), false, this::pattern);
    StreamedJson.strings(json, "notes", r.notes());
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
    string("verdict", f.verdict() == null ? null : f.verdict().name(), false);
    string("rule", f.rule(), false);
    string("title", f.title(), false);
    string("message", f.message(), false);
    json.writeNumberField("samples", f.samples());
    json.writeNumberField("share", f.share());
    json.writeNumberField("seconds", f.seconds());
    json.writeNumberField("threads", f.threads());
    frameField("location", f.location());
    json.writeBooleanField("applicationCode", f.applicationCode());
    frameField("call", f.call());
    string("syscall", f.syscall(), false);
    StreamedJson.array(json, "path", f.path(), false, this::frame);
    StreamedJson.strings(json, "notes", f.notes());
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
    StreamedJson.array(json, "frames", p.frames(), true, this::frame);
    json.writeEndObject();
  }

  /** A frame field of a NON_NULL record: left out when null. */
  private void frameField(String name, ReportFrame frame) throws IOException {
    if (frame != null) {
      json.writeFieldName(name);
      frame(frame);
    }
  }

  private void frame(ReportFrame f) throws IOException {
    // NON_NULL
    json.writeStartObject();
    string("function", f.function(), false);
    string("module", f.module(), false);
    string("file", f.file(), false);
    string("shortFile", f.shortFile(), false);
    json.writeNumberField("line", f.line());
    category(f.category());
    string("kind", f.kind(), false);
    if (f.share() != null) {
      json.writeNumberField("share", f.share());
    }
    string("code", f.code(), false);
    json.writeEndObject();
  }

  private void functionRow(Report.FunctionRow row) throws IOException {
    // NON_NULL
    json.writeStartObject();
    string("function", row.function(), false);
    string("module", row.module(), false);
    string("file", row.file(), false);
    string("shortFile", row.shortFile(), false);
    json.writeNumberField("line", row.line());
    category(row.category());
    json.writeNumberField("selfSamples", row.selfSamples());
    json.writeNumberField("selfShare", row.selfShare());
    json.writeNumberField("selfSeconds", row.selfSeconds());
    json.writeNumberField("totalSamples", row.totalSamples());
    json.writeNumberField("totalShare", row.totalShare());
    json.writeNumberField("totalSeconds", row.totalSeconds());
    StreamedJson.array(json, "selfLines", row.selfLines(), false, this::lineShare);
    StreamedJson.array(json, "totalLines", row.totalLines(), false, this::lineShare);
    json.writeEndObject();
  }

  private void lineShare(Report.LineShare line) throws IOException {
    json.writeStartObject();
    json.writeNumberField("line", line.line());
    json.writeNumberField("samples", line.samples());
    json.writeNumberField("share", line.share());
    json.writeEndObject();
  }

  private void share(Report.Share s) throws IOException {
    // NON_NULL
    json.writeStartObject();
    string("name", s.name(), false);
    category(s.category());
    json.writeNumberField("samples", s.samples());
    json.writeNumberField("share", s.share());
    json.writeNumberField("seconds", s.seconds());
    json.writeEndObject();
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
    StreamedJson.array(json, "threads", p.threads(), false, this::thread);
    json.writeEndObject();
  }

  private void thread(Report.ThreadRow t) throws IOException {
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

  private void string(String name, String value, boolean includeNull) throws IOException {
    StreamedJson.string(json, name, value, includeNull);
  }

  /** The category of a NON_NULL record, by its enum name. */
  private void category(CodeCategory category) throws IOException {
    string("category", category == null ? null : category.name(), false);
  }
}
