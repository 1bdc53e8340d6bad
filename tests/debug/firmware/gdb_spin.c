/* Runs until a debugger ends it: says so on the console, then counts in
 * `spins` for ever (tests/debug: attach while running, Ctrl-C, kill). */
#include <stdio.h>

volatile unsigned long spins;

int main(void) {
  puts("spinning");
  for (;;) ++spins;
}
