package dev.pyrometer.operator.schedule.insight;

import java.io.IOException;

/** Reads an artifact the agent uploaded, by its s3:// URI, with the operator's own credentials. */
public interface ReportStore {
  /**
   * @throws IOException when the storage cannot be reached or refuses
   */
  String read(String uri) throws IOException;
}
