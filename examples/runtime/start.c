/* C half of the start-up: constructors, main, exit. */
#include <stdlib.h>

#include "loom_rt.h"

int main(void);
void rt_start(void) __attribute__((noreturn));

typedef void (*init_function)(void);
extern init_function __preinit_array_start[], __preinit_array_end[];
extern init_function __init_array_start[], __init_array_end[];

void rt_start(void)
{
    for (init_function *f = __preinit_array_start; f < __preinit_array_end; f++)
        (*f)();
    for (init_function *f = __init_array_start; f < __init_array_end; f++)
        (*f)();
    /* exit runs the destructors and atexit functions, then _exit (htif.c). */
    exit(main());
}
