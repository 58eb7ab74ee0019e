package dev.pyrometer.agent.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar manifest (set by the build). */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = Pyrometer.class.getPackage().getImplementationVersion();
    return new String[] {"pyrometer " + (version == null ? "development build" : version)};
  }
}
