/* A stack-machine interpreter: one switch on the opcode per instruction
 * (compiled to a jump table: indirect jumps), a value stack and registers
 * in memory. Runs two small bytecode programs, assembled once at first use:
 * Collatz step counts over a range, and sums of Euclid's GCD over
 * generated pairs (division and remainder). */
#include "intmix.h"

enum op {
    OP_HALT, OP_PUSH, OP_LOAD, OP_STORE, OP_INC, OP_ADD, OP_SUB, OP_MUL,
    OP_REMU, OP_AND, OP_OR, OP_XOR, OP_SHL, OP_SHR, OP_DUP, OP_SWAP,
    OP_DROP, OP_OVER, OP_LT, OP_EQ, OP_JMP, OP_JZ, OP_JNZ,
};

#define CODE_WORDS 128
#define STACK_DEPTH 16
#define REGISTERS 8
#define LABELS 8

struct program {
    uint32_t code[CODE_WORDS];
    uint32_t length;
    uint32_t label_at[LABELS];
    uint32_t fixup_at[CODE_WORDS], fixup_label[CODE_WORDS], fixups;
};

static void emit(struct program *p, uint32_t op) { p->code[p->length++] = op; }

static void emit_arg(struct program *p, uint32_t op, uint32_t arg)
{
    emit(p, op);
    emit(p, arg);
}

/* A jump to a label that may not be placed yet: patched by finish(). */
static void emit_jump(struct program *p, uint32_t op, uint32_t label)
{
    emit(p, op);
    p->fixup_at[p->fixups] = p->length;
    p->fixup_label[p->fixups++] = label;
    emit(p, 0);
}

static void place(struct program *p, uint32_t label) { p->label_at[label] = p->length; }

static void finish(struct program *p)
{
    for (uint32_t i = 0; i < p->fixups; i++)
        p->code[p->fixup_at[i]] = p->label_at[p->fixup_label[i]];
}

/* r0 = first n, r1 = end; returns the total number of Collatz steps. */
static void assemble_collatz(struct program *p)
{
    enum { LOOP, INNER, EVEN, COUNT, NEXT, DONE };
    place(p, LOOP);
    emit_arg(p, OP_LOAD, 0); emit_arg(p, OP_LOAD, 1); emit(p, OP_LT); emit_jump(p, OP_JZ, DONE);
    emit_arg(p, OP_LOAD, 0); emit_arg(p, OP_STORE, 3);
    place(p, INNER);
    emit_arg(p, OP_LOAD, 3); emit_arg(p, OP_PUSH, 1); emit(p, OP_EQ); emit_jump(p, OP_JNZ, NEXT);
    emit_arg(p, OP_LOAD, 3); emit_arg(p, OP_PUSH, 1); emit(p, OP_AND); emit_jump(p, OP_JZ, EVEN);
    emit_arg(p, OP_LOAD, 3); emit(p, OP_DUP); emit(p, OP_DUP); emit(p, OP_ADD); emit(p, OP_ADD);
    emit_arg(p, OP_PUSH, 1); emit(p, OP_ADD); emit_arg(p, OP_STORE, 3); emit_jump(p, OP_JMP, COUNT);
    place(p, EVEN);
    emit_arg(p, OP_LOAD, 3); emit_arg(p, OP_PUSH, 1); emit(p, OP_SHR); emit_arg(p, OP_STORE, 3);
    place(p, COUNT);
    emit_arg(p, OP_INC, 2); emit_jump(p, OP_JMP, INNER);
    place(p, NEXT);
    emit_arg(p, OP_INC, 0); emit_jump(p, OP_JMP, LOOP);
    place(p, DONE);
    emit_arg(p, OP_LOAD, 2); emit(p, OP_HALT);
    finish(p);
}

/* r0 = generator state, r1 = pairs; returns the sum of gcd(a, b) over
 * pairs of 16-bit numbers drawn from a bytecode LCG. */
static void assemble_gcd(struct program *p)
{
    enum { LOOP, EUCLID, FOUND, DONE };
    place(p, LOOP);
    emit_arg(p, OP_LOAD, 1); emit_jump(p, OP_JZ, DONE);
    for (uint32_t r = 3; r <= 4; r++) { /* r3 = a, r4 = b */
        emit_arg(p, OP_LOAD, 0); emit_arg(p, OP_PUSH, 0x19660du); emit(p, OP_MUL);
        emit_arg(p, OP_PUSH, 0x3c6ef35fu); emit(p, OP_ADD); emit(p, OP_DUP); emit_arg(p, OP_STORE, 0);
        emit_arg(p, OP_PUSH, 16); emit(p, OP_SHR); emit_arg(p, OP_PUSH, 1); emit(p, OP_OR);
        emit_arg(p, OP_STORE, r);
    }
    emit_arg(p, OP_LOAD, 3); emit_arg(p, OP_LOAD, 4);
    place(p, EUCLID); /* stack: a b */
    emit(p, OP_DUP); emit_jump(p, OP_JZ, FOUND);
    emit(p, OP_SWAP); emit(p, OP_OVER); emit(p, OP_REMU); emit_jump(p, OP_JMP, EUCLID);
    place(p, FOUND); /* stack: g 0 */
    emit(p, OP_DROP); emit_arg(p, OP_LOAD, 2); emit(p, OP_ADD); emit_arg(p, OP_STORE, 2);
    emit_arg(p, OP_LOAD, 1); emit_arg(p, OP_PUSH, 1); emit(p, OP_SUB); emit_arg(p, OP_STORE, 1);
    emit_jump(p, OP_JMP, LOOP);
    place(p, DONE);
    emit_arg(p, OP_LOAD, 2); emit(p, OP_HALT);
    finish(p);
}

/* Runs until HALT; returns the top of the stack, *steps += instructions. */
static uint32_t run(const struct program *p, uint32_t *regs, uint32_t *steps)
{
    uint32_t stack[STACK_DEPTH], sp = 0, pc = 0, count = 0;
    for (;;) {
        const uint32_t op = p->code[pc++];
        count++;
        switch (op) {
        case OP_HALT: *steps += count; return sp ? stack[sp - 1] : 0;
        case OP_PUSH: stack[sp++] = p->code[pc++]; break;
        case OP_LOAD: stack[sp++] = regs[p->code[pc++] % REGISTERS]; break;
        case OP_STORE: regs[p->code[pc++] % REGISTERS] = stack[--sp]; break;
        case OP_INC: regs[p->code[pc++] % REGISTERS]++; break;
        case OP_ADD: sp--; stack[sp - 1] += stack[sp]; break;
        case OP_SUB: sp--; stack[sp - 1] -= stack[sp]; break;
        case OP_MUL: sp--; stack[sp - 1] *= stack[sp]; break;
        case OP_REMU: sp--; stack[sp - 1] = stack[sp] ? stack[sp - 1] % stack[sp] : stack[sp - 1]; break;
        case OP_AND: sp--; stack[sp - 1] &= stack[sp]; break;
        case OP_OR: sp--; stack[sp - 1] |= stack[sp]; break;
        case OP_XOR: sp--; stack[sp - 1] ^= stack[sp]; break;
        case OP_SHL: sp--; stack[sp - 1] <<= stack[sp] & 31; break;
        case OP_SHR: sp--; stack[sp - 1] >>= stack[sp] & 31; break;
        case OP_DUP: stack[sp] = stack[sp - 1]; sp++; break;
        case OP_SWAP: { const uint32_t t = stack[sp - 1]; stack[sp - 1] = stack[sp - 2]; stack[sp - 2] = t; break; }
        case OP_DROP: sp--; break;
        case OP_OVER: stack[sp] = stack[sp - 2]; sp++; break;
        case OP_LT: sp--; stack[sp - 1] = stack[sp - 1] < stack[sp]; break;
        case OP_EQ: sp--; stack[sp - 1] = stack[sp - 1] == stack[sp]; break;
        case OP_JMP: pc = p->code[pc]; break;
        case OP_JZ: pc = stack[--sp] == 0 ? p->code[pc] : pc + 1; break;
        case OP_JNZ: pc = stack[--sp] != 0 ? p->code[pc] : pc + 1; break;
        default: *steps += count; return 0xdeadu; /* bad opcode: shows in the digest */
        }
        /* A malformed program must not scribble outside the stack. */
        if (sp >= STACK_DEPTH - 1 || pc >= CODE_WORDS)
            return 0xbadu;
    }
}

uint32_t bytecode_kernel(uint32_t seed)
{
    static struct program collatz, gcd;
    if (!collatz.length) {
        assemble_collatz(&collatz);
        assemble_gcd(&gcd);
    }
    uint32_t state = mix32(seed ^ 0x62797465u), steps = 0;
    uint32_t regs[REGISTERS] = {0};
    regs[0] = 1 + rng_next(&state) % 5000;
    regs[1] = regs[0] + 6;
    const uint32_t collatz_steps = run(&collatz, regs, &steps);

    for (uint32_t r = 0; r < REGISTERS; r++)
        regs[r] = 0;
    regs[0] = rng_next(&state);
    regs[1] = 24;
    const uint32_t gcd_sum = run(&gcd, regs, &steps);
    return collatz_steps * 0x10001u ^ gcd_sum ^ steps << 20;
}
