package dev.pyrometer.operator.storage;

import java.util.Optional;

/**
 * Looks at an artifact the agent says it uploaded: is it in storage, how big is it, and what is
 * the SHA-256 of its bytes (to compare with what the agent reported).
 */
public interface ArtifactVerifier {
  /**
   * @return the stored object's size and digest, or empty when it does not exist
   * @throws StorageUnavailableException when the storage cannot be asked
   */
  Optional<StoredObject> inspect(String bucket, String key);

  /**
   * @param size bytes in storage
   * @param sha256 lower-case hex SHA-256 of the stored bytes
   */
  record StoredObject(long size, String sha256) {}
}
