#include "jit/translator.h"

#include <cstring>

#include "core/debug_points.h"
#include "core/tlb.h"
#include "frontend/decoder.h"
#include "frontend/op_flags.h"

namespace loom::cpu::jit {

bool form_block(Bus& bus, uint64_t vpc, uint64_t physical, Block& block, const DebugPoints* debug) {
  DecodedInsn insns[kMaxBlockInstructions];
  uint64_t pcs[kMaxBlockInstructions];
  unsigned count = 0;
  uint64_t offset = 0;
  const uint64_t page_end = (physical & kPageMask) + kPageSize;
  while (count < kMaxBlockInstructions) {
    const uint64_t address = physical + offset;
    if (address + 2 > page_end) break;
    if (debug && debug->untranslatable(vpc + offset)) break;
    const uint8_t* low = bus.ram_pointer(address, 2);
    if (!low) break;
    uint16_t parcel;
    std::memcpy(&parcel, low, 2);
    uint32_t raw = parcel;
    if (insn_length(parcel) == 4) {
      // One that straddles the page end would need a second translation.
      if (address + 4 > page_end) break;
      const uint8_t* p = bus.ram_pointer(address, 4);
      if (!p) break;
      std::memcpy(&raw, p, 4);
    }
    insns[count] = decode(raw);
    pcs[count] = vpc + offset;
    offset += insns[count].length;
    ++count;
    if (ends_block(insns[count - 1].op)) break;
  }
  if (count == 0) return false;
  block.vpc = vpc;
  block.phys_start = physical;
  block.phys_end = physical + offset;
  block.count = count;
  block.insns = std::make_unique<DecodedInsn[]>(count);
  block.pcs = std::make_unique<uint64_t[]>(count);
  std::copy(insns, insns + count, block.insns.get());
  std::copy(pcs, pcs + count, block.pcs.get());
  return true;
}

}  // namespace loom::cpu::jit
