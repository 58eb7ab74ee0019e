package dev.pyrometer.agent.analysis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * report.json: the {@link Report} as JSON, versioned by {@link Report#SCHEMA_VERSION}; unknown
 * fields are ignored when read. Written by {@link ReportJsonWriter} (no data binding on an agent
 * run), read back with Jackson's data binding.
 */
public final class ReportJson {
  private ReportJson() {}

  public static void write(Report report, Writer out) throws IOException {
    ReportJsonWriter.write(report, out);
  }

  public static String toJson(Report report) {
    StringWriter out = new StringWriter();
    try {
      write(report, out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serialise the report", e);
    }
    return out.toString();
  }

  public static Report fromJson(String json) {
    try {
      return Reading.MAPPER.readValue(json, Report.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a Pyrometer report: " + e.getOriginalMessage(), e);
    }
  }

  /** Holds the mapper, so that writing a report never initialises data binding. */
  private static final class Reading {
    static final ObjectMapper MAPPER = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }
}
