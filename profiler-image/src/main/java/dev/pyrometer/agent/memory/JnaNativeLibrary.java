package dev.pyrometer.agent.memory;

import com.sun.jna.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Copies JNA's native part for this platform out of the jar into a directory, once, at image build
 * time ({@code tools/build-cds-archive}); {@code bin/pyrometer} then points JNA at it
 * ({@code -Djna.boot.library.path}). Otherwise JNA unpacks it into a new temporary file at every
 * start: CPU on the target pod's budget, and a writable temporary directory an agent container may
 * not have. The copy comes from the same jar, so its version is the one JNA checks for.
 *
 * <p>Usage: {@code java -cp pyrometer.jar dev.pyrometer.agent.memory.JnaNativeLibrary DIR}
 */
public final class JnaNativeLibrary {
  private JnaNativeLibrary() {}

  /** The library's name inside {@code jna.boot.library.path}, as JNA looks it up. */
  public static final String FILE_NAME = System.mapLibraryName("jnidispatch");

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: JnaNativeLibrary DIR");
      System.exit(2);
    }
    System.out.println(copyInto(Path.of(args[0])));
  }

  /** Writes the library into {@code dir} (replacing an older copy atomically); returns its path. */
  public static Path copyInto(Path dir) throws IOException {
    String resource = "/com/sun/jna/" + Platform.RESOURCE_PREFIX + "/" + FILE_NAME;
    try (InputStream in = Platform.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("no " + resource + " in JNA's jar: no native part for this platform");
      }
      Path target = dir.resolve(FILE_NAME);
      Path partial = Files.createTempFile(dir, FILE_NAME, ".partial");
      try {
        Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
        partial.toFile().setReadable(true, false);
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(partial);
      }
      return target;
    }
  }
}
