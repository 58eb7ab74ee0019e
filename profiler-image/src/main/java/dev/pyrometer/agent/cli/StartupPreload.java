package dev.pyrometer.agent.cli;

import dev.pyrometer.agent.memory.LiveProcessMemory;

/**
 * What every attach needs and no argument changes, loaded on a background thread while picocli
 * builds the command model on the main one: JNA's native binding. The path to the first sample
 * then finds it ready. (The interpreter layout tables are not: only the attached version's is
 * parsed, when the version is known.)
 */
final class StartupPreload {
  private StartupPreload() {}

  static void start() {
    Thread t = new Thread(LiveProcessMemory::loadNativeBinding, "startup-preload");
    t.setDaemon(true);
    t.start();
  }
}
