package dev.pyrometer.agent.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LongMapTest {
  @Test
  void behavesAsAHashMapForAlignedAddressesZeroAndNegativeKeys() {
    LongMap<String> map = new LongMap<>(4);
    Map<Long, String> oracle = new HashMap<>();
    Random random = new Random(7);
    for (int i = 0; i < 20_000; i++) {
      long key = switch (i % 4) {
        case 0 -> 0x7f00_0000_0000L + 16L * random.nextInt(5_000); // aligned object addresses
        case 1 -> (long) random.nextInt(64) << 12; // page numbers' addresses, 0 among them
        case 2 -> -random.nextInt(100); // thread ids and the like: 0 and negatives allowed
        default -> random.nextLong();
      };
      if (random.nextInt(10) == 0) {
        assertThat(map.get(key)).isEqualTo(oracle.get(key));
      } else {
        map.put(key, "v" + i);
        oracle.put(key, "v" + i);
      }
    }
    assertThat(map.size()).isEqualTo(oracle.size());
    oracle.forEach((k, v) -> assertThat(map.get(k)).as("key %d", k).isEqualTo(v));
    Map<Long, String> seen = new HashMap<>();
    map.forEach(seen::put);
    assertThat(seen).isEqualTo(oracle);

    map.clear();
    assertThat(map.size()).isZero();
    assertThat(map.get(0L)).isNull();
    map.put(0L, "zero");
    assertThat(map.get(0L)).isEqualTo("zero");
  }

  @Test
  void retainIfKeepsExactlyTheAcceptedKeysAndTheMapStaysUsable() {
    LongMap<Long> map = new LongMap<>(4);
    for (long k = -50; k < 1_000; k++) {
      map.put(k << 12, k);
    }
    map.retainIf((key, value) -> (key >> 12) % 3 == 0);
    Map<Long, Long> seen = new HashMap<>();
    map.forEach(seen::put);
    assertThat(seen).hasSize(350).allSatisfy((key, value) -> assertThat(value % 3).isZero());
    assertThat(map.size()).isEqualTo(350);
    for (long k = -50; k < 1_000; k++) {
      assertThat(map.get(k << 12)).as("key %d", k).isEqualTo(k % 3 == 0 ? k : null);
    }
    map.put(1L << 12, 1L);
    assertThat(map.get(1L << 12)).isEqualTo(1L);
    assertThat(map.size()).isEqualTo(351);
  }

  @Test
  void aNullValueIsRefused() {
    assertThatThrownBy(() -> new LongMap<String>().put(1L, null)).isInstanceOf(IllegalArgumentException.class);
  }
}
