/* Single-precision FADD, FSUB, FMUL, FDIV and FSQRT in all five rounding modes,
 * each with a static and a dynamic rounding mode (see fp_table.h): ties
 * (RNE vs RMM), directed rounding of positive and negative results, signed
 * zeros of exact cancellation, overflow to infinity or the largest finite
 * value, underflow with tininess detected after rounding, subnormal results,
 * invalid operations and division by zero, each with its exact fflags.
 * Expected values were derived with exact rational arithmetic. */
#define FP_DOUBLE 0
#include "fp_table.h"

static const struct fp_case cases[] = {
    /* 1 + half ulp: a tie */
    {OP_ADD, RM_RNE, 0x3f800000, 0x33800000, 0x3f800000, NX},
    {OP_ADD, RM_RTZ, 0x3f800000, 0x33800000, 0x3f800000, NX},
    {OP_ADD, RM_RDN, 0x3f800000, 0x33800000, 0x3f800000, NX},
    {OP_ADD, RM_RUP, 0x3f800000, 0x33800000, 0x3f800001, NX},
    {OP_ADD, RM_RMM, 0x3f800000, 0x33800000, 0x3f800001, NX},
    /* 1 + 3/4 ulp */
    {OP_ADD, RM_RNE, 0x3f800000, 0x33c00000, 0x3f800001, NX},
    {OP_ADD, RM_RTZ, 0x3f800000, 0x33c00000, 0x3f800000, NX},
    {OP_ADD, RM_RDN, 0x3f800000, 0x33c00000, 0x3f800000, NX},
    {OP_ADD, RM_RUP, 0x3f800000, 0x33c00000, 0x3f800001, NX},
    {OP_ADD, RM_RMM, 0x3f800000, 0x33c00000, 0x3f800001, NX},
    /* 1 + quarter ulp */
    {OP_ADD, RM_RNE, 0x3f800000, 0x33000000, 0x3f800000, NX},
    {OP_ADD, RM_RTZ, 0x3f800000, 0x33000000, 0x3f800000, NX},
    {OP_ADD, RM_RDN, 0x3f800000, 0x33000000, 0x3f800000, NX},
    {OP_ADD, RM_RUP, 0x3f800000, 0x33000000, 0x3f800001, NX},
    {OP_ADD, RM_RMM, 0x3f800000, 0x33000000, 0x3f800000, NX},
    /* -1 - half ulp: a negative tie */
    {OP_ADD, RM_RNE, 0xbf800000, 0xb3800000, 0xbf800000, NX},
    {OP_ADD, RM_RTZ, 0xbf800000, 0xb3800000, 0xbf800000, NX},
    {OP_ADD, RM_RDN, 0xbf800000, 0xb3800000, 0xbf800001, NX},
    {OP_ADD, RM_RUP, 0xbf800000, 0xb3800000, 0xbf800000, NX},
    {OP_ADD, RM_RMM, 0xbf800000, 0xb3800000, 0xbf800001, NX},
    /* (1 + ulp) + half ulp: a tie with an odd neighbour below */
    {OP_ADD, RM_RNE, 0x3f800001, 0x33800000, 0x3f800002, NX},
    {OP_ADD, RM_RTZ, 0x3f800001, 0x33800000, 0x3f800001, NX},
    {OP_ADD, RM_RDN, 0x3f800001, 0x33800000, 0x3f800001, NX},
    {OP_ADD, RM_RUP, 0x3f800001, 0x33800000, 0x3f800002, NX},
    {OP_ADD, RM_RMM, 0x3f800001, 0x33800000, 0x3f800002, NX},
    /* exact */
    {OP_ADD, RM_RNE, 0x40400000, 0x40800000, 0x40e00000, 0},
    {OP_ADD, RM_RTZ, 0x40400000, 0x40800000, 0x40e00000, 0},
    {OP_ADD, RM_RDN, 0x40400000, 0x40800000, 0x40e00000, 0},
    {OP_ADD, RM_RUP, 0x40400000, 0x40800000, 0x40e00000, 0},
    {OP_ADD, RM_RMM, 0x40400000, 0x40800000, 0x40e00000, 0},
    /* exact zero: -0 only when rounding down */
    {OP_ADD, RM_RNE, 0x3f800000, 0xbf800000, 0x00000000, 0},
    {OP_ADD, RM_RTZ, 0x3f800000, 0xbf800000, 0x00000000, 0},
    {OP_ADD, RM_RDN, 0x3f800000, 0xbf800000, 0x80000000, 0},
    {OP_ADD, RM_RUP, 0x3f800000, 0xbf800000, 0x00000000, 0},
    {OP_ADD, RM_RMM, 0x3f800000, 0xbf800000, 0x00000000, 0},
    /* -0 + -0 */
    {OP_ADD, RM_RNE, 0x80000000, 0x80000000, 0x80000000, 0},
    {OP_ADD, RM_RTZ, 0x80000000, 0x80000000, 0x80000000, 0},
    {OP_ADD, RM_RDN, 0x80000000, 0x80000000, 0x80000000, 0},
    {OP_ADD, RM_RUP, 0x80000000, 0x80000000, 0x80000000, 0},
    {OP_ADD, RM_RMM, 0x80000000, 0x80000000, 0x80000000, 0},
    /* +0 + -0 */
    {OP_ADD, RM_RNE, 0x00000000, 0x80000000, 0x00000000, 0},
    {OP_ADD, RM_RTZ, 0x00000000, 0x80000000, 0x00000000, 0},
    {OP_ADD, RM_RDN, 0x00000000, 0x80000000, 0x80000000, 0},
    {OP_ADD, RM_RUP, 0x00000000, 0x80000000, 0x00000000, 0},
    {OP_ADD, RM_RMM, 0x00000000, 0x80000000, 0x00000000, 0},
    /* overflow */
    {OP_ADD, RM_RNE, 0x7f7fffff, 0x7f7fffff, 0x7f800000, OF|NX},
    {OP_ADD, RM_RTZ, 0x7f7fffff, 0x7f7fffff, 0x7f7fffff, OF|NX},
    {OP_ADD, RM_RDN, 0x7f7fffff, 0x7f7fffff, 0x7f7fffff, OF|NX},
    {OP_ADD, RM_RUP, 0x7f7fffff, 0x7f7fffff, 0x7f800000, OF|NX},
    {OP_ADD, RM_RMM, 0x7f7fffff, 0x7f7fffff, 0x7f800000, OF|NX},
    /* negative overflow */
    {OP_ADD, RM_RNE, 0xff7fffff, 0xff7fffff, 0xff800000, OF|NX},
    {OP_ADD, RM_RTZ, 0xff7fffff, 0xff7fffff, 0xff7fffff, OF|NX},
    {OP_ADD, RM_RDN, 0xff7fffff, 0xff7fffff, 0xff800000, OF|NX},
    {OP_ADD, RM_RUP, 0xff7fffff, 0xff7fffff, 0xff7fffff, OF|NX},
    {OP_ADD, RM_RMM, 0xff7fffff, 0xff7fffff, 0xff800000, OF|NX},
    /* exact subnormal result: no underflow */
    {OP_ADD, RM_RNE, 0x00c00000, 0x80800000, 0x00400000, 0},
    {OP_ADD, RM_RTZ, 0x00c00000, 0x80800000, 0x00400000, 0},
    {OP_ADD, RM_RDN, 0x00c00000, 0x80800000, 0x00400000, 0},
    {OP_ADD, RM_RUP, 0x00c00000, 0x80800000, 0x00400000, 0},
    {OP_ADD, RM_RMM, 0x00c00000, 0x80800000, 0x00400000, 0},
    /* inf - inf: invalid */
    {OP_ADD, RM_RNE, 0x7f800000, 0xff800000, 0x7fc00000, NV},
    {OP_ADD, RM_RTZ, 0x7f800000, 0xff800000, 0x7fc00000, NV},
    {OP_ADD, RM_RDN, 0x7f800000, 0xff800000, 0x7fc00000, NV},
    {OP_ADD, RM_RUP, 0x7f800000, 0xff800000, 0x7fc00000, NV},
    {OP_ADD, RM_RMM, 0x7f800000, 0xff800000, 0x7fc00000, NV},
    /* quiet NaN input: no flag */
    {OP_ADD, RM_RNE, 0x7fc00000, 0x3f800000, 0x7fc00000, 0},
    {OP_ADD, RM_RTZ, 0x7fc00000, 0x3f800000, 0x7fc00000, 0},
    {OP_ADD, RM_RDN, 0x7fc00000, 0x3f800000, 0x7fc00000, 0},
    {OP_ADD, RM_RUP, 0x7fc00000, 0x3f800000, 0x7fc00000, 0},
    {OP_ADD, RM_RMM, 0x7fc00000, 0x3f800000, 0x7fc00000, 0},
    /* signaling NaN input: invalid */
    {OP_ADD, RM_RNE, 0x7f800001, 0x3f800000, 0x7fc00000, NV},
    {OP_ADD, RM_RTZ, 0x7f800001, 0x3f800000, 0x7fc00000, NV},
    {OP_ADD, RM_RDN, 0x7f800001, 0x3f800000, 0x7fc00000, NV},
    {OP_ADD, RM_RUP, 0x7f800001, 0x3f800000, 0x7fc00000, NV},
    {OP_ADD, RM_RMM, 0x7f800001, 0x3f800000, 0x7fc00000, NV},
    /* 1 - quarter of the ulp above */
    {OP_SUB, RM_RNE, 0x3f800000, 0x33000000, 0x3f800000, NX},
    {OP_SUB, RM_RTZ, 0x3f800000, 0x33000000, 0x3f7fffff, NX},
    {OP_SUB, RM_RDN, 0x3f800000, 0x33000000, 0x3f7fffff, NX},
    {OP_SUB, RM_RUP, 0x3f800000, 0x33000000, 0x3f800000, NX},
    {OP_SUB, RM_RMM, 0x3f800000, 0x33000000, 0x3f800000, NX},
    /* 1 - ulp/2: representable below 1 */
    {OP_SUB, RM_RNE, 0x3f800000, 0x33800000, 0x3f7fffff, 0},
    {OP_SUB, RM_RTZ, 0x3f800000, 0x33800000, 0x3f7fffff, 0},
    {OP_SUB, RM_RDN, 0x3f800000, 0x33800000, 0x3f7fffff, 0},
    {OP_SUB, RM_RUP, 0x3f800000, 0x33800000, 0x3f7fffff, 0},
    {OP_SUB, RM_RMM, 0x3f800000, 0x33800000, 0x3f7fffff, 0},
    /* x - x */
    {OP_SUB, RM_RNE, 0x3fa00000, 0x3fa00000, 0x00000000, 0},
    {OP_SUB, RM_RTZ, 0x3fa00000, 0x3fa00000, 0x00000000, 0},
    {OP_SUB, RM_RDN, 0x3fa00000, 0x3fa00000, 0x80000000, 0},
    {OP_SUB, RM_RUP, 0x3fa00000, 0x3fa00000, 0x00000000, 0},
    {OP_SUB, RM_RMM, 0x3fa00000, 0x3fa00000, 0x00000000, 0},
    /* -inf - -inf: invalid */
    {OP_SUB, RM_RNE, 0xff800000, 0xff800000, 0x7fc00000, NV},
    {OP_SUB, RM_RTZ, 0xff800000, 0xff800000, 0x7fc00000, NV},
    {OP_SUB, RM_RDN, 0xff800000, 0xff800000, 0x7fc00000, NV},
    {OP_SUB, RM_RUP, 0xff800000, 0xff800000, 0x7fc00000, NV},
    {OP_SUB, RM_RMM, 0xff800000, 0xff800000, 0x7fc00000, NV},
    /* inexact */
    {OP_SUB, RM_RNE, 0x3eaaaaab, 0x49742400, 0xc97423fb, NX},
    {OP_SUB, RM_RTZ, 0x3eaaaaab, 0x49742400, 0xc97423fa, NX},
    {OP_SUB, RM_RDN, 0x3eaaaaab, 0x49742400, 0xc97423fb, NX},
    {OP_SUB, RM_RUP, 0x3eaaaaab, 0x49742400, 0xc97423fa, NX},
    {OP_SUB, RM_RMM, 0x3eaaaaab, 0x49742400, 0xc97423fb, NX},
    /* (1+ulp)^2 */
    {OP_MUL, RM_RNE, 0x3f800001, 0x3f800001, 0x3f800002, NX},
    {OP_MUL, RM_RTZ, 0x3f800001, 0x3f800001, 0x3f800002, NX},
    {OP_MUL, RM_RDN, 0x3f800001, 0x3f800001, 0x3f800002, NX},
    {OP_MUL, RM_RUP, 0x3f800001, 0x3f800001, 0x3f800003, NX},
    {OP_MUL, RM_RMM, 0x3f800001, 0x3f800001, 0x3f800002, NX},
    /* 3 * rounded 1/3 */
    {OP_MUL, RM_RNE, 0x40400000, 0x3eaaaaab, 0x3f800000, NX},
    {OP_MUL, RM_RTZ, 0x40400000, 0x3eaaaaab, 0x3f800000, NX},
    {OP_MUL, RM_RDN, 0x40400000, 0x3eaaaaab, 0x3f800000, NX},
    {OP_MUL, RM_RUP, 0x40400000, 0x3eaaaaab, 0x3f800001, NX},
    {OP_MUL, RM_RMM, 0x40400000, 0x3eaaaaab, 0x3f800000, NX},
    /* negative */
    {OP_MUL, RM_RNE, 0xc0400000, 0x3eaaaaab, 0xbf800000, NX},
    {OP_MUL, RM_RTZ, 0xc0400000, 0x3eaaaaab, 0xbf800000, NX},
    {OP_MUL, RM_RDN, 0xc0400000, 0x3eaaaaab, 0xbf800001, NX},
    {OP_MUL, RM_RUP, 0xc0400000, 0x3eaaaaab, 0xbf800000, NX},
    {OP_MUL, RM_RMM, 0xc0400000, 0x3eaaaaab, 0xbf800000, NX},
    /* overflow */
    {OP_MUL, RM_RNE, 0x7f7fffff, 0x40000000, 0x7f800000, OF|NX},
    {OP_MUL, RM_RTZ, 0x7f7fffff, 0x40000000, 0x7f7fffff, OF|NX},
    {OP_MUL, RM_RDN, 0x7f7fffff, 0x40000000, 0x7f7fffff, OF|NX},
    {OP_MUL, RM_RUP, 0x7f7fffff, 0x40000000, 0x7f800000, OF|NX},
    {OP_MUL, RM_RMM, 0x7f7fffff, 0x40000000, 0x7f800000, OF|NX},
    /* exact subnormal: no underflow */
    {OP_MUL, RM_RNE, 0x00800000, 0x3f000000, 0x00400000, 0},
    {OP_MUL, RM_RTZ, 0x00800000, 0x3f000000, 0x00400000, 0},
    {OP_MUL, RM_RDN, 0x00800000, 0x3f000000, 0x00400000, 0},
    {OP_MUL, RM_RUP, 0x00800000, 0x3f000000, 0x00400000, 0},
    {OP_MUL, RM_RMM, 0x00800000, 0x3f000000, 0x00400000, 0},
    /* subnormal tie: underflow */
    {OP_MUL, RM_RNE, 0x00000003, 0x3f000000, 0x00000002, UF|NX},
    {OP_MUL, RM_RTZ, 0x00000003, 0x3f000000, 0x00000001, UF|NX},
    {OP_MUL, RM_RDN, 0x00000003, 0x3f000000, 0x00000001, UF|NX},
    {OP_MUL, RM_RUP, 0x00000003, 0x3f000000, 0x00000002, UF|NX},
    {OP_MUL, RM_RMM, 0x00000003, 0x3f000000, 0x00000002, UF|NX},
    /* tiny before rounding only: underflow only if it stays below the smallest normal */
    {OP_MUL, RM_RNE, 0x3f800001, 0x007fffff, 0x00800000, NX},
    {OP_MUL, RM_RTZ, 0x3f800001, 0x007fffff, 0x007fffff, UF|NX},
    {OP_MUL, RM_RDN, 0x3f800001, 0x007fffff, 0x007fffff, UF|NX},
    {OP_MUL, RM_RUP, 0x3f800001, 0x007fffff, 0x00800000, NX},
    {OP_MUL, RM_RMM, 0x3f800001, 0x007fffff, 0x00800000, NX},
    /* below half the smallest subnormal */
    {OP_MUL, RM_RNE, 0x00800000, 0x33800000, 0x00000000, UF|NX},
    {OP_MUL, RM_RTZ, 0x00800000, 0x33800000, 0x00000000, UF|NX},
    {OP_MUL, RM_RDN, 0x00800000, 0x33800000, 0x00000000, UF|NX},
    {OP_MUL, RM_RUP, 0x00800000, 0x33800000, 0x00000001, UF|NX},
    {OP_MUL, RM_RMM, 0x00800000, 0x33800000, 0x00000001, UF|NX},
    /* inf * 0: invalid */
    {OP_MUL, RM_RNE, 0x7f800000, 0x00000000, 0x7fc00000, NV},
    {OP_MUL, RM_RTZ, 0x7f800000, 0x00000000, 0x7fc00000, NV},
    {OP_MUL, RM_RDN, 0x7f800000, 0x00000000, 0x7fc00000, NV},
    {OP_MUL, RM_RUP, 0x7f800000, 0x00000000, 0x7fc00000, NV},
    {OP_MUL, RM_RMM, 0x7f800000, 0x00000000, 0x7fc00000, NV},
    /* -0 * 5 */
    {OP_MUL, RM_RNE, 0x80000000, 0x40a00000, 0x80000000, 0},
    {OP_MUL, RM_RTZ, 0x80000000, 0x40a00000, 0x80000000, 0},
    {OP_MUL, RM_RDN, 0x80000000, 0x40a00000, 0x80000000, 0},
    {OP_MUL, RM_RUP, 0x80000000, 0x40a00000, 0x80000000, 0},
    {OP_MUL, RM_RMM, 0x80000000, 0x40a00000, 0x80000000, 0},
    /* 1/3 */
    {OP_DIV, RM_RNE, 0x3f800000, 0x40400000, 0x3eaaaaab, NX},
    {OP_DIV, RM_RTZ, 0x3f800000, 0x40400000, 0x3eaaaaaa, NX},
    {OP_DIV, RM_RDN, 0x3f800000, 0x40400000, 0x3eaaaaaa, NX},
    {OP_DIV, RM_RUP, 0x3f800000, 0x40400000, 0x3eaaaaab, NX},
    {OP_DIV, RM_RMM, 0x3f800000, 0x40400000, 0x3eaaaaab, NX},
    /* 2/3 */
    {OP_DIV, RM_RNE, 0x40000000, 0x40400000, 0x3f2aaaab, NX},
    {OP_DIV, RM_RTZ, 0x40000000, 0x40400000, 0x3f2aaaaa, NX},
    {OP_DIV, RM_RDN, 0x40000000, 0x40400000, 0x3f2aaaaa, NX},
    {OP_DIV, RM_RUP, 0x40000000, 0x40400000, 0x3f2aaaab, NX},
    {OP_DIV, RM_RMM, 0x40000000, 0x40400000, 0x3f2aaaab, NX},
    /* -1/3 */
    {OP_DIV, RM_RNE, 0xbf800000, 0x40400000, 0xbeaaaaab, NX},
    {OP_DIV, RM_RTZ, 0xbf800000, 0x40400000, 0xbeaaaaaa, NX},
    {OP_DIV, RM_RDN, 0xbf800000, 0x40400000, 0xbeaaaaab, NX},
    {OP_DIV, RM_RUP, 0xbf800000, 0x40400000, 0xbeaaaaaa, NX},
    {OP_DIV, RM_RMM, 0xbf800000, 0x40400000, 0xbeaaaaab, NX},
    /* 1/0: divide by zero */
    {OP_DIV, RM_RNE, 0x3f800000, 0x00000000, 0x7f800000, DZ},
    {OP_DIV, RM_RTZ, 0x3f800000, 0x00000000, 0x7f800000, DZ},
    {OP_DIV, RM_RDN, 0x3f800000, 0x00000000, 0x7f800000, DZ},
    {OP_DIV, RM_RUP, 0x3f800000, 0x00000000, 0x7f800000, DZ},
    {OP_DIV, RM_RMM, 0x3f800000, 0x00000000, 0x7f800000, DZ},
    /* -1/0 */
    {OP_DIV, RM_RNE, 0xbf800000, 0x00000000, 0xff800000, DZ},
    {OP_DIV, RM_RTZ, 0xbf800000, 0x00000000, 0xff800000, DZ},
    {OP_DIV, RM_RDN, 0xbf800000, 0x00000000, 0xff800000, DZ},
    {OP_DIV, RM_RUP, 0xbf800000, 0x00000000, 0xff800000, DZ},
    {OP_DIV, RM_RMM, 0xbf800000, 0x00000000, 0xff800000, DZ},
    /* 0/0: invalid */
    {OP_DIV, RM_RNE, 0x00000000, 0x00000000, 0x7fc00000, NV},
    {OP_DIV, RM_RTZ, 0x00000000, 0x00000000, 0x7fc00000, NV},
    {OP_DIV, RM_RDN, 0x00000000, 0x00000000, 0x7fc00000, NV},
    {OP_DIV, RM_RUP, 0x00000000, 0x00000000, 0x7fc00000, NV},
    {OP_DIV, RM_RMM, 0x00000000, 0x00000000, 0x7fc00000, NV},
    /* inf/inf: invalid */
    {OP_DIV, RM_RNE, 0x7f800000, 0x7f800000, 0x7fc00000, NV},
    {OP_DIV, RM_RTZ, 0x7f800000, 0x7f800000, 0x7fc00000, NV},
    {OP_DIV, RM_RDN, 0x7f800000, 0x7f800000, 0x7fc00000, NV},
    {OP_DIV, RM_RUP, 0x7f800000, 0x7f800000, 0x7fc00000, NV},
    {OP_DIV, RM_RMM, 0x7f800000, 0x7f800000, 0x7fc00000, NV},
    /* 1/-inf */
    {OP_DIV, RM_RNE, 0x3f800000, 0xff800000, 0x80000000, 0},
    {OP_DIV, RM_RTZ, 0x3f800000, 0xff800000, 0x80000000, 0},
    {OP_DIV, RM_RDN, 0x3f800000, 0xff800000, 0x80000000, 0},
    {OP_DIV, RM_RUP, 0x3f800000, 0xff800000, 0x80000000, 0},
    {OP_DIV, RM_RMM, 0x3f800000, 0xff800000, 0x80000000, 0},
    /* overflow */
    {OP_DIV, RM_RNE, 0x7f7fffff, 0x3f000000, 0x7f800000, OF|NX},
    {OP_DIV, RM_RTZ, 0x7f7fffff, 0x3f000000, 0x7f7fffff, OF|NX},
    {OP_DIV, RM_RDN, 0x7f7fffff, 0x3f000000, 0x7f7fffff, OF|NX},
    {OP_DIV, RM_RUP, 0x7f7fffff, 0x3f000000, 0x7f800000, OF|NX},
    {OP_DIV, RM_RMM, 0x7f7fffff, 0x3f000000, 0x7f800000, OF|NX},
    /* subnormal result with rounding: underflow */
    {OP_DIV, RM_RNE, 0x00000003, 0x40000000, 0x00000002, UF|NX},
    {OP_DIV, RM_RTZ, 0x00000003, 0x40000000, 0x00000001, UF|NX},
    {OP_DIV, RM_RDN, 0x00000003, 0x40000000, 0x00000001, UF|NX},
    {OP_DIV, RM_RUP, 0x00000003, 0x40000000, 0x00000002, UF|NX},
    {OP_DIV, RM_RMM, 0x00000003, 0x40000000, 0x00000002, UF|NX},
    /* exact */
    {OP_DIV, RM_RNE, 0x41200000, 0x40800000, 0x40200000, 0},
    {OP_DIV, RM_RTZ, 0x41200000, 0x40800000, 0x40200000, 0},
    {OP_DIV, RM_RDN, 0x41200000, 0x40800000, 0x40200000, 0},
    {OP_DIV, RM_RUP, 0x41200000, 0x40800000, 0x40200000, 0},
    {OP_DIV, RM_RMM, 0x41200000, 0x40800000, 0x40200000, 0},
    /* sqrt 2 */
    {OP_SQRT, RM_RNE, 0x40000000, 0x00000000, 0x3fb504f3, NX},
    {OP_SQRT, RM_RTZ, 0x40000000, 0x00000000, 0x3fb504f3, NX},
    {OP_SQRT, RM_RDN, 0x40000000, 0x00000000, 0x3fb504f3, NX},
    {OP_SQRT, RM_RUP, 0x40000000, 0x00000000, 0x3fb504f4, NX},
    {OP_SQRT, RM_RMM, 0x40000000, 0x00000000, 0x3fb504f3, NX},
    /* sqrt 3 */
    {OP_SQRT, RM_RNE, 0x40400000, 0x00000000, 0x3fddb3d7, NX},
    {OP_SQRT, RM_RTZ, 0x40400000, 0x00000000, 0x3fddb3d7, NX},
    {OP_SQRT, RM_RDN, 0x40400000, 0x00000000, 0x3fddb3d7, NX},
    {OP_SQRT, RM_RUP, 0x40400000, 0x00000000, 0x3fddb3d8, NX},
    {OP_SQRT, RM_RMM, 0x40400000, 0x00000000, 0x3fddb3d7, NX},
    /* exact */
    {OP_SQRT, RM_RNE, 0x40800000, 0x00000000, 0x40000000, 0},
    {OP_SQRT, RM_RTZ, 0x40800000, 0x00000000, 0x40000000, 0},
    {OP_SQRT, RM_RDN, 0x40800000, 0x00000000, 0x40000000, 0},
    {OP_SQRT, RM_RUP, 0x40800000, 0x00000000, 0x40000000, 0},
    {OP_SQRT, RM_RMM, 0x40800000, 0x00000000, 0x40000000, 0},
    /* sqrt -0 = -0 */
    {OP_SQRT, RM_RNE, 0x80000000, 0x00000000, 0x80000000, 0},
    {OP_SQRT, RM_RTZ, 0x80000000, 0x00000000, 0x80000000, 0},
    {OP_SQRT, RM_RDN, 0x80000000, 0x00000000, 0x80000000, 0},
    {OP_SQRT, RM_RUP, 0x80000000, 0x00000000, 0x80000000, 0},
    {OP_SQRT, RM_RMM, 0x80000000, 0x00000000, 0x80000000, 0},
    /* sqrt -1: invalid */
    {OP_SQRT, RM_RNE, 0xbf800000, 0x00000000, 0x7fc00000, NV},
    {OP_SQRT, RM_RTZ, 0xbf800000, 0x00000000, 0x7fc00000, NV},
    {OP_SQRT, RM_RDN, 0xbf800000, 0x00000000, 0x7fc00000, NV},
    {OP_SQRT, RM_RUP, 0xbf800000, 0x00000000, 0x7fc00000, NV},
    {OP_SQRT, RM_RMM, 0xbf800000, 0x00000000, 0x7fc00000, NV},
    /* sqrt inf */
    {OP_SQRT, RM_RNE, 0x7f800000, 0x00000000, 0x7f800000, 0},
    {OP_SQRT, RM_RTZ, 0x7f800000, 0x00000000, 0x7f800000, 0},
    {OP_SQRT, RM_RDN, 0x7f800000, 0x00000000, 0x7f800000, 0},
    {OP_SQRT, RM_RUP, 0x7f800000, 0x00000000, 0x7f800000, 0},
    {OP_SQRT, RM_RMM, 0x7f800000, 0x00000000, 0x7f800000, 0},
    /* sqrt of the smallest subnormal */
    {OP_SQRT, RM_RNE, 0x00000001, 0x00000000, 0x1a3504f3, NX},
    {OP_SQRT, RM_RTZ, 0x00000001, 0x00000000, 0x1a3504f3, NX},
    {OP_SQRT, RM_RDN, 0x00000001, 0x00000000, 0x1a3504f3, NX},
    {OP_SQRT, RM_RUP, 0x00000001, 0x00000000, 0x1a3504f4, NX},
    {OP_SQRT, RM_RMM, 0x00000001, 0x00000000, 0x1a3504f3, NX},
    /* signaling NaN */
    {OP_SQRT, RM_RNE, 0x7f800001, 0x00000000, 0x7fc00000, NV},
    {OP_SQRT, RM_RTZ, 0x7f800001, 0x00000000, 0x7fc00000, NV},
    {OP_SQRT, RM_RDN, 0x7f800001, 0x00000000, 0x7fc00000, NV},
    {OP_SQRT, RM_RUP, 0x7f800001, 0x00000000, 0x7fc00000, NV},
    {OP_SQRT, RM_RMM, 0x7f800001, 0x00000000, 0x7fc00000, NV},
};

int main(void)
{
    fp_run_table(cases, sizeof cases / sizeof cases[0]);
    console_puts("ok rv64fd f_arith\n");
    return 0;
}
