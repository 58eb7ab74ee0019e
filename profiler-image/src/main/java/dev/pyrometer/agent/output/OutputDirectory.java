package dev.pyrometer.agent.output;

import dev.pyrometer.agent.AgentException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * The output directory, checked before a run: a recording that samples for minutes and then
 * cannot write its results has thrown the user's time away.
 */
public final class OutputDirectory {
  private OutputDirectory() {}

  /** Creates the directory and writes (then removes) a probe file; an invalid-arguments error with the OS's reason if it cannot. */
  public static void prepare(Path dir) {
    try {
      Files.createDirectories(dir);
      Path probe = Files.createTempFile(dir, ".pyrometer-probe-", ".tmp");
      Files.delete(probe);
    } catch (IOException e) {
      throw AgentException.invalidArguments("cannot write to the output directory " + dir + ": " + reason(e));
    }
  }

  /**
   * Why an I/O operation failed, in the OS's words: a {@link FileSystemException}'s message is
   * only the file name, the reason is elsewhere or in its class.
   */
  public static String reason(IOException e) {
    if (e instanceof FileSystemException fs) {
      String why = fs.getReason() != null ? fs.getReason().toLowerCase(java.util.Locale.ROOT)
          : e instanceof AccessDeniedException ? "permission denied"
          : e instanceof NoSuchFileException ? "no such file or directory"
          : e instanceof NotDirectoryException ? "not a directory"
          : e instanceof FileAlreadyExistsException ? "a file of that name exists"
          : e.getClass().getSimpleName();
      return fs.getFile() == null ? why : why + " (" + fs.getFile() + ")";
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }
}
