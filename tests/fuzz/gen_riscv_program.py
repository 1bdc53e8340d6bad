#!/usr/bin/env python3
"""Random but valid bare-metal RV64GC test programs for Loom's `bare` platform.

    gen_riscv_program.py --seed N --size M [-o out.S] [--no-CATEGORY ...] [--only a,b]

writes an assembly file (.S) that is assembled together with the ISA suite's
common files (tests/isa/common: crt.S, print.S, htif.S, link.ld; see run_fuzz.sh). The
program is a pure function of (seed, size, flags): it always terminates, and
its console output is a few lines of checksums (integer registers, FP
registers, fcsr, the data area, the traps it took) followed by exit code 0
through HTIF. It contains only values that the architecture defines, so QEMU
and every Loom engine must print the same bytes; values that legitimately
differ between simulators (cycle, instret, time, mtime) are read into
registers and immediately reduced to something defined (a comparison) before
anything is folded. See README.md in this folder for the categories.

Registers reserved by the harness (never written by random code):
    sp  points into a 1.5 KiB scratch area (c.lwsp/c.sdsp/c.addi4spn/c.addi16sp)
    gp  the middle of an 8 KiB data area, on a 4 KiB page boundary
    tp  the trap handler's state block (fz_tstate)
Loop counters, link registers and pattern-local bases are excluded from
random writes while they are live.
"""

import argparse
import random
import sys

CATEGORIES = ["int", "rvc", "mem", "ctrl", "fp", "amo", "csr", "trap",
              "priv", "vm", "smc", "dev"]
CATEGORY_HELP = {
    "int": "RV64IM + Zba/Zbb/Zbs ALU ops, edge immediates, div by 0 / INT_MIN/-1",
    "rvc": "compressed instructions (explicit c.* and assembler-compressed runs)",
    "mem": "loads/stores of every width: aligned, misaligned, page-crossing",
    "ctrl": "forward branches, bounded loops, calls to leaf functions",
    "fp": "F/D arithmetic, FMA, conversions in every rounding mode, specials, fcsr",
    "amo": "AMOs and LR/SC pairs on aligned data addresses",
    "csr": "safe CSR reads/writes, counters (reduced to comparisons)",
    "trap": "ecall/ebreak/illegal/misaligned AMO/access faults, handler skips",
    "priv": "segments in S-mode and U-mode (mret in, ecall out)",
    "vm": "Sv39 segments (S/U), page faults, A/D updates, MPRV from M",
    "smc": "self-modifying code: store + fence.i + execute, repeatedly",
    "dev": "CLINT mtime reads, mtimecmp/msip writes and reads",
}
WEIGHTS = {"int": 3.0, "rvc": 2.0, "mem": 3.0, "ctrl": 2.0, "fp": 3.0,
           "amo": 1.5, "csr": 1.0, "trap": 1.5, "priv": 1.0, "vm": 1.0,
           "smc": 0.7, "dev": 0.7}
# Categories whose ops can appear anywhere (M, S, U bodies, loop bodies).
BODY_CATS = ["int", "rvc", "mem", "ctrl", "fp", "amo", "csr", "trap"]
# Categories allowed inside leaf functions.
FUNC_CATS = ["int", "rvc", "mem", "fp", "amo"]

XNAMES = ["zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1",
          "a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "s2", "s3", "s4",
          "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6"]
RESERVED = {0, 2, 3, 4}
FREE = [i for i in range(32) if i not in RESERVED]
RVC_X = list(range(8, 16))

M64 = (1 << 64) - 1
INT64_MIN = -(1 << 63)
INT64_MAX = (1 << 63) - 1
INT32_MIN = -(1 << 31)
INT32_MAX = (1 << 31) - 1
EDGE = [0, 1, -1, 2, -2, 3, INT64_MIN, INT64_MAX, INT32_MIN, INT32_MAX,
        0xffffffff, 0x80000000, 0x100000000, 0x7fffffff80000000, 31, 32, 63,
        64, 0xff, 0x80, 0xffff, 0x8000, -0x80000001, 0x5555555555555555,
        -0x5555555555555556, 0x0000000100000001, 0x8000000000000001 - (1 << 64),
        0x00ff00ff00ff00ff, 0x0123456789abcdef]

# Trap-handler state block (offsets from tp); keep in sync with HANDLER.
TS_T0, TS_T1, TS_T2, TS_TOM, TS_NOFOLD, TS_SUM, TS_COUNT, TS_RRA = \
    0, 8, 16, 24, 32, 40, 48, 56
TS_SATP_S, TS_SATP_U, TS_PTE_AD_S, TS_PTE_AD_U = 64, 72, 80, 88
TS_LCAUSE, TS_LTVAL, TS_LTVALOK = 96, 104, 112     # last trap, as folded
TS_XDUMP, TS_FDUMP, TS_FCSR, TS_LOGSAVE, TS_SIZE = 128, 384, 640, 648, 768

PTE_V, PTE_R, PTE_W, PTE_X, PTE_U, PTE_A, PTE_D = 1, 2, 4, 8, 16, 64, 128
LEAF_S = PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D
LEAF_U = LEAF_S | PTE_U
RAM_BASE = 0x80000000

MSTATUS_MPP = 3 << 11
MSTATUS_MPRV = 1 << 17
MSTATUS_SUM = 1 << 18
MSTATUS_FS_SD = (3 << 13) | (1 << 63)

CLINT_MSIP, CLINT_MTIMECMP, CLINT_MTIME = 0x2000000, 0x2004000, 0x200bff8
# Physical addresses with nothing behind them on Loom's bare platform and on
# QEMU's spike machine (spike: boot ROM 0x1000-0xffff, HTIF 0x1000000, CLINT
# 0x2000000; Loom: PLIC 0xc000000-0xc5fffff; RAM at 0x80000000).
UNMAPPED = [0x0, 0x8, 0x100, 0x800, 0x10000000, 0x20000000, 0x30000008,
            0x40000000, 0x60000000, 0x7ffff000, 0x7ffffff8]

FP_RM = ["rne", "rtz", "rdn", "rup", "rmm", "dyn"]
RM_NUM = {"rne": 0, "rtz": 1, "rdn": 2, "rup": 3, "rmm": 4, "dyn": 7}

R_OPS = ["add", "sub", "sll", "slt", "sltu", "xor", "srl", "sra", "or", "and",
         "addw", "subw", "sllw", "srlw", "sraw",
         "mul", "mulh", "mulhsu", "mulhu", "div", "divu", "rem", "remu",
         "mulw", "divw", "divuw", "remw", "remuw",
         "sh1add", "sh2add", "sh3add", "add.uw", "sh1add.uw", "sh2add.uw",
         "sh3add.uw", "andn", "orn", "xnor", "max", "maxu", "min", "minu",
         "rol", "ror", "rolw", "rorw", "bclr", "bext", "binv", "bset"]
I_OPS = ["addi", "slti", "sltiu", "xori", "ori", "andi", "addiw"]
SH6_OPS = ["slli", "srli", "srai", "slli.uw", "rori", "bclri", "bexti", "binvi",
           "bseti"]
SH5_OPS = ["slliw", "srliw", "sraiw", "roriw"]
UN_OPS = ["clz", "ctz", "cpop", "clzw", "ctzw", "cpopw", "sext.b", "sext.h",
          "zext.h", "orc.b", "rev8"]
DIV_OPS = ["div", "divu", "rem", "remu"]
DIVW_OPS = ["divw", "divuw", "remw", "remuw"]
LOADS = [("lb", 1), ("lbu", 1), ("lh", 2), ("lhu", 2), ("lw", 4), ("lwu", 4),
         ("ld", 8)]
STORES = [("sb", 1), ("sh", 2), ("sw", 4), ("sd", 8)]
AMO_OPS = ["amoswap", "amoadd", "amoxor", "amoand", "amoor", "amomin",
           "amomax", "amominu", "amomaxu"]
AQRL = ["", ".aq", ".rl", ".aqrl"]

# Encodings for the self-modifying-code category: (funct7, funct3, opcode).
SMC_R = {"add": (0x00, 0, 0x33), "sub": (0x20, 0, 0x33), "xor": (0x00, 4, 0x33),
         "or": (0x00, 6, 0x33), "and": (0x00, 7, 0x33), "sll": (0x00, 1, 0x33),
         "srl": (0x00, 5, 0x33), "sra": (0x20, 5, 0x33), "slt": (0x00, 2, 0x33),
         "sltu": (0x00, 3, 0x33), "mul": (0x01, 0, 0x33), "addw": (0x00, 0, 0x3b),
         "subw": (0x20, 0, 0x3b), "mulw": (0x01, 0, 0x3b), "andn": (0x20, 7, 0x33),
         "max": (0x05, 6, 0x33), "min": (0x05, 4, 0x33), "rol": (0x30, 1, 0x33)}
SMC_I = {"addi": (0, 0x13), "xori": (4, 0x13), "ori": (6, 0x13),
         "andi": (7, 0x13), "slti": (2, 0x13), "addiw": (0, 0x1b)}

# Double-precision specials (raw bits) and single-precision ones (NaN-boxed
# when placed in the table).
D_SPECIAL = [0x0000000000000000, 0x8000000000000000, 0x3ff0000000000000,
             0xbff0000000000000, 0x7ff0000000000000, 0xfff0000000000000,
             0x7ff8000000000000, 0x7ff4000000000000, 0xfff8000000000001,
             0x0000000000000001, 0x800fffffffffffff, 0x0010000000000000,
             0x7fefffffffffffff, 0x3fe0000000000000, 0x3ff8000000000000,
             0x4340000000000000, 0xc3e0000000000000, 0x43e0000000000000,
             0x43f0000000000000, 0x41e0000000000000, 0xc1e0000000000000,
             0x41f0000000000000, 0x400921fb54442d18, 0x3fd5555555555555,
             0x3ff0000000000001, 0xbff8000000000000, 0x4004000000000000,
             0x3cb0000000000000, 0x47efffffe0000000, 0x36a0000000000000,
             0xc3f0000000000000, 0x41dfffffffc00000]
S_SPECIAL = [0x00000000, 0x80000000, 0x3f800000, 0xbf800000, 0x7f800000,
             0xff800000, 0x7fc00000, 0x7fa00000, 0xffc00001, 0x00000001,
             0x807fffff, 0x00800000, 0x7f7fffff, 0x3f000000, 0x3fc00000,
             0x4f000000, 0xcf000000, 0x4f800000, 0x5f000000, 0xdf000000,
             0x5f800000, 0x40490fdb, 0x3eaaaaab, 0x3f800001, 0x4b000001,
             0xbfc00000, 0x40200000, 0x33800000, 0x4effffff]
UNBOXED = [0x000000003f800000, 0x7fffffff3f800000, 0xfffffffe7fc00000]


def s64(v):
    v &= M64
    return v - (1 << 64) if v >> 63 else v


def sext32(v):
    v &= 0xffffffff
    return v - (1 << 32) if v >> 31 else v


class Gen:
    def __init__(self, seed, size, cats, trace=False, trap_log=False, dump_mem=False,
                 qemu_workarounds=False):
        self.rng = random.Random(seed)
        self.seed = seed
        self.size = size
        self.cats = [c for c in CATEGORIES if c in cats]
        self.trace = trace
        self.trap_log = trap_log
        self.dump_mem = dump_mem
        self.qemu_workarounds = qemu_workarounds
        self.out = []
        self.funcs = []          # [(name, link, avoid_at_creation)]
        self.func_text = []
        self.n = 0
        self.avoid = set()
        self.mode = "M"
        self.paging = None       # None, "s" or "u"
        self.depth = 0
        self.in_func = False
        self.labels = 0
        self.segments = 0

    # ---- emission helpers ---------------------------------------------
    def emit(self, line):
        self.out.append("    " + line)
        if not line.startswith("."):
            self.n += 1

    def emit_c(self, line):
        self.out.append("    .option push")
        self.out.append("    .option rvc")
        self.emit(line)
        self.out.append("    .option pop")

    def label(self, name):
        self.out.append(name + ":")

    def new_label(self, stem="L"):
        self.labels += 1
        return ".Lfz_%s%d" % (stem, self.labels)

    def capture(self, fn, *args):
        saved, n0 = self.out, self.n
        self.out = []
        fn(*args)
        lines, self.out = self.out, saved
        return lines, self.n - n0

    @staticmethod
    def est_bytes(lines):
        total = 0
        for ln in lines:
            s = ln.strip()
            if not s or s.startswith(".option") or s.endswith(":"):
                continue
            if s.startswith("li "):
                total += 32
            elif s.startswith(("la ", "call ")):
                total += 8
            elif s.startswith(".half"):
                total += 2
            elif s.startswith("c."):
                total += 2
            else:
                total += 4
        return total

    def chance(self, p):
        return self.rng.random() < p

    def choice(self, seq):
        return self.rng.choice(seq)

    def wchoice(self, items):
        keys = list(items)
        return self.rng.choices(keys, weights=[items[k] for k in keys])[0]

    # ---- registers and values -----------------------------------------
    def xn(self, i):
        return XNAMES[i]

    def dst(self, allow_zero=True):
        if allow_zero and self.chance(0.03):
            return "zero"
        cands = [r for r in FREE if r not in self.avoid]
        return self.xn(self.choice(cands))

    def dst_c(self, exclude=()):
        cands = [r for r in RVC_X if r not in self.avoid and r not in exclude]
        return self.xn(self.choice(cands)) if cands else None

    def dst_nz(self, exclude=()):
        cands = [r for r in FREE if r not in self.avoid and r not in exclude]
        return self.xn(self.choice(cands))

    def src(self):
        if self.chance(0.08):
            return "zero"
        if self.chance(0.04):
            return self.xn(self.choice([2, 3, 4]))
        return self.xn(self.choice(FREE))

    def src_c(self):
        return self.xn(self.choice(RVC_X))

    def f(self):
        return "f%d" % self.rng.randrange(32)

    def f_c(self):
        return "f%d" % self.rng.randrange(8, 16)

    def value(self):
        r = self.rng.random()
        if r < 0.35:
            return s64(self.choice(EDGE))
        if r < 0.55:
            return self.rng.randint(-2048, 2047)
        if r < 0.75:
            return sext32(self.rng.getrandbits(32))
        return s64(self.rng.getrandbits(64))

    def imm12(self):
        r = self.rng.random()
        if r < 0.3:
            return self.choice([0, -1, 1, 2047, -2048, 31, 32, 63, -2, 0x7ff, 0x400])
        return self.rng.randint(-2048, 2047)

    def shamt(self, bits):
        if self.chance(0.4):
            return self.choice([0, 1, 31, 32, 63] if bits == 6 else [0, 1, 15, 16, 31])
        return self.rng.randrange(1 << bits)

    # ---- int ----------------------------------------------------------
    def op_int(self, small=False):
        k = self.wchoice({"rr": 6, "ri": 3, "sh": 2, "shw": 1, "un": 2, "lui": 1,
                          "li": 0 if small else 2, "edge": 0 if small else 1.2,
                          "fence": 0.3})
        if k == "rr":
            self.emit("%s %s, %s, %s" % (self.choice(R_OPS), self.dst(), self.src(), self.src()))
        elif k == "ri":
            self.emit("%s %s, %s, %d" % (self.choice(I_OPS), self.dst(), self.src(), self.imm12()))
        elif k == "sh":
            self.emit("%s %s, %s, %d" % (self.choice(SH6_OPS), self.dst(), self.src(), self.shamt(6)))
        elif k == "shw":
            self.emit("%s %s, %s, %d" % (self.choice(SH5_OPS), self.dst(), self.src(), self.shamt(5)))
        elif k == "un":
            op = self.choice(UN_OPS)
            if op == "ctzw" and self.qemu_workarounds:
                # QEMU 7.2 returns the 64-bit count when the low word is zero
                # and the high word is not all ones (ctzw of 1 << 40 is 40,
                # not 32): clamp to 32, which leaves every right result as is.
                rd = self.dst_nz()
                t = self.dst_nz(exclude=[XNAMES.index(rd)])
                self.emit("ctzw %s, %s" % (rd, self.src()))
                self.emit("li %s, 32" % t)
                self.emit("minu %s, %s, %s" % (rd, rd, t))
            else:
                self.emit("%s %s, %s" % (op, self.dst(), self.src()))
        elif k == "lui":
            imm = self.choice([0, 1, 0x80000, 0xfffff, 0x7ffff, self.rng.randrange(1 << 20)])
            self.emit("%s %s, 0x%x" % (self.choice(["lui", "lui", "auipc"]), self.dst(), imm))
        elif k == "li":
            self.emit("li %s, %d" % (self.dst(allow_zero=False), self.value()))
        elif k == "edge":
            a = self.dst_nz()
            b = self.dst_nz(exclude=[XNAMES.index(a)])
            pat = self.choice(["min64", "min32", "div0", "div0w", "shift"])
            if pat == "min64":
                self.emit("li %s, %d" % (a, INT64_MIN))
                self.emit("li %s, -1" % b)
                self.emit("%s %s, %s, %s" % (self.choice(DIV_OPS + ["mulh", "mulhsu", "mul"]), self.dst(), a, b))
            elif pat == "min32":
                self.emit("li %s, %d" % (a, self.choice([INT32_MIN, 0x80000000, 0x7fffffff80000000])))
                self.emit("li %s, %d" % (b, self.choice([-1, 0xffffffff])))
                self.emit("%s %s, %s, %s" % (self.choice(DIVW_OPS + ["mulw"]), self.dst(), a, b))
            elif pat == "div0":
                self.emit("%s %s, %s, zero" % (self.choice(DIV_OPS), self.dst(), self.src()))
            elif pat == "div0w":
                self.emit("li %s, %d" % (b, self.choice([0, 0x100000000, -0x100000000])))
                self.emit("%s %s, %s, %s" % (self.choice(DIVW_OPS), self.dst(), self.src(), b))
            else:
                self.emit("li %s, %d" % (b, self.choice([0, 31, 32, 63, 64, -1, 0x3f, 0x1f])))
                self.emit("%s %s, %s, %s" % (self.choice(["sll", "srl", "sra", "sllw", "srlw", "sraw", "rol", "ror", "rolw", "rorw", "bset", "bclr", "binv", "bext"]), self.dst(), self.src(), b))
        else:
            self.emit(self.choice(["fence", "fence rw, rw", "fence iorw, iorw",
                                   "fence r, r", "fence.tso", ".word 0x0100000f"]))

    # ---- rvc ----------------------------------------------------------
    def op_rvc(self, small=False):
        k = self.wchoice({"alu": 6, "auto": 0 if small else 1.5, "sp": 2, "mem": 0 if small else 2,
                          "a16": 0 if small else 0.5})
        if k == "alu":
            self.rvc_alu()
        elif k == "auto":
            # A run of ordinary instructions that the assembler compresses.
            self.out.append("    .option push")
            self.out.append("    .option rvc")
            for _ in range(self.rng.randint(2, 6)):
                rd = self.dst_c() or self.dst_nz()
                kind = self.choice(["addi", "add", "mv", "li", "andi", "sub", "and", "slli", "addiw"])
                if kind in ("addi", "andi", "addiw"):
                    self.emit("%s %s, %s, %d" % (kind, rd, rd, self.rng.randint(-32, 31)))
                elif kind == "slli":
                    self.emit("slli %s, %s, %d" % (rd, rd, self.rng.randint(1, 63)))
                elif kind == "li":
                    self.emit("li %s, %d" % (rd, self.rng.randint(-32, 31)))
                elif kind == "mv":
                    self.emit("mv %s, %s" % (rd, self.xn(self.choice(FREE))))
                else:
                    self.emit("%s %s, %s, %s" % (kind, rd, rd, self.src_c()))
            self.out.append("    .option pop")
        elif k == "sp":
            kind = self.choice(["lwsp", "ldsp", "swsp", "sdsp", "fldsp", "fsdsp", "addi4spn"])
            if kind == "lwsp":
                self.emit_c("c.lwsp %s, %d(sp)" % (self.dst_nz(), 4 * self.rng.randrange(64)))
            elif kind == "ldsp":
                self.emit_c("c.ldsp %s, %d(sp)" % (self.dst_nz(), 8 * self.rng.randrange(64)))
            elif kind == "swsp":
                self.emit_c("c.swsp %s, %d(sp)" % (self.src(), 4 * self.rng.randrange(64)))
            elif kind == "sdsp":
                self.emit_c("c.sdsp %s, %d(sp)" % (self.src(), 8 * self.rng.randrange(64)))
            elif kind == "fldsp":
                self.emit_c("c.fldsp %s, %d(sp)" % (self.f(), 8 * self.rng.randrange(64)))
            elif kind == "fsdsp":
                self.emit_c("c.fsdsp %s, %d(sp)" % (self.f(), 8 * self.rng.randrange(64)))
            else:
                rd = self.dst_c()
                if rd:
                    self.emit_c("c.addi4spn %s, sp, %d" % (rd, 4 * self.rng.randint(1, 255)))
        elif k == "mem":
            base = self.dst_c()
            if base is None:
                return self.rvc_alu()
            bi = XNAMES.index(base)
            self.avoid.add(bi)
            kind = self.choice(["lw", "ld", "sw", "sd", "fld", "fsd"])
            scale = 4 if kind in ("lw", "sw") else 8
            off = scale * self.rng.randrange(32)
            start = self.rng.randrange(-2048, 2048 - 256) & ~7
            if self.chance(0.3):
                start += self.choice([1, 2, 3, 4, 6])   # misaligned c.* access
            self.emit("addi %s, gp, %d" % (base, start))
            if kind in ("lw", "ld"):
                rd = self.dst_c() or base
                self.emit_c("c.%s %s, %d(%s)" % (kind, rd, off, base))
            elif kind in ("sw", "sd"):
                self.emit_c("c.%s %s, %d(%s)" % (kind, self.src_c(), off, base))
            else:
                self.emit_c("c.%s %s, %d(%s)" % (kind, self.f_c(), off, base))
            self.avoid.discard(bi)
        else:
            x = 16 * self.choice([i for i in range(-31, 32) if i != 0])   # +-x within [-512, 496]
            self.emit_c("c.addi16sp sp, %d" % x)
            for _ in range(self.rng.randint(0, 3)):
                if self.chance(0.5):
                    self.emit_c("c.sdsp %s, %d(sp)" % (self.src(), 8 * self.rng.randrange(64)))
                else:
                    self.emit_c("c.ldsp %s, %d(sp)" % (self.dst_nz(), 8 * self.rng.randrange(64)))
            self.emit_c("c.addi16sp sp, %d" % -x)

    def rvc_alu(self):
        kind = self.choice(["addi", "addiw", "li", "lui", "slli", "srli", "srai", "andi",
                            "ca", "mv", "add", "nop"])
        rd = self.dst_nz()
        rc = self.dst_c()
        if kind == "addi":
            self.emit_c("c.addi %s, %d" % (rd, self.choice([i for i in range(-32, 32) if i])))
        elif kind == "addiw":
            self.emit_c("c.addiw %s, %d" % (rd, self.rng.randint(-32, 31)))
        elif kind == "li":
            self.emit_c("c.li %s, %d" % (rd, self.rng.randint(-32, 31)))
        elif kind == "lui":
            imm = self.choice(list(range(1, 32)) + list(range(0xfffe0, 0x100000)))
            self.emit_c("c.lui %s, 0x%x" % (rd, imm))
        elif kind == "slli":
            self.emit_c("c.slli %s, %d" % (rd, self.rng.randint(1, 63)))
        elif kind in ("srli", "srai") and rc:
            self.emit_c("c.%s %s, %d" % (kind, rc, self.rng.randint(1, 63)))
        elif kind == "andi" and rc:
            self.emit_c("c.andi %s, %d" % (rc, self.rng.randint(-32, 31)))
        elif kind == "ca" and rc:
            op = self.choice(["sub", "xor", "or", "and", "subw", "addw"])
            self.emit_c("c.%s %s, %s" % (op, rc, self.src_c()))
        elif kind == "mv":
            self.emit_c("c.mv %s, %s" % (rd, self.xn(self.choice(range(1, 32)))))
        elif kind == "add":
            self.emit_c("c.add %s, %s" % (rd, self.xn(self.choice(range(1, 32)))))
        else:
            self.emit_c("c.nop")

    # ---- mem ----------------------------------------------------------
    def mem_offset(self, width):
        mode = self.wchoice({"aligned": 5, "mis": 2.5, "cross": 2.5 if width > 1 else 0})
        if mode == "aligned":
            return width * self.rng.randrange(-2048 // width, 2040 // width)
        if mode == "mis":
            while True:
                off = self.rng.randrange(-2048, 2040)
                if width == 1 or off % width:
                    return off
        return -self.rng.randint(1, width - 1)       # gp is page aligned

    def addr(self, off):
        """Returns 'off(base)' for gp+off, sometimes through another base."""
        if self.chance(0.3):
            base = self.dst_nz()
            k = self.rng.randint(max(-2048, off - 2047), min(2047, off + 2048))
            self.emit("addi %s, gp, %d" % (base, k))
            return "%d(%s)" % (off - k, base)
        return "%d(gp)" % off

    def op_mem(self, small=False):
        kind = self.wchoice({"load": 4, "store": 4, "fload": 1, "fstore": 1})
        if kind == "load":
            op, w = self.choice(LOADS)
            a = self.addr(self.mem_offset(w))
            self.emit("%s %s, %s" % (op, self.dst(), a))
        elif kind == "store":
            op, w = self.choice(STORES)
            a = self.addr(self.mem_offset(w))
            self.emit("%s %s, %s" % (op, self.src(), a))
        elif kind == "fload":
            op, w = self.choice([("flw", 4), ("fld", 8)])
            a = self.addr(self.mem_offset(w))
            self.emit("%s %s, %s" % (op, self.f(), a))
        else:
            op, w = self.choice([("fsw", 4), ("fsd", 8)])
            a = self.addr(self.mem_offset(w))
            self.emit("%s %s, %s" % (op, self.f(), a))

    # ---- fp -----------------------------------------------------------
    def rm(self):
        return self.choice(FP_RM)

    def op_fp(self, small=False):
        k = self.wchoice({"const": 3, "arith": 4, "sqrt": 1, "fma": 2, "f2i": 2, "i2f": 2,
                          "ff": 1, "minmax": 1, "cmp": 1, "class": 1, "mv": 1.5,
                          "sgnj": 1, "csr": 1, "mem": 1})
        p = self.choice(["s", "d"])
        if k == "const":
            base = self.dst_nz()
            self.emit("la %s, fz_fconst" % base)
            for _ in range(self.rng.randint(1, 3)):
                idx = self.rng.randrange(self.nconst)
                self.emit("%s %s, %d(%s)" % (self.choice(["fld", "fld", "flw"]), self.f(), 8 * idx, base))
        elif k == "arith":
            op = self.choice(["fadd", "fsub", "fmul", "fdiv"])
            self.emit("%s.%s %s, %s, %s, %s" % (op, p, self.f(), self.f(), self.f(), self.rm()))
        elif k == "sqrt":
            self.emit("fsqrt.%s %s, %s, %s" % (p, self.f(), self.f(), self.rm()))
        elif k == "fma":
            op = self.choice(["fmadd", "fmsub", "fnmsub", "fnmadd"])
            self.emit("%s.%s %s, %s, %s, %s, %s" % (op, p, self.f(), self.f(), self.f(), self.f(), self.rm()))
        elif k == "f2i":
            t = self.choice(["w", "wu", "l", "lu"])
            self.emit("fcvt.%s.%s %s, %s, %s" % (t, p, self.dst(), self.f(), self.rm()))
        elif k == "i2f":
            t = self.choice(["w", "wu", "l", "lu"])
            s = self.src()
            if self.chance(0.3):
                s = self.dst_nz()
                self.emit("li %s, %d" % (s, s64(self.choice(EDGE))))
            if p == "d" and t in ("w", "wu"):
                # Exact: the assembler takes no rm, but the field must still
                # be decoded (dyn with a valid frm, or any static mode).
                rm = self.rm()
                self.emit(".insn r 0x53, %d, 0x69, %s, %s, %s" % (RM_NUM[rm], self.f(), s, "x0" if t == "w" else "x1"))
            else:
                self.emit("fcvt.%s.%s %s, %s, %s" % (p, t, self.f(), s, self.rm()))
        elif k == "ff":
            if p == "s":
                self.emit("fcvt.s.d %s, %s, %s" % (self.f(), self.f(), self.rm()))
            else:
                self.emit(".insn r 0x53, %d, 0x21, %s, %s, f0" % (RM_NUM[self.rm()], self.f(), self.f()))
        elif k == "minmax":
            self.emit("%s.%s %s, %s, %s" % (self.choice(["fmin", "fmax"]), p, self.f(), self.f(), self.f()))
        elif k == "cmp":
            self.emit("%s.%s %s, %s, %s" % (self.choice(["feq", "flt", "fle"]), p, self.dst(), self.f(), self.f()))
        elif k == "class":
            self.emit("fclass.%s %s, %s" % (p, self.dst(), self.f()))
        elif k == "mv":
            kind = self.choice(["x.w", "x.d", "w.x", "d.x"])
            if kind[0] == "x":
                self.emit("fmv.%s %s, %s" % (kind, self.dst(), self.f()))
            else:
                self.emit("fmv.%s %s, %s" % (kind, self.f(), self.src()))
        elif k == "sgnj":
            self.emit("%s.%s %s, %s, %s" % (self.choice(["fsgnj", "fsgnjn", "fsgnjx"]), p, self.f(), self.f(), self.f()))
        elif k == "csr":
            self.fp_csr()
        else:
            self.op_mem()

    def fp_csr(self):
        kind = self.choice(["frcsr", "fscsr", "frrm", "fsrm", "fsrmi", "frflags", "fsflags",
                            "fsflagsi", "setclr"])
        if kind in ("frcsr", "frrm", "frflags"):
            self.emit("%s %s" % (kind, self.dst()))
        elif kind in ("fscsr", "fsrm", "fsflags"):
            t = self.dst_nz()
            if kind == "fscsr":
                v = (self.rng.randrange(5) << 5) | self.rng.randrange(32)
                if self.chance(0.1):
                    v = s64(self.rng.getrandbits(64)) & ~0xe0 | (self.rng.randrange(5) << 5)
            elif kind == "fsrm":
                v = self.rng.randrange(5) | (self.rng.getrandbits(8) << 3 if self.chance(0.1) else 0)
            else:
                v = self.rng.randrange(32) | (self.rng.getrandbits(8) << 5 if self.chance(0.1) else 0)
            self.emit("li %s, %d" % (t, v))
            if self.chance(0.5):
                self.emit("%s %s, %s" % (kind, self.dst(), t))
            else:
                self.emit("%s %s" % (kind, t))
        elif kind == "fsrmi":
            self.emit("fsrmi %s, %d" % (self.dst(), self.rng.randrange(5)))
        elif kind == "fsflagsi":
            self.emit("fsflagsi %s, %d" % (self.dst(), self.rng.randrange(32)))
        else:
            self.emit("%s %s, fflags, %d" % (self.choice(["csrrsi", "csrrci"]), self.dst(), self.rng.randrange(32)))

    # ---- amo ----------------------------------------------------------
    def op_amo(self, small=False):
        w = self.choice([".w", ".d"])
        size = 4 if w == ".w" else 8
        base = self.dst_nz()
        bi = XNAMES.index(base)
        self.emit("addi %s, gp, %d" % (base, size * self.rng.randrange(-2048 // size, 2040 // size)))
        self.avoid.add(bi)
        if self.chance(0.65):
            self.emit("%s%s%s %s, %s, (%s)" % (self.choice(AMO_OPS), w, self.choice(AQRL), self.dst(), self.src(), base))
        else:
            rd = self.dst_nz()
            self.emit("lr%s%s %s, (%s)" % (w, self.choice(AQRL), rd, base))
            pat = self.choice(["plain", "alu", "store_same", "other_addr", "double"])
            target = base
            if pat == "alu":
                self.emit("%s %s, %s, %s" % (self.choice(["add", "xor", "sub"]), self.dst(), rd, self.src()))
            elif pat == "store_same":
                # A plain store of the same value keeps SC successful (QEMU 7.2
                # and Loom compare the value); another value makes it fail.
                self.emit("s%s %s, 0(%s)" % (w[1], self.choice([rd, self.src()]), base))
            elif pat == "other_addr":
                target = self.dst_nz()
                self.emit("addi %s, %s, %d" % (target, base, self.choice([size, -size, 2 * size])))
            ok = self.dst()
            self.emit("sc%s%s %s, %s, (%s)" % (w, self.choice(AQRL), ok, self.src(), target))
            if pat == "double":
                self.emit("sc%s %s, %s, (%s)" % (w, self.dst(), self.src(), base))
        self.avoid.discard(bi)

    # ---- csr ----------------------------------------------------------
    def op_csr(self, small=False):
        if self.mode == "U":
            self.fp_csr()
            return
        if self.mode == "S":
            k = self.choice(["rd", "rd", "sstatus", "wr", "wr"])
            if k == "rd":
                self.emit("csrr %s, %s" % (self.dst(), self.choice(["sscratch", "satp", "sie", "stvec", "scounteren"])))
            elif k == "sstatus":
                self.masked_status("sstatus")
            else:
                self.csr_write("sscratch")
            return
        k = self.wchoice({"rd": 2, "mstatus": 1, "wr": 3, "counter": 1.5, "time": 0.5})
        if k == "rd":
            self.emit("csrr %s, %s" % (self.dst(), self.choice(
                ["mscratch", "sscratch", "mhartid", "misa", "satp", "mie", "medeleg",
                 "mideleg", "mcounteren", "mtvec", "sie"])))
        elif k == "mstatus":
            self.masked_status(self.choice(["mstatus", "sstatus"]))
        elif k == "wr":
            self.csr_write(self.choice(["mscratch", "sscratch"]))
        elif k == "counter":
            a = self.dst_nz()
            b = self.dst_nz(exclude=[XNAMES.index(a)])
            c = self.choice(["cycle", "instret", "mcycle", "minstret"])
            self.emit("csrr %s, %s" % (a, c))
            # (Nothing in between may read the counter value.)
            for _ in range(self.rng.randint(0, 3)):
                self.emit(self.choice(["nop", "fence", "addi zero, zero, 1"]))
            self.emit("csrr %s, %s" % (b, c))
            # Counters may only be compared: later >= earlier.
            self.emit("sltu %s, %s, %s" % (b, b, a))
            self.emit("li %s, 0" % a)
        else:
            # The time CSR exists on Loom but not on QEMU's spike machine (an
            # illegal instruction there): the trap is not recorded (NOFOLD),
            # mstatus is restored, and only a comparison survives.
            a = self.dst_nz()
            b = self.dst_nz(exclude=[XNAMES.index(a)])
            s = self.dst_nz(exclude=[XNAMES.index(a), XNAMES.index(b)])
            self.emit("csrr %s, mstatus" % s)
            self.emit("sd tp, %d(tp)" % TS_NOFOLD)
            self.emit("li %s, 0" % a)
            self.emit("li %s, 0" % b)
            self.emit("rdtime %s" % a)
            self.emit("rdtime %s" % b)
            self.emit("sd zero, %d(tp)" % TS_NOFOLD)
            self.emit("csrw mstatus, %s" % s)
            self.emit("li %s, 0" % s)
            self.emit("sltu %s, %s, %s" % (b, b, a))
            self.emit("li %s, 0" % a)

    def masked_status(self, csr):
        rd = self.dst_nz()
        t = self.dst_nz(exclude=[XNAMES.index(rd)])
        self.emit("csrr %s, %s" % (rd, csr))
        # FS/SD: how eagerly FS becomes Dirty is the implementation's choice.
        self.emit("li %s, %d" % (t, s64(~MSTATUS_FS_SD)))
        self.emit("and %s, %s, %s" % (rd, rd, t))

    def csr_write(self, csr):
        kind = self.choice(["csrw", "csrrw", "csrrs", "csrrc", "csrrwi", "csrrsi", "csrrci"])
        if kind.endswith("i"):
            self.emit("%s %s, %s, %d" % (kind, self.dst(), csr, self.rng.randrange(32)))
        elif kind == "csrw":
            self.emit("csrw %s, %s" % (csr, self.src()))
        else:
            self.emit("%s %s, %s, %s" % (kind, self.dst(), csr, self.src()))

    # ---- trap ---------------------------------------------------------
    def illegal_word(self):
        r = self.rng.getrandbits
        kind = self.choice(["custom", "load7", "store", "branch", "op7f", "amo1f",
                            "slliw", "opfp7f", "c0", "sys", "unimp"])
        if kind == "custom":
            return (r(25) << 7) | self.choice([0x0b, 0x2b, 0x5b, 0x7b])
        if kind == "load7":
            return (r(17) << 15) | (7 << 12) | (r(5) << 7) | 0x03
        if kind == "store":
            return (r(17) << 15) | (self.rng.randint(4, 7) << 12) | (r(5) << 7) | 0x23
        if kind == "branch":
            return (r(17) << 15) | (self.choice([2, 3]) << 12) | (r(5) << 7) | 0x63
        if kind == "op7f":
            return (0x7f << 25) | (r(10) << 15) | (r(3) << 12) | (r(5) << 7) | 0x33
        if kind == "amo1f":
            return (0x1f << 27) | (r(12) << 15) | (self.choice([2, 3]) << 12) | (r(5) << 7) | 0x2f
        if kind == "slliw":
            return 0x0200101b | (r(5) << 20) | (r(5) << 15) | (r(5) << 7)
        if kind == "opfp7f":
            return 0xfe000053 | (r(10) << 15) | (r(3) << 12) | (r(5) << 7)
        if kind == "c0":
            return None          # the all-zero halfword
        if kind == "sys":
            return 0x12300073 | (0x7f << 25)
        return 0xc0001073        # unimp: csrrw x0, cycle, x0 (read-only CSR)

    def op_trap(self, small=False):
        k = self.wchoice({"ecall": 1, "ebreak": 1, "illegal": 3, "mode": 1.5,
                          "misaligned": 1.5 if "amo" in self.cats else 0.5,
                          "access": 2, "frm": 1 if "fp" in self.cats else 0})
        if k == "ecall":
            self.emit("ecall")
        elif k == "ebreak":
            if self.chance(0.5):
                self.emit("ebreak")
            else:
                self.emit_c("c.ebreak")
        elif k == "illegal":
            w = self.illegal_word()
            if w is None:
                self.emit(".half 0x0000")
            else:
                self.emit(".word 0x%08x" % w)
        elif k == "mode":
            if self.mode == "U":
                self.emit(self.choice(["mret", "sret", "wfi", "sfence.vma",
                                       "csrr %s, mscratch" % self.dst(), "csrr %s, sscratch" % self.dst(),
                                       "csrr %s, cycle" % self.dst(), "csrw satp, zero",
                                       "csrr %s, mstatus" % self.dst()]))
            elif self.mode == "S":
                self.emit(self.choice(["mret", "csrr %s, mscratch" % self.dst(),
                                       "csrr %s, cycle" % self.dst(), "csrr %s, instret" % self.dst(),
                                       "csrw mhartid, zero", "csrr %s, mstatus" % self.dst()]))
            else:
                self.emit(self.choice(["csrw mhartid, zero", "csrr %s, 0x7ff" % self.dst(),
                                       "csrw cycle, zero", "csrw mvendorid, zero",
                                       "unimp"]))
        elif k == "misaligned":
            w = self.choice([".w", ".d"])
            size = 4 if w == ".w" else 8
            base = self.dst_nz()
            bi = XNAMES.index(base)
            off = size * self.rng.randrange(-2048 // size, 2032 // size) + self.rng.randint(1, size - 1)
            self.emit("addi %s, gp, %d" % (base, off))
            self.avoid.add(bi)
            # (No misaligned SC: QEMU 7.2 fails it without a trap when there
            # is no reservation, Loom traps; the spec allows both.)
            kind = self.choice(["amo", "amo", "lr"])
            if kind == "amo":
                self.emit("%s%s %s, %s, (%s)" % (self.choice(AMO_OPS), w, self.dst(), self.src(), base))
            else:
                self.emit("lr%s %s, (%s)" % (w, self.dst(), base))
            self.avoid.discard(bi)
        elif k == "access":
            base = self.dst_nz()
            bi = XNAMES.index(base)
            self.emit("li %s, 0x%x" % (base, self.choice(UNMAPPED)))
            self.avoid.add(bi)
            kind = self.choice(["load", "store", "fload", "fstore"])
            if kind == "load":
                op, _ = self.choice(LOADS)
                self.emit("%s %s, 0(%s)" % (op, self.dst(), base))
            elif kind == "store":
                op, _ = self.choice(STORES)
                self.emit("%s %s, 0(%s)" % (op, self.src(), base))
            elif kind == "fload":
                self.emit("%s %s, 0(%s)" % (self.choice(["flw", "fld"]), self.f(), base))
            else:
                self.emit("%s %s, 0(%s)" % (self.choice(["fsw", "fsd"]), self.f(), base))
            self.avoid.discard(bi)
        else:
            # Reserved rounding mode in frm: every FP op with rm = dyn (and
            # every one with a reserved static rm) is an illegal instruction.
            self.emit("fsrmi %d" % self.rng.randint(5, 7))
            p = self.choice(["s", "d"])
            choice = self.choice(["arith", "cvt", "fma", "static"])
            if choice == "arith":
                self.emit("fadd.%s %s, %s, %s, dyn" % (p, self.f(), self.f(), self.f()))
            elif choice == "cvt":
                self.emit("fcvt.w.%s %s, %s, dyn" % (p, self.dst(), self.f()))
            elif choice == "fma":
                self.emit("fmadd.%s %s, %s, %s, %s, dyn" % (p, self.f(), self.f(), self.f(), self.f()))
            else:
                self.emit(".insn r 0x53, %d, %d, %s, %s, %s" % (self.choice([5, 6]), self.choice([0, 1, 4, 5]),
                                                               self.f(), self.f(), self.f()))
            self.emit("csrr %s, frm" % self.dst())
            self.emit("fsrmi %d" % self.rng.randrange(5))

    # ---- ctrl ---------------------------------------------------------
    def body(self, cats, lo, hi):
        for _ in range(self.rng.randint(lo, hi)):
            self.body_op(cats)

    def body_op(self, cats, small=False):
        cats = [c for c in cats if c in self.cats]
        if self.depth >= 2 or self.in_func:
            cats = [c for c in cats if c != "ctrl"]
        if self.in_func:
            cats = [c for c in cats if c in FUNC_CATS]
        if small:
            cats = [c for c in cats if c in ("int", "rvc")]
        if not cats:
            self.emit("nop")        # no category usable here is enabled
            return
        c = self.choice(cats)
        getattr(self, "op_" + c)(small)

    def body_cats(self):
        return [c for c in BODY_CATS if c in self.cats]

    def op_ctrl(self, small=False):
        if small:
            return self.op_int(small=True)
        self.depth += 1
        k = self.wchoice({"branch": 4, "cbranch": 1.5, "jump": 1, "loop": 2.5,
                          "call": 2.5 if not self.in_func else 0})
        if k == "branch":
            end = self.new_label("b")
            cond = self.choice(["beq", "bne", "blt", "bge", "bltu", "bgeu", "beqz", "bnez",
                                "bgt", "ble", "bgtu", "bleu"])
            if cond in ("beqz", "bnez"):
                self.emit("%s %s, %s" % (cond, self.src(), end))
            else:
                self.emit("%s %s, %s, %s" % (cond, self.src(), self.src(), end))
            self.body(self.body_cats(), 1, 5)
            self.label(end)
        elif k == "cbranch":
            end = self.new_label("cb")
            lines, n = self.capture(self.body, ["int", "rvc"], 1, 4)
            if self.est_bytes(lines) < 200:
                self.emit_c("c.%s %s, %s" % (self.choice(["beqz", "bnez"]), self.src_c(), end))
            else:
                self.emit("beqz %s, %s" % (self.src_c(), end))
            self.out.extend(lines)
            self.label(end)
        elif k == "jump":
            end = self.new_label("j")
            lines, n = self.capture(self.body, ["int", "rvc", "mem"], 1, 3)
            self.n -= n          # never executed
            if self.est_bytes(lines) < 1500 and self.chance(0.5):
                self.emit_c("c.j %s" % end)
            else:
                self.emit("j %s" % end)
            self.out.extend(lines)
            self.label(end)
        elif k == "loop":
            self.loop()
        else:
            self.call()
        self.depth -= 1

    def loop(self):
        cnt = self.dst_c() if self.chance(0.4) else None
        cnt = cnt or self.dst_nz()
        ci = XNAMES.index(cnt)
        self.avoid.add(ci)
        top = self.new_label("loop")
        trips = self.rng.randint(1, 6)
        if self.chance(0.7):
            self.emit("li %s, %d" % (cnt, trips))
            self.label(top)
            self.body(self.body_cats(), 2, 7)
            if ci in RVC_X and self.chance(0.5):
                self.emit_c("c.addi %s, -1" % cnt)
                self.emit("bnez %s, %s" % (cnt, top))
            else:
                self.emit("addi %s, %s, -1" % (cnt, cnt))
                self.emit("bnez %s, %s" % (cnt, top))
        else:
            lim = self.dst_nz()
            li_ = XNAMES.index(lim)
            self.avoid.add(li_)
            self.emit("li %s, 0" % cnt)
            self.emit("li %s, %d" % (lim, trips))
            self.label(top)
            self.body(self.body_cats(), 2, 7)
            self.emit("addi %s, %s, 1" % (cnt, cnt))
            self.emit("%s %s, %s, %s" % (self.choice(["blt", "bltu", "bne"]), cnt, lim, top))
            self.avoid.discard(li_)
        self.avoid.discard(ci)

    def make_func(self, link):
        name = "fz_fn_%d" % len(self.funcs)
        li = XNAMES.index(link)
        saved = (self.out, self.avoid, self.in_func, self.depth, self.n)
        self.out = []
        self.avoid = set(self.avoid) | {li}
        self.in_func = True
        self.label(name)
        self.body(FUNC_CATS, 2, 8)
        ret = self.choice(["ret", "c.jr", "jalr"]) if link == "ra" else self.choice(["jr", "c.jr", "jalr"])
        if ret == "ret":
            self.emit("ret")
        elif ret == "c.jr":
            self.emit_c("c.jr %s" % link)
        elif ret == "jalr":
            self.emit("jalr zero, 0(%s)" % link)
        else:
            self.emit("jr %s" % link)
        self.func_text.extend(self.out)
        avoid = frozenset(self.avoid)
        self.out, self.avoid, self.in_func, self.depth, self.n = saved
        self.funcs.append((name, link, avoid))
        return name

    def call(self):
        link = "ra" if self.chance(0.75) else self.dst_nz()
        if XNAMES.index(link) in self.avoid:
            return self.op_int()
        usable = [f for f in self.funcs if f[1] == link and self.avoid <= f[2]]
        name = self.choice(usable)[0] if usable and self.chance(0.6) else self.make_func(link)
        k = self.choice(["jal", "jal", "call", "jalr", "cjalr", "jalr_off"] if link == "ra" else ["jal", "jalr"])
        if k == "jal":
            self.emit("jal %s, %s" % (link, name))
        elif k == "call":
            self.emit("call %s" % name)
        else:
            t = self.dst_c() if k == "cjalr" else self.dst_nz(exclude=[XNAMES.index(link)])
            if t is None or t == link:
                self.emit("jal %s, %s" % (link, name))
                return
            if k == "jalr_off":
                off = self.choice([-8, 8, 16, -2048, 2047 & ~1])
                self.emit("la %s, %s%+d" % (t, name, -off))
                self.emit("jalr %s, %d(%s)" % (link, off, t))
            elif k == "cjalr":
                self.emit("la %s, %s" % (t, name))
                self.emit_c("c.jalr %s" % t)
            else:
                self.emit("la %s, %s" % (t, name))
                self.emit("jalr %s, %s" % (link, t))

    # ---- priv / vm ----------------------------------------------------
    def enter(self, mode):
        t = self.dst_nz()
        body = self.new_label("in" + mode)
        self.emit("la %s, %s" % (t, body))
        self.emit("csrw mepc, %s" % t)
        self.emit("li %s, %d" % (t, MSTATUS_MPP))
        self.emit("csrc mstatus, %s" % t)
        if mode == "S":
            self.emit("li %s, %d" % (t, 1 << 11))
            self.emit("csrs mstatus, %s" % t)
        self.emit("mret")
        self.label(body)
        self.mode = mode

    def leave(self):
        # The handler resumes in M after this ecall (TOM), right after it.
        self.emit("sd tp, %d(tp)" % TS_TOM)
        self.emit("ecall")
        self.mode = "M"

    def seg_priv(self):
        self.enter(self.choice(["S", "U"]))
        self.body(self.body_cats(), 8, 40)
        self.leave()

    def special_access(self):
        """One access to a page with special mapping (VM segments)."""
        page = self.choice(["fz_hole", "fz_ro", "fz_adpg", "fz_adpg", "fz_hole_cross", "gp"])
        base = self.dst_nz()
        bi = XNAMES.index(base)
        if page == "gp":
            self.emit("mv %s, gp" % base)
            off = self.mem_offset(8)
        elif page == "fz_hole_cross":
            self.emit("la %s, fz_hole" % base)
            off = -self.rng.randint(1, 7)
        else:
            self.emit("la %s, %s" % (base, page))
            off = self.rng.randrange(0, 2040)
        self.avoid.add(bi)
        kind = self.choice(["load", "store", "amo"] if off >= 0 else ["load", "store"])
        if kind == "load":
            op, w = self.choice(LOADS[1:] if off < 0 else LOADS)
            self.emit("%s %s, %d(%s)" % (op, self.dst(), off, base))
        elif kind == "store":
            op, w = self.choice(STORES[1:] if off < 0 else STORES)
            self.emit("%s %s, %d(%s)" % (op, self.src(), off, base))
        else:
            self.emit("addi %s, %s, %d" % (base, base, off & ~7))
            self.emit("%s.d %s, %s, (%s)" % (self.choice(AMO_OPS), self.dst(), self.src(), base))
        self.avoid.discard(bi)

    def set_satp(self, which):
        t = self.dst_nz()
        p = self.dst_nz(exclude=[XNAMES.index(t)])
        # Fresh A/D bits on the A/D test page each time.
        self.emit("ld %s, %d(tp)" % (p, TS_PTE_AD_S if which == "s" else TS_PTE_AD_U))
        self.emit("ld %s, 0(%s)" % (t, p))
        self.emit("andi %s, %s, %d" % (t, t, ~(PTE_A | PTE_D)))
        self.emit("sd %s, 0(%s)" % (t, p))
        self.emit("ld %s, %d(tp)" % (t, TS_SATP_S if which == "s" else TS_SATP_U))
        self.emit("csrw satp, %s" % t)
        self.emit("sfence.vma")
        self.paging = which

    def clear_satp(self):
        which = self.paging
        self.emit("csrw satp, zero")
        self.emit("sfence.vma")
        # The A/D page's PTE, as hardware left it, goes into a register.
        p = self.dst_nz()
        self.emit("ld %s, %d(tp)" % (p, TS_PTE_AD_S if which == "s" else TS_PTE_AD_U))
        self.emit("ld %s, 0(%s)" % (self.dst_nz(), p))
        self.paging = None

    def seg_vm(self):
        which = self.choice(["s", "u"])
        self.set_satp(which)
        if self.chance(0.4):
            # MPRV: M-mode data accesses with the translation of MPP.
            t = self.dst_nz()
            ti = XNAMES.index(t)
            self.avoid.add(ti)
            for _ in range(self.rng.randint(1, 5)):
                mpp = self.choice([0, 1])
                sum_ = self.chance(0.5)
                self.emit("li %s, %d" % (t, MSTATUS_MPP))
                self.emit("csrc mstatus, %s" % t)
                self.emit("li %s, %d" % (t, MSTATUS_MPRV | (mpp << 11) | (MSTATUS_SUM if sum_ else 0)))
                self.emit("csrs mstatus, %s" % t)
                self.special_access()
                self.emit("li %s, %d" % (t, MSTATUS_MPRV | MSTATUS_SUM))
                self.emit("csrc mstatus, %s" % t)
            self.avoid.discard(ti)
        else:
            self.enter("S" if which == "s" else "U")
            for _ in range(self.rng.randint(8, 30)):
                r = self.rng.random()
                if r < 0.25:
                    self.special_access()
                elif r < 0.3 and self.mode == "S":
                    self.emit("sfence.vma" if self.chance(0.5) else "sfence.vma %s, zero" % self.src())
                else:
                    self.body_op(self.body_cats())
            self.leave()
        self.clear_satp()

    # ---- smc / dev ----------------------------------------------------
    def smc_word(self):
        cands = [r for r in FREE if r not in self.avoid and r != 1]
        rd = self.choice(cands)
        rs1, rs2 = self.rng.randrange(32), self.rng.randrange(32)
        k = self.choice(["r", "i", "lui", "c"])
        if k == "r":
            f7, f3, opc = SMC_R[self.choice(list(SMC_R))]
            return (f7 << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | opc
        if k == "i":
            f3, opc = SMC_I[self.choice(list(SMC_I))]
            return ((self.imm12() & 0xfff) << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | opc
        if k == "lui":
            return (self.rng.getrandbits(20) << 12) | (rd << 7) | 0x37
        # c.li rd, imm6 in the low half, c.nop in the high half.
        imm = self.rng.randrange(64)
        cli = (0b010 << 13) | ((imm >> 5) << 12) | (rd << 7) | ((imm & 31) << 2) | 0b01
        return cli | (0x0001 << 16)

    def seg_smc(self):
        b = self.dst_nz(exclude=[1])
        v = self.dst_nz(exclude=[1, XNAMES.index(b)])
        for r in (b, v):
            self.avoid.add(XNAMES.index(r))
        self.emit("la %s, fz_smc" % b)
        for i in range(self.rng.randint(2, 5)):
            slot = self.choice([0, 4, 0])
            self.emit("li %s, 0x%x" % (v, self.smc_word()))
            self.emit("sw %s, %d(%s)" % (v, slot, b))
            # Both slots are rewritten first: what an earlier segment left
            # there may write a register that is live now.
            if i == 0 or self.chance(0.3):
                self.emit("li %s, 0x%x" % (v, self.smc_word()))
                self.emit("sw %s, %d(%s)" % (v, 4 - slot, b))
            self.emit("fence.i")
            for _ in range(self.rng.randint(1, 2)):
                self.emit("jalr ra, 0(%s)" % b)
        for r in (b, v):
            self.avoid.discard(XNAMES.index(r))

    def seg_dev(self):
        a = self.dst_nz()
        ai = XNAMES.index(a)
        self.avoid.add(ai)
        for _ in range(self.rng.randint(1, 4)):
            k = self.choice(["mtime", "mtime32", "cmp64", "cmp32", "msip"])
            if k == "mtime":
                x = self.dst_nz()
                y = self.dst_nz(exclude=[XNAMES.index(x)])
                self.emit("li %s, 0x%x" % (a, CLINT_MTIME))
                self.emit("ld %s, 0(%s)" % (x, a))
                for _ in range(self.rng.randint(0, 2)):
                    self.emit("nop")
                self.emit("ld %s, 0(%s)" % (y, a))
                self.emit("sltu %s, %s, %s" % (y, y, x))     # mtime never goes back
                self.emit("li %s, 0" % x)
            elif k == "mtime32":
                x = self.dst_nz()
                self.emit("li %s, 0x%x" % (a, CLINT_MTIME))
                self.emit("%s %s, %d(%s)" % (self.choice(["lw", "lwu"]), x, self.choice([0, 4]), a))
                self.emit("li %s, 0" % x)
            elif k == "cmp64":
                v = self.dst_nz()
                self.emit("li %s, 0x%x" % (a, CLINT_MTIMECMP))
                self.emit("li %s, %d" % (v, self.value()))
                self.emit("sd %s, 0(%s)" % (v, a))
                self.emit("ld %s, 0(%s)" % (self.dst(), a))
            elif k == "cmp32":
                v = self.dst_nz()
                self.emit("li %s, 0x%x" % (a, CLINT_MTIMECMP))
                self.emit("li %s, %d" % (v, self.value()))
                self.emit("sw %s, %d(%s)" % (v, self.choice([0, 4]), a))
                self.emit("%s %s, %d(%s)" % (self.choice(["lw", "lwu"]), self.dst(), self.choice([0, 4]), a))
                self.emit("ld %s, 0(%s)" % (self.dst(), a))
            else:
                v = self.dst_nz()
                self.emit("li %s, 0x%x" % (a, CLINT_MSIP))
                self.emit("li %s, %d" % (v, self.choice([0, 1, 1, -1])))
                self.emit("sw %s, 0(%s)" % (v, a))
                self.emit("lw %s, 0(%s)" % (self.dst(), a))
                self.emit("sw zero, 0(%s)" % a)
        self.avoid.discard(ai)

    # ---- segments -----------------------------------------------------
    def segment(self):
        c = self.wchoice({k: WEIGHTS[k] for k in self.cats})
        if c == "priv":
            self.seg_priv()
        elif c == "vm":
            self.seg_vm()
        elif c == "smc":
            self.seg_smc()
        elif c == "dev":
            self.seg_dev()
        else:
            mix = self.body_cats()
            for _ in range(self.rng.randint(4, 24)):
                if self.chance(0.75):
                    getattr(self, "op_" + c)()
                else:
                    self.body_op(mix)
        self.segments += 1
        if self.trace:
            self.save_regs()
            self.emit('PRINT "seg %d "' % self.segments)
            self.emit("jal ra, fz_report")
            self.restore_regs()

    def save_regs(self):
        for i in range(1, 32):
            self.out.append("    sd %s, %d(tp)" % (XNAMES[i], TS_XDUMP + 8 * i))
        for i in range(32):
            self.out.append("    fsd f%d, %d(tp)" % (i, TS_FDUMP + 8 * i))
        self.out.append("    frcsr t0")
        self.out.append("    sd t0, %d(tp)" % TS_FCSR)

    def restore_regs(self):
        self.out.append("    ld t0, %d(tp)" % TS_FCSR)
        self.out.append("    fscsr t0")
        for i in range(32):
            self.out.append("    fld f%d, %d(tp)" % (i, TS_FDUMP + 8 * i))
        for i in range(1, 32):
            if i != 4:
                self.out.append("    ld %s, %d(tp)" % (XNAMES[i], TS_XDUMP + 8 * i))

    # ---- the program --------------------------------------------------
    def fconst_table(self):
        vals = list(D_SPECIAL)
        vals += [0xffffffff00000000 | s for s in S_SPECIAL]
        vals += UNBOXED
        for _ in range(24):
            vals.append(self.rng.getrandbits(64))
            vals.append(0xffffffff00000000 | self.rng.getrandbits(32))
            # near-special: random sign/exponent edges with random mantissa
            e = self.choice([0, 1, 0x7fe, 0x7ff, 0x3ff, 0x433, 0x43e])
            vals.append((self.rng.getrandbits(1) << 63) | (e << 52) | self.rng.getrandbits(52))
            e = self.choice([0, 1, 0xfe, 0xff, 0x7f, 0x9e, 0xbe])
            vals.append(0xffffffff00000000 | (self.rng.getrandbits(1) << 31) | (e << 23) | self.rng.getrandbits(23))
        self.nconst = len(vals)
        assert 8 * self.nconst < 2048
        return vals

    def generate(self, argv):
        fconst = self.fconst_table()
        L = []
        L.append("/* Generated by tests/fuzz/gen_riscv_program.py: do not edit.")
        L.append(" *   %s" % " ".join(argv))
        L.append(" * seed %d, size %d, categories: %s */" % (self.seed, self.size, ",".join(self.cats)))
        L.append('#include "isa_test.h"')
        L.append("")
        L.append("    .text")
        L.append("    .option norvc")
        L.append(HANDLER.replace("@TRAPLOG@", TRAPLOG if self.trap_log else ""))
        L.append("    .globl main")
        L.append("main:")
        L.append(prologue())
        # Initial register values.
        init = []
        for i in FREE:
            init.append("    li %s, %d" % (XNAMES[i], self.value()))
        L.extend(init)
        L.append("    li t0, %d" % ((self.rng.randrange(5) << 5) | self.rng.randrange(32)))
        L.append("    fscsr t0")
        L.append("    la t0, fz_finit")
        for i in range(32):
            L.append("    fld f%d, %d(t0)" % (i, 8 * i))
        L.append("    li t0, %d" % self.value())
        while self.n < self.size:
            self.segment()
        L.extend(self.out)
        L.append("fz_end:")
        self.out = []
        self.save_regs()
        L.extend(self.out)
        epi = EPILOGUE.replace("@SEED@", str(self.seed)).replace("@SIZE@", str(self.size))
        L.append(epi.replace("@DUMPMEM@", DUMPMEM if self.dump_mem else ""))
        L.append("    .option norvc")
        L.extend(self.func_text)
        L.append(REPORT)
        # ---- data ----
        L.append("    .data")
        L.append("    .align 12")
        L.append("fz_data:")
        for i in range(0, 8192, 32):
            L.append("    .dword " + ", ".join("0x%016x" % self.data_word() for _ in range(4)))
        L.append("fz_pre_hole:")           # a mapped page right before the hole
        L.append("    .zero 4096")
        L.append("fz_hole:")               # unmapped under paging
        L.append("    .zero 4096")
        L.append("fz_ro:")                 # read-only under paging
        for i in range(0, 4096, 32):
            L.append("    .dword " + ", ".join("0x%016x" % self.rng.getrandbits(64) for _ in range(4)))
        L.append("fz_adpg:")               # A/D bits cleared before each VM segment
        for i in range(0, 4096, 32):
            L.append("    .dword " + ", ".join("0x%016x" % self.rng.getrandbits(64) for _ in range(4)))
        for which, flags in (("s", LEAF_S), ("u", LEAF_U)):
            L.append("fz_root_%s:" % which)   # entry 2 -> l1, linked at start-up
            L.append("    .zero 4096")
            L.append("fz_l1_%s:" % which)     # entry 0 -> l0; 2..63: 2 MiB leaves
            ent = [0] * 512
            for i in range(1, 64):
                ent[i] = (((RAM_BASE + i * (2 << 20)) >> 12) << 10) | flags
            for i in range(0, 512, 4):
                L.append("    .dword " + ", ".join("0x%x" % e for e in ent[i:i + 4]))
            L.append("fz_l0_%s:" % which)     # the first 2 MiB of RAM, 4 KiB pages
            for i in range(0, 512, 4):
                L.append("    .dword " + ", ".join(
                    "0x%x" % ((((RAM_BASE + j * 4096) >> 12) << 10) | flags) for j in range(i, i + 4)))
        L.append("    .align 6")
        L.append("fz_tstate:")
        L.append("    .zero %d" % TS_SIZE)
        L.append("    .align 4")
        L.append("fz_spdata:")
        for i in range(0, 1536, 32):
            L.append("    .dword " + ", ".join("0x%016x" % self.data_word() for _ in range(4)))
        L.append("    .align 3")
        L.append("fz_fconst:")
        for i in range(0, len(fconst), 4):
            L.append("    .dword " + ", ".join("0x%016x" % v for v in fconst[i:i + 4]))
        L.append("fz_finit:")
        for i in range(32):
            L.append("    .dword 0x%016x" % self.choice(fconst))
        L.append("    .align 2")
        L.append("fz_smc:")                # nop; nop; ret  (rewritten at run time)
        L.append("    .word 0x00000013, 0x00000013, 0x00008067, 0")
        L.append("fz_data_end:")
        return "\n".join(L) + "\n"

    def data_word(self):
        r = self.rng.random()
        if r < 0.2:
            return s64(self.choice(EDGE)) & M64
        return self.rng.getrandbits(64)


# --trap-log: the handler also prints "trap CAUSE EPC TVAL MPP" for every
# recorded trap, with the values it folds (the cause normalized, TVAL "-"
# where mtval is not folded), so that QEMU and Loom print the same lines.
# (Saves and restores ra, a0-a6 around the HTIF calls.)
TRAPLOG = "\n".join(["    sd %s, %d(tp)" % (r, TS_LOGSAVE + 8 * i) for i, r in enumerate(
    ["ra", "a0", "a1", "a2", "a3", "a4", "a5", "a6"])] + [
    '    PRINT "trap "', "    ld a0, %d(tp)" % TS_LCAUSE, "    call console_puthex", "    li a0, ' '",
    "    call console_putchar", "    csrr a0, mepc", "    call console_puthex", "    li a0, ' '",
    "    call console_putchar", "    ld a0, %d(tp)" % TS_LTVALOK, "    bnez a0, 1f", "    li a0, '-'",
    "    call console_putchar", "    j 2f", "1:  ld a0, %d(tp)" % TS_LTVAL, "    call console_puthex",
    "2:  li a0, ' '",
    "    call console_putchar", "    csrr a0, mstatus", "    srli a0, a0, 11", "    andi a0, a0, 3",
    "    call console_putdec", "    li a0, '\\n'", "    call console_putchar"] + [
    "    ld %s, %d(tp)" % (r, TS_LOGSAVE + 8 * i) for i, r in enumerate(
        ["ra", "a0", "a1", "a2", "a3", "a4", "a5", "a6"])])

# The M-mode trap handler. Preserves every register (t0-t2 are saved in the
# state block at tp). Folds mcause, mepc, the previous privilege and, where
# it is defined, mtval into TS_SUM and counts the trap, unless TS_NOFOLD is
# set; resumes after the faulting instruction (+2 or +4 from its low bits),
# in M-mode if TS_TOM was set (the way S/U segments return), else in the mode
# that trapped. Faults of AMOs and SC are folded as store/AMO faults (cause
# 4/5/13 folded as 6/7/15): QEMU 7.2 reports a misaligned AMO as a misaligned
# load (tests/isa/rv64a/misaligned.S) and an AMO to an unreadable page as a
# load page fault, where the spec (and Loom) say store/AMO.
# mtval of an illegal SYSTEM or FP instruction is not folded:
# QEMU 7.2 leaves a stale mtval for illegal instructions detected at run
# time (CSR permission, xRET, reserved rounding mode).
HANDLER = r"""
    .align 2
fz_trap:
    sd t0, %(T0)d(tp)
    sd t1, %(T1)d(tp)
    sd t2, %(T2)d(tp)
    ld t0, %(NOFOLD)d(tp)
    bnez t0, .Lfz_trap_skip
    ld t1, %(SUM)d(tp)
    csrr t0, mcause
    csrr t2, mepc                 /* an AMO or SC (not LR)? */
    lhu t2, 0(t2)
    andi t2, t2, 0x7f
    addi t2, t2, -0x2f
    bnez t2, .Lfz_trap_cause
    csrr t2, mepc
    lhu t2, 2(t2)
    srli t2, t2, 11
    addi t2, t2, -2
    beqz t2, .Lfz_trap_cause
    ori t0, t0, 2                 /* 4 -> 6, 5 -> 7, 13 -> 15 */
.Lfz_trap_cause:
    sd t0, %(LCAUSE)d(tp)
    sd zero, %(LTVALOK)d(tp)
    xor t1, t1, t0
    rori t1, t1, 17
    csrr t0, mepc
    xor t1, t1, t0
    rori t1, t1, 17
    csrr t0, mstatus
    srli t0, t0, 11
    andi t0, t0, 3
    xor t1, t1, t0
    rori t1, t1, 17
    csrr t0, mcause
    li t2, 2
    bne t0, t2, .Lfz_trap_tval
    csrr t0, mepc
    lhu t0, 0(t0)
    andi t2, t0, 3
    addi t2, t2, -3
    bnez t2, .Lfz_trap_tval
    andi t0, t0, 0x7f
    li t2, 0x73
    beq t0, t2, .Lfz_trap_notval
    li t2, 0x53
    beq t0, t2, .Lfz_trap_notval
    andi t0, t0, 0x73
    li t2, 0x43
    beq t0, t2, .Lfz_trap_notval
.Lfz_trap_tval:
    csrr t0, mtval
    sd t0, %(LTVAL)d(tp)
    sd tp, %(LTVALOK)d(tp)
    xor t1, t1, t0
    rori t1, t1, 17
.Lfz_trap_notval:
    sd t1, %(SUM)d(tp)
    ld t0, %(COUNT)d(tp)
    addi t0, t0, 1
    sd t0, %(COUNT)d(tp)
@TRAPLOG@
.Lfz_trap_skip:
    ld t0, %(TOM)d(tp)
    beqz t0, 1f
    sd zero, %(TOM)d(tp)
    li t0, MSTATUS_MPP
    csrs mstatus, t0
1:  csrr t0, mepc
    lhu t1, 0(t0)
    andi t1, t1, 3
    li t2, 3
    addi t0, t0, 2
    bne t1, t2, 2f
    addi t0, t0, 2
2:  csrw mepc, t0
    ld t0, %(T0)d(tp)
    ld t1, %(T1)d(tp)
    ld t2, %(T2)d(tp)
    mret
""" % {"T0": TS_T0, "T1": TS_T1, "T2": TS_T2, "NOFOLD": TS_NOFOLD, "SUM": TS_SUM,
       "COUNT": TS_COUNT, "TOM": TS_TOM, "LCAUSE": TS_LCAUSE, "LTVAL": TS_LTVAL,
       "LTVALOK": TS_LTVALOK}

def prologue():
    """Start-up: harness registers, trap vector, PMP, CSRs, page tables."""
    text = r"""
    la tp, fz_tstate
    la gp, fz_data + 4096
    la sp, fz_spdata + 512
    la t0, fz_trap
    csrw mtvec, t0
    PMP_ALLOW_ALL
    csrw mcounteren, zero
    csrw scounteren, zero
    csrw medeleg, zero
    csrw mideleg, zero
    csrw mie, zero
    csrw satp, zero
    li t0, -1                   /* mtimecmp has no defined reset value */
    li t1, CLINT_MTIMECMP
    sd t0, 0(t1)
    /* Everything the page tables map specially must be in the first 2 MiB
     * (the 4 KiB-page part of the identity map): exit 3 if it is not. */
    la t0, fz_data_end
    li t1, RAM_BASE + (2 << 20)
    bltu t0, t1, 1f
    li a0, 3
    j test_exit
1:
"""
    for which, satp in (("s", TS_SATP_S), ("u", TS_SATP_U)):
        text += r"""    la t0, fz_l1_@W@           /* root[2] -> l1 */
    srli t0, t0, 12
    slli t0, t0, PTE_PPN_SHIFT
    ori t0, t0, PTE_V
    la t1, fz_root_@W@
    sd t0, 16(t1)
    la t0, fz_l0_@W@           /* l1[0] -> l0 */
    srli t0, t0, 12
    slli t0, t0, PTE_PPN_SHIFT
    ori t0, t0, PTE_V
    la t1, fz_l1_@W@
    sd t0, 0(t1)
    la t0, fz_root_@W@         /* satp value */
    srli t0, t0, 12
    li t1, SATP_MODE_SV39 << SATP_MODE_SHIFT
    or t0, t0, t1
    sd t0, @SATP@(tp)
""".replace("@W@", which).replace("@SATP@", str(satp))
    text += r"""    la t0, fz_hole              /* fz_hole: not valid */
    li t1, RAM_BASE
    sub t0, t0, t1
    srli t0, t0, 9              /* page index * 8 */
    la t1, fz_l0_s
    add t1, t1, t0
    sd zero, 0(t1)
    la t1, fz_l0_u
    add t1, t1, t0
    sd zero, 0(t1)
    addi t0, t0, 8              /* fz_ro: read and execute only */
    la t1, fz_l0_s
    add t1, t1, t0
    ld t2, 0(t1)
    andi t2, t2, ~PTE_W
    sd t2, 0(t1)
    la t1, fz_l0_u
    add t1, t1, t0
    ld t2, 0(t1)
    andi t2, t2, ~PTE_W
    sd t2, 0(t1)
    addi t0, t0, 8              /* fz_adpg: remember where its PTEs are */
    la t1, fz_l0_s
    add t1, t1, t0
    sd t1, @ADS@(tp)
    la t1, fz_l0_u
    add t1, t1, t0
    sd t1, @ADU@(tp)
""".replace("@ADS@", str(TS_PTE_AD_S)).replace("@ADU@", str(TS_PTE_AD_U))
    return text


EPILOGUE = r"""
    li t0, -1
    li t1, CLINT_MTIMECMP
    sd t0, 0(t1)
    PRINT "fuzz seed @SEED@ size @SIZE@\n"
    PRINT "xregs "
    addi a0, tp, %(XDUMP)d
    li a1, 32
    jal ra, fz_fold
    call console_puthex
    PRINT "\nfregs "
    addi a0, tp, %(FDUMP)d
    li a1, 32
    jal ra, fz_fold
    call console_puthex
    PRINT "\nfcsr "
    ld a0, %(FCSR)d(tp)
    call console_puthex
    PRINT "\nmem "
    la a0, fz_data
    li a1, 1024
    jal ra, fz_fold
    mv s0, a0
    la a0, fz_spdata
    li a1, 192
    jal ra, fz_fold
    xor a0, a0, s0
    call console_puthex
@DUMPMEM@
    PRINT "\ntraps "
    ld a0, %(SUM)d(tp)
    call console_puthex
    PRINT " count "
    ld a0, %(COUNT)d(tp)
    call console_putdec
    PRINT "\n"
    li a0, 0
    j test_exit
""" % {"XDUMP": TS_XDUMP, "FDUMP": TS_FDUMP, "FCSR": TS_FCSR, "SUM": TS_SUM, "COUNT": TS_COUNT}

# --dump-mem: after the "mem" line, print every dword of the data area and
# of the sp area ("@OFFSET VALUE", offsets from fz_data / 0x10000 + from
# fz_spdata) to find which bytes differ.
DUMPMEM = r"""
    la s0, fz_data
    li s1, 0
    li s2, 8192
1:  PRINT "\n@"
    mv a0, s1
    call console_puthex
    li a0, ' '
    call console_putchar
    add a0, s0, s1
    ld a0, 0(a0)
    call console_puthex
    addi s1, s1, 8
    bltu s1, s2, 1b
    la s0, fz_spdata
    li s1, 0
    li s2, 1536
1:  PRINT "\n@1"
    mv a0, s1
    call console_puthex
    li a0, ' '
    call console_putchar
    add a0, s0, s1
    ld a0, 0(a0)
    call console_puthex
    addi s1, s1, 8
    bltu s1, s2, 1b
"""

# fz_fold(a0 = address, a1 = number of dwords) -> a0: a 64-bit hash.
# fz_report: prints the hash of the register dump, fcsr and the trap sum
# (the --trace segment lines); clobbers everything but tp.
REPORT = r"""
fz_fold:
    li a2, 0x6a09e667f3bcc908
    li a4, 0x100000001b3
1:  beqz a1, 2f
    ld a3, 0(a0)
    xor a2, a2, a3
    mul a2, a2, a4
    srli a3, a2, 29
    xor a2, a2, a3
    addi a0, a0, 8
    addi a1, a1, -1
    j 1b
2:  mv a0, a2
    ret

fz_report:
    sd ra, %(RRA)d(tp)
    addi a0, tp, %(XDUMP)d
    li a1, 65
    jal ra, fz_fold
    ld a1, %(SUM)d(tp)
    xor a0, a0, a1
    call console_puthex
    li a0, '\n'
    call console_putchar
    ld ra, %(RRA)d(tp)
    ret
""" % {"RRA": TS_RRA, "XDUMP": TS_XDUMP, "SUM": TS_SUM}


def main(argv):
    ap = argparse.ArgumentParser(
        description="Generate a random, valid, terminating RV64GC bare-metal program "
                    "for Loom's `bare` platform (assemble with tests/isa/common).",
        epilog="Categories (all enabled by default):\n" +
               "\n".join("  %-5s %s" % (c, CATEGORY_HELP[c]) for c in CATEGORIES),
        formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, required=True, help="random seed (the program is a function of it)")
    ap.add_argument("--size", type=int, default=1000, help="approximate number of random instructions (default 1000)")
    ap.add_argument("-o", "--output", help="output .S file (default: stdout)")
    ap.add_argument("--only", help="comma-separated list of categories to enable (others off)")
    ap.add_argument("--trace", action="store_true",
                    help="print a checksum of all registers after every segment (to locate a divergence)")
    ap.add_argument("--trap-log", action="store_true",
                    help="print cause, epc, tval and previous privilege of every trap the handler records")
    ap.add_argument("--qemu-workarounds", action="store_true",
                    help="avoid QEMU 7.2 bugs that would make its output differ (see README.md); "
                         "use when the output is compared with QEMU's")
    ap.add_argument("--dump-mem", action="store_true",
                    help="print every dword of the data areas at the end")
    for c in CATEGORIES:
        ap.add_argument("--no-" + c, dest="no_" + c, action="store_true", help="disable category " + c)
    args = ap.parse_args(argv[1:])
    cats = set(CATEGORIES)
    if args.only:
        cats = set(x.strip() for x in args.only.split(",") if x.strip())
        bad = cats - set(CATEGORIES)
        if bad:
            ap.error("unknown categories: %s" % ",".join(sorted(bad)))
    for c in CATEGORIES:
        if getattr(args, "no_" + c):
            cats.discard(c)
    if not cats & set(BODY_CATS + ["priv", "vm", "smc", "dev"]):
        ap.error("no category enabled")
    if args.size < 0:
        ap.error("--size must be >= 0")
    gen = Gen(args.seed, args.size, cats, args.trace, args.trap_log, args.dump_mem,
              args.qemu_workarounds)
    text = gen.generate([a for a in argv[1:] if a not in ("-o", args.output)])
    if args.output:
        with open(args.output, "w") as fh:
            fh.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
