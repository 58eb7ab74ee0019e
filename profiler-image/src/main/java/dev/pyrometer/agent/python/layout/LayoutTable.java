package dev.pyrometer.agent.python.layout;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The generated per-minor layout tables shipped as resources
 * ({@code dev/pyrometer/agent/python/layouts/python-3.X.properties}), each parsed once, on first use.
 */
public final class LayoutTable {

  static final String RESOURCE_DIRECTORY = "/dev/pyrometer/agent/python/layouts/";
  static final String SOURCE_VERSION_KEY = "source.version";
  /** Minor versions probed for a resource; far beyond any CPython 3 release we could see. */
  private static final int HIGHEST_MINOR_PROBED = 40;

  private LayoutTable() {}

  /** The layout of Python 3.{@code minor}, or empty when no table was generated for it. */
  public static Optional<RawLayout> forMinor(int minor) {
    return PARSED.computeIfAbsent(minor, LayoutTable::load);
  }

  /** The minor versions that have a table, ascending (their files are not parsed for this). */
  public static SortedSet<Integer> supportedMinors() {
    SortedSet<Integer> minors = new TreeSet<>();
    for (int minor = 0; minor <= HIGHEST_MINOR_PROBED; minor++) {
      if (LayoutTable.class.getResource(resourceName(minor)) != null) {
        minors.add(minor);
      }
    }
    return Collections.unmodifiableSortedSet(minors);
  }

  /**
   * Each table is parsed when first asked for, and once: an agent attaches to one or two versions,
   * and parsing all eight cost about 40 ms of CPU on every start.
   */
  private static final Map<Integer, Optional<RawLayout>> PARSED = new ConcurrentHashMap<>();

  private static String resourceName(int minor) {
    return RESOURCE_DIRECTORY + "python-3." + minor + ".properties";
  }

  private static Optional<RawLayout> load(int minor) {
    String name = resourceName(minor);
    try (InputStream in = LayoutTable.class.getResourceAsStream(name)) {
      return in == null ? Optional.empty() : Optional.of(parse(minor, name, in));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read layout resource " + name, e);
    }
  }

  /** Parses one generated file; a malformed table is a build error, so it fails loudly. */
  static RawLayout parse(int minor, String name, InputStream in) throws IOException {
    Properties properties = new Properties();
    properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    String sourceVersion = properties.getProperty(SOURCE_VERSION_KEY);
    if (sourceVersion == null || !sourceVersion.startsWith("3." + minor + ".")) {
      throw new IllegalStateException(
          name + ": source.version " + sourceVersion + " is not a Python 3." + minor + " version");
    }
    Map<String, Long> values = new HashMap<>();
    for (String key : properties.stringPropertyNames()) {
      if (key.equals(SOURCE_VERSION_KEY)) {
        continue;
      }
      String text = properties.getProperty(key);
      try {
        values.put(key, Long.parseLong(text));
      } catch (NumberFormatException e) {
        throw new IllegalStateException(name + ": " + key + "=" + text + " is not a number", e);
      }
    }
    return new RawLayout(minor, sourceVersion, values);
  }
}
