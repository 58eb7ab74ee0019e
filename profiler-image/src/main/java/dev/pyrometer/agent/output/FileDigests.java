package dev.pyrometer.agent.output;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/** SHA-256 of an artifact file, as reported in the run summary so the operator can check storage. */
public final class FileDigests {
  private FileDigests() {}

  /** Lower-case hex, or empty when the file cannot be read. */
  public static Optional<String> sha256(Path file) {
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), newDigest())) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return Optional.of(HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest()));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
