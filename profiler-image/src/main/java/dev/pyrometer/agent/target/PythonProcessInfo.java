package dev.pyrometer.agent.target;

/**
 * A process that looks like Python from its mappings, before attaching.
 *
 * @param pid process id
 * @param commandLine its command line
 * @param module the python executable or libpython it maps
 */
public record PythonProcessInfo(int pid, String commandLine, String module) {}
