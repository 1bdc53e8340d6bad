/* Machine-mode trap dispatch: rt_trap_entry (crt0.S) saves the registers
 * and calls rt_trap_dispatch, which hands the trap to the handler installed
 * for its interrupt number or exception code. */
#include <stdio.h>
#include <unistd.h>

#include "loom_rt.h"

#define RT_TRAP_CODES 16

static rt_trap_handler interrupt_handlers[RT_TRAP_CODES];
static rt_trap_handler exception_handlers[RT_TRAP_CODES];

void rt_set_interrupt_handler(unsigned irq, rt_trap_handler handler)
{
    if (irq < RT_TRAP_CODES)
        interrupt_handlers[irq] = handler;
}

void rt_set_exception_handler(unsigned cause, rt_trap_handler handler)
{
    if (cause < RT_TRAP_CODES)
        exception_handlers[cause] = handler;
}

void rt_trap_dispatch(struct rt_trap_frame *frame);

void rt_trap_dispatch(struct rt_trap_frame *frame)
{
    const int is_interrupt = (frame->mcause & MCAUSE_INTERRUPT) != 0;
    const uint64_t code = frame->mcause & ~MCAUSE_INTERRUPT;
    rt_trap_handler handler = 0;
    if (code < RT_TRAP_CODES)
        handler = is_interrupt ? interrupt_handlers[code] : exception_handlers[code];
    if (handler) {
        handler(frame);
        return;
    }
    printf("\nunhandled %s %lu: mepc=0x%lx mtval=0x%lx\n",
           is_interrupt ? "interrupt" : "exception", (unsigned long)code,
           (unsigned long)frame->mepc, (unsigned long)frame->mtval);
    _exit(RT_EXIT_UNHANDLED_TRAP);
}
