/* C half of the start-up: timer reset, constructors, main, exit. */
#include <stdint.h>
#include <stdlib.h>

#include "loom_rt.h"

int main(void);
void rt_start(void) __attribute__((noreturn));

typedef void (*init_function)(void);
extern init_function __preinit_array_start[], __preinit_array_end[];
extern init_function __init_array_start[], __init_array_end[];

void rt_start(void)
{
    /* mtimecmp resets to 0, which leaves the timer interrupt pending from
     * the start: a program that enables it would take one at once. No
     * deadline until the program sets its own. */
    rt_set_mtimecmp(csr_read(mhartid), UINT64_MAX);

    for (init_function *f = __preinit_array_start; f < __preinit_array_end; f++)
        (*f)();
    for (init_function *f = __init_array_start; f < __init_array_end; f++)
        (*f)();
    /* exit runs the destructors and atexit functions, then _exit (htif.c). */
    exit(main());
}
