package dev.pyrometer.agent.python;

/** One Python frame of a sampled stack: the code object and the line being executed. */
public record PyFrame(CodeInfo code, int line) {}
