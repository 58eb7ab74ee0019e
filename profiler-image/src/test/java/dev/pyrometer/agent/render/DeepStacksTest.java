package dev.pyrometer.agent.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyrometer.agent.profile.CallTree;
import dev.pyrometer.agent.profile.FrameKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every renderer copes with the deepest stack the walker returns (4096 Python frames plus context). */
class DeepStacksTest {
  static final int DEPTH = 4096 + 4;

  static CallTree deepTree() {
    List<FrameKey> stack = new ArrayList<>();
    stack.add(FrameKey.process(7, "python recurse.py"));
    stack.add(FrameKey.thread(7, "MainThread"));
    for (int i = 0; i < DEPTH - 3; i++) {
      stack.add(FrameKey.python("recurse", "/srv/app/recurse.py", 10 + i % 3));
    }
    stack.add(FrameKey.marker("<truncated>"));
    CallTree tree = new CallTree();
    tree.add(stack, 5);
    tree.add(stack.subList(0, DEPTH / 2), 2);
    return tree;
  }

  @Test
  void foldedStacksRoundTripADeepStack() {
    String folded = FoldedStacks.toText(deepTree());

    assertThat(folded.lines()).hasSize(2);
    assertThat(FoldedStacks.toText(FoldedStacks.parse(folded).tree())).isEqualTo(folded);
  }

  @Test
  void flameGraphWritesEveryLevelOfADeepStack() throws IOException {
    StringWriter out = new StringWriter();
    FlameGraphHtml.Result result = FlameGraphHtml.write(deepTree(), FlameGraphHtml.Options.of("deep", WeightUnit.SAMPLES), out);

    assertThat(result.frames()).isEqualTo(1 + DEPTH);
  }

  @Test
  void speedscopeWritesADeepStackAsOneSample() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SpeedscopeJson.write(deepTree(), "deep", WeightUnit.SAMPLES, out);

    assertThat(out.toString()).contains("\"weights\":[2,5]");
  }
}
