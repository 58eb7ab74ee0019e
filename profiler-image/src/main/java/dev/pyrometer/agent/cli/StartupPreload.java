package dev.pyrometer.agent.cli;

import dev.pyrometer.agent.memory.LiveProcessMemory;
import dev.pyrometer.agent.python.layout.LayoutTable;

/**
 * What every attach needs and no argument changes, loaded on a background thread while picocli
 * builds the command model on the main one: JNA's native binding and the interpreter layout
 * tables (about 40 ms of parsing). The path to the first sample then finds them ready.
 */
final class StartupPreload {
  private StartupPreload() {}

  static void start() {
    Thread t = new Thread(() -> {
      LiveProcessMemory.loadNativeBinding();
      LayoutTable.supportedMinors();
    }, "startup-preload");
    t.setDaemon(true);
    t.start();
  }
}
