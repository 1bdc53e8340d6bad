// The JIT's inline F/D code (backend/x64/emit_fp.cpp) against the
// interpreter (whose soft-float and host fast path are tested against the
// soft-float elsewhere): the same program over random operands, subnormals,
// infinities, NaNs (boxed and not), every rounding mode and random accrued
// flags, must leave the same results and fflags under both engines.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

#include "loom/cpu/machine.h"
#include "jit_test_machine.h"
#include "rv_encode.h"

namespace loom::cpu {
namespace {

using namespace test;

constexpr uint64_t kRam = 0x80000000, kData = 0x80100000;
constexpr unsigned kRecordBytes = 48, kRecords = 20000;

struct FpOp {
  const char* name;
  unsigned funct7, rs2, rm;  // rs2: 2 (f2) or 0 for unary; rm 7 = dynamic
  bool to_integer;           // result in x7 (comparisons)
};

// fld f1, 0(a0); fld f2, 8(a0); ld t0, 16(a0); csrw fcsr, t0; OP;
// fsd f3 / sd t2, 24(a0); csrr t1, fflags; sd t1, 32(a0); next record.
std::vector<uint32_t> program_for(const FpOp& op) {
  std::vector<uint32_t> p;
  p.push_back(0x000063b7);                      // lui t2, 0x6 (FS)
  p.push_back(itype(0x73, 2, 0, 7, 0x300));     // csrrs x0, mstatus, t2
  const size_t loop = p.size();
  p.push_back(itype(0x07, 3, 1, 10, 0));        // fld f1, 0(a0)
  p.push_back(itype(0x07, 3, 2, 10, 8));        // fld f2, 8(a0)
  p.push_back(itype(0x03, 3, 5, 10, 16));       // ld t0, 16(a0)
  p.push_back(itype(0x73, 1, 0, 5, 0x003));     // csrrw x0, fcsr, t0
  p.push_back(fp_op(op.funct7, op.to_integer ? 7 : 3, 1, op.rs2, op.rm));
  p.push_back(op.to_integer ? stype(0x23, 3, 10, 7, 24) : stype(0x27, 3, 10, 3, 24));
  p.push_back(itype(0x73, 2, 6, 0, 0x001));     // csrrs t1, fflags, x0
  p.push_back(stype(0x23, 3, 10, 6, 32));       // sd t1, 32(a0)
  p.push_back(itype(0x13, 0, 10, 10, kRecordBytes));  // addi a0, a0, 48
  p.push_back(itype(0x13, 0, 11, 11, -1));      // addi a1, a1, -1
  p.push_back(bne(11, 0, -static_cast<int32_t>((p.size() - loop) * 4)));  // bne a1, x0, loop
  p.push_back(0x0000006f);                      // j .
  return p;
}

uint64_t random_double(std::mt19937_64& rng) {
  const uint64_t sign = rng() & (1ull << 63), mantissa = rng() & ((1ull << 52) - 1);
  switch (rng() % 8) {
    case 0: return sign | mantissa;                           // subnormal (or zero)
    case 1: return sign | 0x7ff0000000000000ull | (rng() % 3 ? mantissa : 0);  // NaN / inf
    case 2: return sign;                                      // +-0
    case 3: return sign | static_cast<uint64_t>(1 + rng() % 3) << 52 | mantissa;  // near the smallest normal
    case 4: return sign | static_cast<uint64_t>(2046 - rng() % 3) << 52 | mantissa;  // near the largest
    default: return sign | static_cast<uint64_t>(1023 + rng() % 64 - 32) << 52 | mantissa;
  }
}

uint64_t random_single_boxed(std::mt19937_64& rng) {
  const uint64_t d = random_double(rng);
  // Reuse the shape: sign, then an exponent class, squeezed into binary32.
  const uint32_t sign = static_cast<uint32_t>(d >> 32) & 0x80000000u;
  const uint32_t mantissa = static_cast<uint32_t>(rng()) & 0x7fffffu;
  uint32_t exponent;
  switch (rng() % 6) {
    case 0: exponent = 0; break;
    case 1: exponent = 255; break;
    case 2: exponent = 1 + rng() % 2; break;
    default: exponent = 127 + rng() % 40 - 20; break;
  }
  const uint32_t bits = sign | exponent << 23 | (rng() % 8 == 0 ? 0 : mantissa);
  const bool boxed = rng() % 16 != 0;  // sometimes not NaN-boxed: reads as the canonical NaN
  return (boxed ? 0xffffffff00000000ull : (rng() & 0xffffffff00000000ull)) | bits;
}

std::vector<uint8_t> run(EngineKind engine, const std::vector<uint32_t>& program, const std::vector<uint8_t>& data) {
  const auto owner = engine_test_machine(engine, kRam, 4 << 20);
  Machine& machine = *owner;
  machine.bus().write_bytes(kRam, program.data(), program.size() * 4);
  machine.bus().write_bytes(kData, data.data(), data.size());
  machine.set_register(0, 10, kData);
  machine.set_register(0, 11, kRecords);
  const RunResult r = machine.run(2 + kRecords * 11 + 100);
  EXPECT_EQ(r.reason, StopReason::InstructionLimit) << r.message;
  std::vector<uint8_t> out(data.size());
  machine.bus().read_bytes(kData, out.data(), out.size());
  return out;
}

TEST(JitFloatingPoint, InlineArithmeticMatchesTheInterpreter) {
  const FpOp ops[] = {
      {"fadd.d", 0x01, 2, 7, false}, {"fsub.d", 0x05, 2, 0, false}, {"fmul.d", 0x09, 2, 7, false},
      {"fdiv.d", 0x0d, 2, 7, false}, {"fsqrt.d", 0x2d, 0, 7, false}, {"fadd.s", 0x00, 2, 7, false},
      {"fsub.s", 0x04, 2, 7, false}, {"fmul.s", 0x08, 2, 0, false}, {"fdiv.s", 0x0c, 2, 7, false},
      {"fsqrt.s", 0x2c, 0, 7, false}, {"fsgnj.d", 0x11, 2, 0, false}, {"fsgnjn.d", 0x11, 2, 1, false},
      {"fsgnjx.d", 0x11, 2, 2, false}, {"feq.d", 0x51, 2, 2, true}, {"flt.d", 0x51, 2, 1, true},
      {"fle.d", 0x51, 2, 0, true},
  };
  std::mt19937_64 rng(1204);
  for (const FpOp& op : ops) {
    const bool single = op.name[std::strlen(op.name) - 1] == 's';
    std::vector<uint8_t> data(kRecords * kRecordBytes);
    for (unsigned i = 0; i < kRecords; ++i) {
      uint64_t record[6] = {};
      record[0] = single ? random_single_boxed(rng) : random_double(rng);
      record[1] = single ? random_single_boxed(rng) : random_double(rng);
      // fcsr: mostly RNE with inexact accrued (the inline path), else anything.
      const uint64_t flags = rng() % 4 ? (1 | (rng() & 0x1e)) : (rng() & 0x1f);
      const uint64_t frm = rng() % 4 ? 0 : rng() % 5;
      record[2] = frm << 5 | flags;
      std::memcpy(&data[i * kRecordBytes], record, sizeof record);
    }
    const auto program = program_for(op);
    const auto interpreted = run(EngineKind::Interpreter, program, data);
    const auto translated = run(EngineKind::Jit, program, data);
    for (unsigned i = 0; i < kRecords; ++i) {
      uint64_t want[6], got[6];
      std::memcpy(want, &interpreted[i * kRecordBytes], sizeof want);
      std::memcpy(got, &translated[i * kRecordBytes], sizeof got);
      ASSERT_EQ(got[3], want[3]) << op.name << std::hex << " a=" << want[0] << " b=" << want[1] << " fcsr=" << want[2];
      ASSERT_EQ(got[4], want[4]) << op.name << " flags" << std::hex << " a=" << want[0] << " b=" << want[1]
                                 << " fcsr=" << want[2];
    }
  }
}

}  // namespace
}  // namespace loom::cpu
