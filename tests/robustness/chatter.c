/* The guest of the robustness tests: prints a numbered line now and then,
 * forever (output to cut off, a run to interrupt or suspend). With
 * TALK_TO_SERVER it also writes and reads test0's scratch register all the
 * time, so that the CPU is mostly waiting on its device server. With
 * QUIET_AFTER=N it prints N lines and then runs on without a word. */
#include <stdint.h>
#include <stdio.h>

#define TEST0_SCRATCH ((volatile uint64_t *)0x10001008ul)

int main(void)
{
    for (uint64_t i = 0;; i++) {
#ifdef QUIET_AFTER
        if (i >= QUIET_AFTER)
            for (;;) /* goes quiet and runs on: nothing more to write */
                ;
#endif
        printf("chatter %llu\n", (unsigned long long)i);
        for (volatile int spin = 0; spin < 20000; spin++) {
#ifdef TALK_TO_SERVER
            *TEST0_SCRATCH = i;
            if (*TEST0_SCRATCH != i)
                return 3;
#endif
        }
    }
}
