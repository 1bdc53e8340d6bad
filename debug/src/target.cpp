#include "target.h"

#include "target_description.h"

namespace loom::debug {
namespace {

cpu::WatchKind watch_kind(PointType type) {
  switch (type) {
    case PointType::Read: return cpu::WatchKind::Read;
    case PointType::Access: return cpu::WatchKind::Access;
    default: return cpu::WatchKind::Write;
  }
}

bool is_breakpoint(PointType type) { return type == PointType::Software || type == PointType::Hardware; }

}  // namespace

std::optional<uint64_t> Target::read_register(uint32_t hart, unsigned regnum) {
  const RegisterInfo* reg = find_register(regnum);
  if (!reg || hart >= num_harts()) return std::nullopt;
  const cpu::HartState& s = machine_.hart_state(hart);
  switch (reg->kind) {
    case RegisterInfo::Kind::X: return s.x[reg->index];
    case RegisterInfo::Kind::Pc: return s.pc;
    case RegisterInfo::Kind::F: return s.f[reg->index];
    case RegisterInfo::Kind::Priv: return static_cast<uint64_t>(s.priv);
    case RegisterInfo::Kind::Csr: {
      uint64_t value = 0;
      if (!machine_.debug_read_csr(hart, static_cast<uint16_t>(reg->index), value)) return std::nullopt;
      return value;
    }
  }
  return std::nullopt;
}

bool Target::write_register(uint32_t hart, unsigned regnum, uint64_t value) {
  const RegisterInfo* reg = find_register(regnum);
  if (!reg || hart >= num_harts()) return false;
  cpu::HartState& s = machine_.hart_state(hart);
  switch (reg->kind) {
    case RegisterInfo::Kind::X:
      if (reg->index != 0) s.x[reg->index] = value;  // x0 stays zero
      return true;
    case RegisterInfo::Kind::Pc: s.pc = value; return true;
    case RegisterInfo::Kind::F: s.f[reg->index] = value; return true;
    case RegisterInfo::Kind::Priv:
      if (value != 0 && value != 1 && value != 3) return false;
      machine_.debug_set_privilege(hart, static_cast<cpu::PrivilegeMode>(value));
      return true;
    case RegisterInfo::Kind::Csr: return machine_.debug_write_csr(hart, static_cast<uint16_t>(reg->index), value);
  }
  return false;
}

std::vector<uint8_t> Target::read_memory(uint32_t hart, uint64_t address, uint64_t length) {
  std::vector<uint8_t> data(length);
  data.resize(machine_.debug_read_memory(hart, address, physical_, data.data(), length));
  return data;
}

uint64_t Target::write_memory(uint32_t hart, uint64_t address, const std::vector<uint8_t>& data) {
  return machine_.debug_write_memory(hart, address, physical_, data.data(), data.size());
}

bool Target::insert_point(PointType type, uint64_t address, uint64_t length) {
  if (!is_breakpoint(type) && length == 0) return false;
  if (is_breakpoint(type)) length = 0;
  if (points_[{type, address, length}]++ > 0) return true;  // already in the machine
  if (is_breakpoint(type)) {
    machine_.add_breakpoint(address);  // a no-op when the other kind is there already
  } else {
    machine_.add_watchpoint({address, length, watch_kind(type)});
  }
  return true;
}

bool Target::remove_point(PointType type, uint64_t address, uint64_t length) {
  if (is_breakpoint(type)) length = 0;
  const auto it = points_.find({type, address, length});
  if (it == points_.end()) return false;
  if (--it->second > 0) return true;
  points_.erase(it);
  if (is_breakpoint(type)) {
    const PointType other = type == PointType::Software ? PointType::Hardware : PointType::Software;
    if (points_.count({other, address, 0}) == 0) machine_.remove_breakpoint(address);
  } else {
    machine_.remove_watchpoint({address, length, watch_kind(type)});
  }
  return true;
}

void Target::remove_all_points() {
  while (!points_.empty()) {
    const auto [type, address, length] = points_.begin()->first;
    points_.begin()->second = 1;
    remove_point(type, address, length);
  }
}

PointType Target::breakpoint_type_at(uint64_t pc) const {
  return points_.count({PointType::Software, pc, 0}) ? PointType::Software : PointType::Hardware;
}

}  // namespace loom::debug
