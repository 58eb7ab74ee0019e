package dev.pyrometer.agent.attach;

import dev.pyrometer.agent.elf.ElfFile;
import dev.pyrometer.agent.python.PythonVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds {@code PY_VERSION} ("3.9.18") among the read-only strings of a python binary: the fallback
 * for 3.8–3.10, which export no version number.
 */
final class VersionStrings {
  private static final Pattern VERSION = Pattern.compile("[^0-9.](3\\.(\\d+)\\.\\d+(?:(?:a|b|rc)\\d+)?)\\+?\0");
  private static final long MAX_RODATA = 64L << 20;

  private VersionStrings() {}

  static Optional<PythonVersion> find(ElfFile elf, Integer expectedMinor) throws IOException {
    Optional<ElfFile.Section> rodata = elf.section(".rodata");
    if (rodata.isEmpty() || rodata.get().size() > MAX_RODATA) {
      return Optional.empty();
    }
    String text = new String(elf.readBytes(rodata.get().offset(), rodata.get().size()), StandardCharsets.ISO_8859_1);
    Map<String, Integer> counts = new HashMap<>();
    Matcher m = VERSION.matcher(text);
    while (m.find()) {
      int minor = Integer.parseInt(m.group(2));
      if (expectedMinor == null ? minor >= 8 && minor <= 12 : minor == expectedMinor) {
        counts.merge(m.group(1), 1, Integer::sum);
      }
    }
    return counts.entrySet().stream()
        .max(Map.Entry.comparingByValue())
        .map(e -> PythonVersion.parse(e.getKey()));
  }
}
