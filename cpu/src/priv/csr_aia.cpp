#include "priv/csr_aia.h"

#include "core/hart.h"
#include "devices/imsic.h"
#include "priv/csr_numbers.h"

namespace loom::cpu {
namespace {

// *iselect is WARL over 0..0x1ff (no Smcsrind), as QEMU keeps it.
constexpr uint64_t kIselectMask = 0x1ff;

struct Level {
  InterruptFile* file;
  uint64_t* select;
};

bool level_of(Hart& h, uint16_t number, Level& level) {
  switch (number) {
    case csr::miselect: case csr::mireg: case csr::mtopei:
      level = {h.interrupt_file(true), &h.s.miselect};
      return level.file != nullptr;
    case csr::siselect: case csr::sireg: case csr::stopei:
      level = {h.interrupt_file(false), &h.s.siselect};
      return level.file != nullptr;
    default: return false;
  }
}

}  // namespace

bool aia_csr_read(Hart& h, uint16_t number, uint64_t& value) {
  Level level{};
  if (!level_of(h, number, level)) return false;
  switch (number) {
    case csr::miselect: case csr::siselect: value = *level.select; return true;
    case csr::mireg: case csr::sireg: return level.file->read(static_cast<unsigned>(*level.select), value);
    default: value = level.file->topei(); return true;  // *topei
  }
}

bool aia_csr_write(Hart& h, uint16_t number, uint64_t value) {
  Level level{};
  if (!level_of(h, number, level)) return false;
  switch (number) {
    case csr::miselect: case csr::siselect: *level.select = value & kIselectMask; return true;
    case csr::mireg: case csr::sireg:
      if (!level.file->write(static_cast<unsigned>(*level.select), value)) return false;
      break;
    default: level.file->claim_top(); break;  // *topei: the value is ignored
  }
  h.request_break();  // the external interrupt line may have changed
  return true;
}

}  // namespace loom::cpu
