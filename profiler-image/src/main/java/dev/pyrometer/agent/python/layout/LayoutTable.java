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
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The generated per-minor layout tables shipped as resources
 * ({@code dev/pyrometer/agent/python/layouts/python-3.X.properties}), loaded once on first use.
 */
public final class LayoutTable {

  static final String RESOURCE_DIRECTORY = "/dev/pyrometer/agent/python/layouts/";
  static final String SOURCE_VERSION_KEY = "source.version";
  /** Minor versions probed for a resource; far beyond any CPython 3 release we could see. */
  private static final int HIGHEST_MINOR_PROBED = 40;

  private LayoutTable() {}

  /** The layout of Python 3.{@code minor}, or empty when no table was generated for it. */
  public static Optional<RawLayout> forMinor(int minor) {
    return Optional.ofNullable(Loaded.TABLES.get(minor));
  }

  /** The minor versions that have a table, ascending. */
  public static SortedSet<Integer> supportedMinors() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(Loaded.TABLES.keySet()));
  }

  /** Holder idiom: the resources are read when the table is first asked for, and only once. */
  private static final class Loaded {
    static final SortedMap<Integer, RawLayout> TABLES = loadAll();
  }

  private static SortedMap<Integer, RawLayout> loadAll() {
    SortedMap<Integer, RawLayout> tables = new TreeMap<>();
    for (int minor = 0; minor <= HIGHEST_MINOR_PROBED; minor++) {
      String name = RESOURCE_DIRECTORY + "python-3." + minor + ".properties";
      try (InputStream in = LayoutTable.class.getResourceAsStream(name)) {
        if (in != null) {
          tables.put(minor, parse(minor, name, in));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read layout resource " + name, e);
      }
    }
    return Collections.unmodifiableSortedMap(tables);
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
