package dev.pyrometer.operator.storage;

import java.util.Optional;

/** Checks that an artifact the agent says it uploaded is really in storage, and how big it is. */
public interface ArtifactVerifier {
  /**
   * @return the object's size, or empty when it does not exist
   * @throws StorageUnavailableException when the storage cannot be asked
   */
  Optional<Long> size(String bucket, String key);
}
