package dev.pyrometer.agent.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * LiveImage reuses the arrays of forgotten pages for the next reads; what it returns after a
 * forget or a refresh must be the process as it is now, never a page left over from before.
 */
class LiveImageTest {
  private static final long BASE = 0x7f00_0000_0000L;

  /** Sixteen pages that the test rewrites between samples, as a running target would. */
  private static final class ChangingMemory implements ProcessMemory {
    final byte[] bytes = new byte[16 * 4096];
    int reads;

    void fill(int page, int value) {
      Arrays.fill(bytes, page * 4096, (page + 1) * 4096, (byte) value);
    }

    @Override
    public void read(long address, byte[] dst, int offset, int length) throws MemoryReadException {
      reads++;
      long at = address - BASE;
      if (at < 0 || at + length > bytes.length) {
        throw new MemoryReadException("unmapped", address);
      }
      System.arraycopy(bytes, (int) at, dst, offset, length);
    }

    @Override
    public String describe() {
      return "changing memory";
    }

    @Override
    public void close() {}
  }

  @Test
  void aForgottenPagesArrayIsReusedOnlyWithTheNewBytes() throws Exception {
    ChangingMemory memory = new ChangingMemory();
    LiveImage image = new LiveImage(memory, 64);
    for (int page = 0; page < 16; page++) {
      memory.fill(page, page + 1);
    }
    for (int page = 0; page < 16; page++) {
      assertThat(image.u8(BASE + page * 4096L + 7)).isEqualTo(page + 1);
    }

    for (int sample = 0; sample < 5; sample++) {
      for (int page = 0; page < 16; page++) {
        memory.fill(page, 100 + sample * 16 + page);
      }
      if (sample % 2 == 0) {
        image.forget();
      } else {
        image.refresh(); // read again ahead, into the arrays of the pages it forgets
      }
      // read in another order than before: a reused array must hold its new page, not its old one
      for (int page = 15; page >= 0; page--) {
        assertThat(image.u8(BASE + page * 4096L + 4095)).as("sample %d page %d", sample, page)
            .isEqualTo((100 + sample * 16 + page) & 0xff);
      }
    }
  }

  @Test
  void aPageThatBecameUnreadableReadsAsUnreadableAfterARefresh() throws Exception {
    ChangingMemory memory = new ChangingMemory();
    LiveImage image = new LiveImage(memory, 64);
    memory.fill(3, 9);
    assertThat(image.u8(BASE + 3 * 4096L)).isEqualTo(9);
    assertThat(image.contains(BASE + 20 * 4096L, 8)).isFalse();
    image.refresh();
    assertThat(image.contains(BASE + 3 * 4096L, 8)).isTrue();
    assertThat(image.contains(BASE + 20 * 4096L, 8)).isFalse();
  }
}
