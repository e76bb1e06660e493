package org.portier.mx;

import java.util.function.IntPredicate;

/** Command invoke ids: 1..9998 in turn, wrapping after 9998, skipping ids whose reply is still awaited. */
final class InvokeIds {
  static final int MAX = 9998;
  private int last;

  /** The next free id, or -1 when every id is taken. */
  int next(IntPredicate taken) {
    for (int i = 0; i < MAX; i++) {
      last = last % MAX + 1;
      if (!taken.test(last)) return last;
    }
    return -1;
  }
}
