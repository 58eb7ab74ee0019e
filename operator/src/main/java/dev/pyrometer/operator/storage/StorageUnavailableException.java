package dev.pyrometer.operator.storage;

/** The storage did not answer: worth retrying with backoff, then the session fails UploadFailed. */
public class StorageUnavailableException extends RuntimeException {
  public StorageUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
