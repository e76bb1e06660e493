package org.portier.mx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InvokeIdsTest {
  @Test
  void idsRunFromOneTo9998AndWrap() {
    InvokeIds ids = new InvokeIds();
    assertThat(ids.next(i -> false)).isEqualTo(1);
    for (int i = 2; i <= 9998; i++) assertThat(ids.next(x -> false)).isEqualTo(i);
    assertThat(ids.next(i -> false)).isEqualTo(1);
  }

  @Test
  void anIdStillPendingIsSkippedAndAFullTableSaysSo() {
    InvokeIds ids = new InvokeIds();
    Set<Integer> pending = new HashSet<>(Set.of(1, 2, 5));
    assertThat(ids.next(pending::contains)).isEqualTo(3);
    assertThat(ids.next(pending::contains)).isEqualTo(4);
    assertThat(ids.next(pending::contains)).isEqualTo(6);
    assertThat(ids.next(i -> true)).isEqualTo(-1);
  }
}
