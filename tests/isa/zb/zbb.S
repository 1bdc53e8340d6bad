/* Zbb basic bit manipulation: andn/orn/xnor, min/max(u), clz/ctz/cpop and
 * their W forms (clz/ctz of 0 = 64, of a zero word = 32), sext.b/sext.h/zext.h,
 * rotates by register (amount masked to 6/5 bits, including 0, 63 and 64) and
 * immediate with the W forms sign-extending, orc.b and rev8. */
#include "isa_test.h"

    .option norvc
    .text
    .globl main
main:
    # andn
    TEST_RR   1, andn,      0xf000f000f000f000, 0xff00ff00ff00ff00, 0xff00ff00ff00ff0
    TEST_RR   2, andn,      0xffffffffffffffff, -1, 0x0
    TEST_RR   3, andn,      0x0, 0x0, 0x0
    # orn
    TEST_RR   4, orn,       0xff0fff0fff0fff0f, 0xff00ff00ff00ff00, 0xff00ff00ff00ff0
    TEST_RR   5, orn,       0xffffffffffffffff, -1, 0x0
    TEST_RR   6, orn,       0xffffffffffffffff, 0x0, 0x0
    # xnor
    TEST_RR   7, xnor,      0xf0f0f0f0f0f0f0f, 0xff00ff00ff00ff00, 0xff00ff00ff00ff0
    TEST_RR   8, xnor,      0x0, -1, 0x0
    TEST_RR   9, xnor,      0xffffffffffffffff, 0x0, 0x0
    # min
    TEST_RR  10, min,       0xffffffffffffffff, -1, 0x1
    TEST_RR  11, min,       0x8000000000000000, 0x8000000000000000, 0x7fffffffffffffff
    TEST_RR  12, min,       0x5, 0x5, 0x5
    TEST_RR  13, min,       0xfffffffffffffffe, 0x0, -2
    # max
    TEST_RR  14, max,       0x1, -1, 0x1
    TEST_RR  15, max,       0x7fffffffffffffff, 0x8000000000000000, 0x7fffffffffffffff
    TEST_RR  16, max,       0x5, 0x5, 0x5
    TEST_RR  17, max,       0x0, 0x0, -2
    # minu
    TEST_RR  18, minu,      0x1, -1, 0x1
    TEST_RR  19, minu,      0x7fffffffffffffff, 0x8000000000000000, 0x7fffffffffffffff
    TEST_RR  20, minu,      0x5, 0x5, 0x5
    TEST_RR  21, minu,      0x0, 0x0, -2
    # maxu
    TEST_RR  22, maxu,      0xffffffffffffffff, -1, 0x1
    TEST_RR  23, maxu,      0x8000000000000000, 0x8000000000000000, 0x7fffffffffffffff
    TEST_RR  24, maxu,      0x5, 0x5, 0x5
    TEST_RR  25, maxu,      0xfffffffffffffffe, 0x0, -2
    # clz
    TEST_R   26, clz,       0x40, 0x0
    TEST_R   27, clz,       0x3f, 0x1
    TEST_R   28, clz,       0x0, -1
    TEST_R   29, clz,       0x0, 0x8000000000000000
    TEST_R   30, clz,       0x20, 0xffffffff
    TEST_R   31, clz,       0x13, 0x100000000000
    # clzw
    TEST_R   32, clzw,      0x20, 0x0
    TEST_R   33, clzw,      0x1f, 0x1
    TEST_R   34, clzw,      0x0, -1
    TEST_R   35, clzw,      0x20, 0xffffffff00000000
    TEST_R   36, clzw,      0x0, 0x80000000
    TEST_R   37, clzw,      0xf, 0x10000
    # ctz
    TEST_R   38, ctz,       0x40, 0x0
    TEST_R   39, ctz,       0x0, 0x1
    TEST_R   40, ctz,       0x3f, 0x8000000000000000
    TEST_R   41, ctz,       0x0, -1
    TEST_R   42, ctz,       0x20, 0x100000000
    TEST_R   43, ctz,       0x4, 0x123456789abcdef0
    # ctzw
    TEST_R   44, ctzw,      0x20, 0x0
    TEST_R   45, ctzw,      0x20, 0xffffffff00000000
    TEST_R   46, ctzw,      0x1f, 0x80000000
    TEST_R   47, ctzw,      0x0, 0x1
    TEST_R   48, ctzw,      0x6, 0x40
    # cpop
    TEST_R   49, cpop,      0x0, 0x0
    TEST_R   50, cpop,      0x40, -1
    TEST_R   51, cpop,      0x20, 0x123456789abcdef0
    TEST_R   52, cpop,      0x2, 0x8000000000000001
    # cpopw
    TEST_R   53, cpopw,     0x0, 0x0
    TEST_R   54, cpopw,     0x20, -1
    TEST_R   55, cpopw,     0x1, 0xffffffff00000001
    TEST_R   56, cpopw,     0x1, 0x80000000
    # sext.b
    TEST_R   57, sext.b,    0x7f, 0x7f
    TEST_R   58, sext.b,    0xffffffffffffff80, 0x80
    TEST_R   59, sext.b,    0xffffffffffffff80, 0x12345678abcdef80
    TEST_R   60, sext.b,    0xffffffffffffffff, 0xff
    # sext.h
    TEST_R   61, sext.h,    0x7fff, 0x7fff
    TEST_R   62, sext.h,    0xffffffffffff8000, 0x8000
    TEST_R   63, sext.h,    0xffffffffffff8001, 0x123456789abc8001
    TEST_R   64, sext.h,    0xffffffffffffffff, -1
    # zext.h
    TEST_R   65, zext.h,    0xffff, -1
    TEST_R   66, zext.h,    0x5678, 0x12345678
    TEST_R   67, zext.h,    0x8000, 0x8000
    # rol
    TEST_RR  68, rol,       0x123456789abcdef0, 0x123456789abcdef0, 0x0
    TEST_RR  69, rol,       0x23456789abcdef01, 0x123456789abcdef0, 0x4
    TEST_RR  70, rol,       0x91a2b3c4d5e6f78, 0x123456789abcdef0, 0x3f
    TEST_RR  71, rol,       0x123456789abcdef0, 0x123456789abcdef0, 0x40
    TEST_RR  72, rol,       0x91a2b3c4d5e6f78, 0x123456789abcdef0, -1
    TEST_RR  73, rol,       0x1, 0x8000000000000000, 0x1
    # ror
    TEST_RR  74, ror,       0x123456789abcdef0, 0x123456789abcdef0, 0x0
    TEST_RR  75, ror,       0x123456789abcdef, 0x123456789abcdef0, 0x4
    TEST_RR  76, ror,       0x2468acf13579bde0, 0x123456789abcdef0, 0x3f
    TEST_RR  77, ror,       0x123456789abcdef0, 0x123456789abcdef0, 0x40
    TEST_RR  78, ror,       0x8000000000000000, 0x1, 0x1
    # rolw
    TEST_RR  79, rolw,      0x12345678, 0x12345678, 0x0
    TEST_RR  80, rolw,      0x23456781, 0x12345678, 0x4
    TEST_RR  81, rolw,      0xffffffffc3b2a190, 0xffffffff87654321, 0x1f
    TEST_RR  82, rolw,      0x1, 0x80000000, 0x1
    TEST_RR  83, rolw,      0xffffffff80000000, 0x40000000, 0x1
    TEST_RR  84, rolw,      0x12345678, 0x12345678, 0x20
    # rorw
    TEST_RR  85, rorw,      0x12345678, 0x12345678, 0x0
    TEST_RR  86, rorw,      0xffffffff81234567, 0x12345678, 0x4
    TEST_RR  87, rorw,      0xffffffff80000000, 0x1, 0x1
    TEST_RR  88, rorw,      0x1, 0xffffffff00000002, 0x1
    TEST_RR  89, rorw,      0x2468acf0, 0x12345678, -1
    # rori
    TEST_RI  90, rori,      0x123456789abcdef0, 0x123456789abcdef0, 0
    TEST_RI  91, rori,      0x91a2b3c4d5e6f78, 0x123456789abcdef0, 1
    TEST_RI  92, rori,      0x9abcdef012345678, 0x123456789abcdef0, 32
    TEST_RI  93, rori,      0x2468acf13579bde0, 0x123456789abcdef0, 63
    TEST_RI  94, rori,      0x8000000000000000, 0x1, 1
    # roriw
    TEST_RI  95, roriw,     0x12345678, 0x12345678, 0
    TEST_RI  96, roriw,     0x78123456, 0x12345678, 8
    TEST_RI  97, roriw,     0xffffffff80000000, 0x1, 1
    TEST_RI  98, roriw,     0x1, 0xabcdef0000000002, 1
    TEST_RI  99, roriw,     0x1, 0x80000000, 31
    # orc.b
    TEST_R  100, orc.b,     0x0, 0x0
    TEST_R  101, orc.b,     0xffffffffffffffff, -1
    TEST_R  102, orc.b,     0xff0000000000ff00, 0x100000000008000
    TEST_R  103, orc.b,     0xff00ff00ff0000, 0xff00ff00010000
    TEST_R  104, orc.b,     0xffffffffffffffff, 0x123456789abcdef0
    # rev8
    TEST_R  105, rev8,      0x0, 0x0
    TEST_R  106, rev8,      0xf0debc9a78563412, 0x123456789abcdef0
    TEST_R  107, rev8,      0x807060504030201, 0x102030405060708
    TEST_R  108, rev8,      0xff00000000000000, 0xff

    TEST_PASS "ok zb zbb"
