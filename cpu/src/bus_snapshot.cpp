// Bus::save / restore and the Device defaults (snapshot.h): RAM as its
// non-zero pages, devices in mapping order, each in its own section.
#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <set>

#include "loom/cpu/bus.h"
#include "loom/cpu/snapshot.h"

namespace loom::cpu {
namespace {

constexpr uint64_t kPage = 4096;

bool all_zero(const uint8_t* page) {
  static const uint8_t zeros[kPage] = {};
  return std::memcmp(page, zeros, kPage) == 0;
}

}  // namespace

void Device::save(StateWriter&) const {
  throw SnapshotError(fmt::format("device {} cannot be saved in a snapshot (not implemented for its type)", name()));
}

void Device::restore(StateReader& in) { in.fail(fmt::format("device {} cannot be restored", name())); }

namespace {

template <typename Region>
bool in_layout(const Region& r) {
  return !r.device || r.device->in_snapshot_layout();
}

}  // namespace

void Bus::save(StateWriter& out) const {
  out.begin("bus", 1);
  out.u64(std::count_if(regions_.begin(), regions_.end(), [](const Region& r) { return in_layout(r); }));
  for (const Region& r : regions_) {
    if (!in_layout(r)) continue;
    out.string(r.name);
    out.u64(r.base);
    out.u64(r.size);
    out.u32(r.device ? 2 : r.read_only ? 1 : 0);
  }
  out.end();
  for (const Region& r : regions_) {
    if (r.device || r.read_only) continue;
    out.begin("ram:" + r.name, 1);
    const uint8_t* bytes = r.ram.get();
    for (uint64_t offset = 0; offset + kPage <= r.size; offset += kPage) {
      if (all_zero(bytes + offset)) continue;
      out.u64(offset);
      out.bytes(bytes + offset, kPage);
    }
    out.u64(~0ull);  // end of pages
    out.end();
  }
  std::set<const Device*> saved;
  for (const Region& r : regions_) {
    if (!r.device || !in_layout(r) || !saved.insert(r.device).second) continue;
    out.begin("device:" + r.device->name(), r.device->state_version());
    r.device->save(out);
    out.end();
  }
}

void Bus::restore(StateReader& in) {
  in.begin("bus", 1);
  const auto layout = static_cast<uint64_t>(
      std::count_if(regions_.begin(), regions_.end(), [](const Region& r) { return in_layout(r); }));
  if (in.u64() != layout) in.fail("another memory map (a snapshot of another platform)");
  for (const Region& r : regions_) {
    if (!in_layout(r)) continue;
    const std::string name = in.string();
    const uint64_t base = in.u64(), size = in.u64();
    const uint32_t kind = in.u32();
    if (name != r.name || base != r.base || size != r.size || kind != (r.device ? 2u : r.read_only ? 1u : 0u)) {
      in.fail(fmt::format("the snapshot maps {} at {:#x} (+{:#x}) where this board maps {} at {:#x} (+{:#x})", name,
                          base, size, r.name, r.base, r.size));
    }
  }
  in.end();
  for (Region& r : regions_) {
    if (r.device || r.read_only) continue;
    in.begin("ram:" + r.name, 1);
    uint8_t* bytes = r.ram.get();
    uint64_t next = 0;  // pages before the next saved one are zero
    for (;;) {
      const uint64_t offset = in.u64();
      const uint64_t upto = offset == ~0ull ? r.size - r.size % kPage : offset;
      if (upto > r.size - r.size % kPage || upto % kPage != 0 || upto < next) in.fail("a page outside the region");
      for (uint64_t zero = next; zero < upto; zero += kPage) {
        if (!all_zero(bytes + zero)) std::memset(bytes + zero, 0, kPage);
      }
      if (offset == ~0ull) break;
      in.bytes(bytes + offset, kPage);
      next = offset + kPage;
    }
    in.end();
  }
  std::set<const Device*> restored;
  for (const Region& r : regions_) {
    if (!r.device || !in_layout(r) || !restored.insert(r.device).second) continue;
    in.begin("device:" + r.device->name(), r.device->state_version());
    r.device->restore(in);
    in.end();
  }
}

}  // namespace loom::cpu
