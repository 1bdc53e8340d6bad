/* The firmware GDB sessions are driven against (tests/debug/gdb_*.sh):
 * hart 0 calls accumulate() five times, which adds to the global `counter`
 * (a watchpoint's variable) and to an FP sum kept in fs0 ... by the compiler;
 * the exit status says whether the sums came out right, so a debugger
 * that changed the run shows. Other harts park in the runtime's wfi loop. */
#include <stdio.h>

volatile long counter;
volatile double scale = 1.5;

__attribute__((noinline)) long accumulate(long step) {
  counter += step;
  return counter;
}

__attribute__((noinline)) double scaled(long i) { return scale * (double)i; }

int main(void) {
  double total = 0;
  for (long i = 1; i <= 5; ++i) {
    accumulate(i);
    total += scaled(i);
  }
  printf("counter %ld total %.1f\n", counter, total);
  return counter == 15 && total == 22.5 ? 0 : 1;
}
