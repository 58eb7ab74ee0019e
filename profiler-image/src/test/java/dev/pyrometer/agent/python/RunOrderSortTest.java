package dev.pyrometer.agent.python;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RunOrderSortTest {
  private final RunOrderSort sort = new RunOrderSort();
  private final Random random = new Random(42);

  /**
   * As StackCheck fills them: frames back to front at the start, the other entries after them in
   * walk order; entry k carries its address shifted over k. Sorts and checks against Arrays.sort.
   */
  private void assertSorts(List<Long> frames, List<Long> others) {
    int n = frames.size() + others.size();
    long[] values = new long[n + 3]; // longer than n: only [0, n) is sorted
    Arrays.fill(values, -7);
    int[] positionOf = new int[n];
    for (int k = 0; k < n; k++) {
      int position = k < frames.size() ? frames.size() - 1 - k : k;
      long address = k < frames.size() ? frames.get(k) : others.get(k - frames.size());
      values[position] = (address << 16) | k;
      positionOf[k] = position;
    }
    long[] expected = values.clone();
    Arrays.sort(expected, 0, n);
    sort.sort(values, frames.size(), n, positionOf);
    assertThat(values).containsExactly(expected);
  }

  private void assertSorts(List<Long> frames) {
    assertSorts(frames, List.of());
  }

  /** A thread's frames, innermost first: falling addresses inside its own chunk. */
  private List<Long> thread(long chunk, int depth) {
    List<Long> frames = new ArrayList<>();
    long address = chunk + 64L * depth + random.nextInt(8) * 8;
    for (int i = 0; i < depth; i++) {
      frames.add(address);
      address -= 48 + random.nextInt(4) * 8;
    }
    return frames;
  }

  @Test
  void threadsInSeparateChunksInAnyOrder() {
    List<Long> chunks = new ArrayList<>();
    for (int t = 0; t < 200; t++) {
      chunks.add(0x7f00_0000_0000L + t * 0x10_0000L);
    }
    Collections.shuffle(chunks, random);
    List<Long> addresses = new ArrayList<>();
    chunks.forEach(c -> addresses.addAll(thread(c, 5 + random.nextInt(20))));
    assertSorts(addresses);
  }

  @Test
  void overlappingRunsFallBackToAFullSort() {
    List<Long> addresses = new ArrayList<>();
    addresses.addAll(thread(0x5000_0000L, 30));
    addresses.addAll(thread(0x5000_0100L, 30)); // interleaves with the first thread's frames
    addresses.addAll(thread(0x6000_0000L, 30));
    assertSorts(addresses);
  }

  @Test
  void codeObjectsInAnyOrderMergedWithTheFrames() {
    List<Long> codes = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      codes.add(0x7000_0000L + random.nextInt(1 << 16) * 64L); // some below, some inside, some above the frames
    }
    assertSorts(thread(0x7000_8000L, 20), codes);
    assertSorts(List.of(), codes);
    List<Long> frames = new ArrayList<>(thread(0x7100_0000L, 10));
    frames.addAll(thread(0x7200_0000L, 10));
    assertSorts(frames, List.of(0x7000_0000L)); // below every frame
    assertSorts(frames, List.of(0x7300_0000L)); // above
  }

  @Test
  void sortedShortAndRandomInputs() {
    assertSorts(List.of());
    assertSorts(List.of(0x1000L));
    assertSorts(List.of(0x3000L, 0x2000L, 0x1000L)); // one run after the reversal
    assertSorts(List.of(0x1000L, 0x2000L, 0x3000L));
    for (int round = 0; round < 200; round++) {
      List<Long> addresses = new ArrayList<>();
      int n = 1 + random.nextInt(600);
      for (int i = 0; i < n; i++) {
        // generator frames and code objects between chunk frames: runs of any length, overlapping
        addresses.add(random.nextInt(4) == 0 ? 0x4000_0000L + random.nextInt(1 << 20) * 16L
            : 0x7000_0000L + (n - i) * 64L + (i / 17) * 0x10_0000L);
      }
      assertSorts(addresses); // repeated addresses too: one code object checked for several threads
    }
  }
}
