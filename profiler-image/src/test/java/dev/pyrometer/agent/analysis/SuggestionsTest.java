package dev.pyrometer.agent.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {

  @Test
  void everyCauseHasAdvice() {
    for (BlockingCause cause : BlockingCause.values()) {
      assertThat(Suggestions.BY_CAUSE.get(cause)).as(cause.name()).isNotBlank();
    }
  }

  @Test
  void everyRuleGetsAdviceFromItsOwnLineOrItsCause() {
    for (BlockingRule rule : BlockingRules.RULES) {
      String text = Suggestions.forBlocking(new BlockingRules.Blocking(rule.cause(), rule.id(), "detail"));
      assertThat(text).as(rule.id()).isNotBlank();
    }
  }

  @Test
  void adviceByRuleOnlyNamesRulesThatExist() {
    List<String> ids = BlockingRules.RULES.stream().map(BlockingRule::id).toList();

    assertThat(ids).containsAll(Suggestions.BY_RULE.keySet());
  }

  @Test
  void everyCpuKindHasAdvice() {
    for (String kind : List.of(CpuKinds.HOT_FUNCTION, CpuKinds.LIBRARY_CALL, CpuKinds.STDLIB_CALL, CpuKinds.NO_APP_CODE)) {
      assertThat(Suggestions.forCpu(kind)).as(kind).isNotBlank();
    }
  }

  @Test
  void everyCpuPatternHasAdvice() {
    for (CpuPattern pattern : CpuPatterns.PATTERNS) {
      assertThat(pattern.suggestion()).as(pattern.id()).isNotBlank();
      assertThat(pattern.title()).as(pattern.id()).isNotBlank();
    }
  }

  @Test
  void namesTheFunctionAndTheCallItMakes() {
    String text = Suggestions.fill(Suggestions.BY_CAUSE.get(BlockingCause.CHILD_PROCESS), "handle_by_script", "subprocess.run");

    assertThat(text).startsWith("handle_by_script waits for a child process (subprocess.run)").doesNotContain("{");
  }

  @Test
  void fallsBackToNeutralWordsWhenNamesAreUnknown() {
    String text = Suggestions.fill(Suggestions.BY_CAUSE.get(BlockingCause.OTHER), null, null);

    assertThat(text).contains("this code").contains("the call at this line").doesNotContain("{");
  }
}
