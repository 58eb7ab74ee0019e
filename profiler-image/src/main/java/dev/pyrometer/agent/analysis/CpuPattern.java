package dev.pyrometer.agent.analysis;

import java.util.function.Predicate;

/**
 * One line of the CPU pattern table: a recognisable kind of work, told by the frames it runs in.
 *
 * @param id stable name, used in report.json and by the pattern's test
 * @param title what the work is, e.g. "compiling regular expressions"
 * @param suggestion what usually helps
 * @param matches true for a frame that does this work
 */
record CpuPattern(String id, String title, String suggestion, Predicate<CodeFrame> matches) {}
