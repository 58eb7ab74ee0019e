package dev.pyrometer.agent.analysis;

import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One line of the blocking-cause table: when a stack matches, its cause and a phrase saying what it
 * waits for.
 *
 * @param id stable name, used in report.json and by the rule's test
 * @param cause what kind of wait it is
 * @param matches the condition, read from the stack
 * @param detail what exactly it waits for, e.g. "resolves a host name (DNS)"
 */
record BlockingRule(String id, BlockingCause cause, Predicate<BlockedStack> matches, Function<BlockedStack, String> detail) {

  static BlockingRule rule(String id, BlockingCause cause, String detail, Predicate<BlockedStack> matches) {
    return new BlockingRule(id, cause, matches, s -> detail);
  }
}
