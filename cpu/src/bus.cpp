#include "loom/cpu/bus.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include <sys/mman.h>

namespace loom::cpu {

namespace {
constexpr uint64_t kCodePageSize = 4096;
}

Bus::Bus() = default;
Bus::~Bus() = default;

void Bus::insert(Region region) {
  if (region.size == 0 || region.base + region.size - 1 < region.base) {
    throw std::invalid_argument(fmt::format("{}: invalid region [{:#x}, +{:#x})", region.name, region.base, region.size));
  }
  for (const Region& r : regions_) {
    if (region.base < r.base + r.size && r.base < region.base + region.size) {
      throw std::invalid_argument(fmt::format("{} [{:#x}, {:#x}) overlaps {} [{:#x}, {:#x})", region.name, region.base,
                                              region.base + region.size, r.name, r.base, r.base + r.size));
    }
  }
  auto pos = std::lower_bound(regions_.begin(), regions_.end(), region.base,
                              [](const Region& r, uint64_t base) { return r.base < base; });
  regions_.insert(pos, std::move(region));
  last_hit_ = nullptr;
}

namespace {
// Guest RAM comes from an anonymous mapping: the kernel hands out zeroed
// pages on first touch, so a large RAM costs nothing until it is used.
std::shared_ptr<uint8_t> allocate_ram(uint64_t size, const std::string& name) {
  void* p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) throw std::runtime_error(fmt::format("{}: cannot allocate {:#x} bytes of RAM", name, size));
  return std::shared_ptr<uint8_t>(static_cast<uint8_t*>(p), [size](uint8_t* q) { munmap(q, size); });
}
}  // namespace

void Bus::map_ram(uint64_t base, uint64_t size, std::string name) {
  auto storage = allocate_ram(size, name);
  insert(Region{base, size, std::move(name), nullptr, std::move(storage), false, {}});
}

void Bus::map_rom(uint64_t base, uint64_t size, const std::vector<uint8_t>& contents, std::string name) {
  if (contents.size() > size) {
    throw std::invalid_argument(fmt::format("{}: {} bytes of contents do not fit in {:#x} bytes", name,
                                            contents.size(), size));
  }
  auto storage = allocate_ram(size, name);
  std::memcpy(storage.get(), contents.data(), contents.size());
  Region r{base, size, std::move(name), nullptr, std::move(storage), false, {}};
  r.read_only = true;
  insert(std::move(r));
}

void Bus::map_device(uint64_t base, uint64_t size, Device& device) {
  insert(Region{base, size, device.name(), &device, nullptr, false, {}});
}

void Bus::unmap(const Device& device) {
  regions_.erase(std::remove_if(regions_.begin(), regions_.end(), [&](const Region& r) { return r.device == &device; }),
                 regions_.end());
  last_hit_ = nullptr;
}

void Bus::add_write_watch(uint64_t address, uint64_t size, WriteWatch watch) {
  watches_.push_back(Watch{address, size, std::move(watch)});
}

Bus::Region* Bus::find(uint64_t address, uint64_t size) {
  if (last_hit_ && address - last_hit_->base < last_hit_->size && size <= last_hit_->size - (address - last_hit_->base)) {
    return last_hit_;
  }
  for (Region& r : regions_) {
    if (address - r.base < r.size) {
      if (size > r.size - (address - r.base)) return nullptr;
      last_hit_ = &r;
      return &r;
    }
  }
  return nullptr;
}

const Bus::Region* Bus::find(uint64_t address, uint64_t size) const {
  for (const Region& r : regions_) {
    if (address - r.base < r.size) return size <= r.size - (address - r.base) ? &r : nullptr;
  }
  return nullptr;
}

Device* Bus::device_at(uint64_t address, uint64_t size) {
  Region* r = find(address, size);
  return r ? r->device : nullptr;
}

uint8_t* Bus::ram_pointer(uint64_t address, uint64_t size) {
  Region* r = find(address, size);
  if (!r || r->device) return nullptr;
  return r->ram.get() + (address - r->base);
}

uint8_t* Bus::writable_ram_pointer(uint64_t address, uint64_t size) {
  Region* r = find(address, size);
  if (!r || r->device || r->read_only) return nullptr;
  return r->ram.get() + (address - r->base);
}

bool Bus::page_has_write_watch(uint64_t page, uint64_t page_size) const {
  for (const Watch& w : watches_) {
    if (w.base < page + page_size && page < w.base + w.size) return true;
  }
  return false;
}

bool Bus::page_is_plain_ram(uint64_t page, uint64_t page_size, bool for_write) {
  if (!for_write) return ram_pointer(page, page_size) != nullptr;
  if (!writable_ram_pointer(page, page_size)) return false;
  if (page_has_write_watch(page, page_size)) return false;
  // Stores to code must be seen (code_written), so code pages are never
  // cached for writing.
  for (uint64_t p = page; p < page + page_size; p += kCodePageSize)
    if (is_code_page(p)) return false;
  return true;
}

bool Bus::mark_code_page(uint64_t address) {
  Region* r = find(address, 1);
  if (!r || r->device) return false;
  if (r->code_pages.empty()) r->code_pages.resize((r->size + kCodePageSize - 1) / kCodePageSize);
  uint8_t& flag = r->code_pages[(address - r->base) / kCodePageSize];
  if (flag) return false;
  flag = 1;
  const uint64_t page = address & ~(kCodePageSize - 1);
  if (code_observer_) code_observer_->code_page_marked(page, r->ram.get() + (page - r->base));
  return true;
}

void Bus::unmark_code_page(uint64_t address) {
  Region* r = find(address, 1);
  if (r && !r->device && !r->code_pages.empty()) r->code_pages[(address - r->base) / kCodePageSize] = 0;
}

bool Bus::is_code_page(uint64_t address) {
  Region* r = find(address, 1);
  return r && !r->device && !r->code_pages.empty() && r->code_pages[(address - r->base) / kCodePageSize];
}

bool Bus::note_written(uint64_t address, uint64_t size) {
  if (!code_observer_ || size == 0) return false;
  Region* r = find(address, size);
  if (!r || r->device || r->code_pages.empty()) return false;
  const uint64_t first = (address - r->base) / kCodePageSize;
  const uint64_t last = (address - r->base + size - 1) / kCodePageSize;
  for (uint64_t i = first; i <= last; ++i) {
    if (r->code_pages[i]) return code_observer_->code_written(address, size);
  }
  return false;
}

uint64_t Bus::physical_address(const uint8_t* host) const {
  for (const Region& r : regions_) {
    if (!r.device && host >= r.ram.get() && host < r.ram.get() + r.size) return r.base + (host - r.ram.get());
  }
  throw std::logic_error("physical_address: the pointer is not guest RAM");
}

bool Bus::read(const AccessContext& ctx, uint64_t address, unsigned size, uint64_t& value) {
  Region* r = find(address, size);
  if (!r) return false;
  if (r->device) {
    if (address % size == 0) return r->device->read(ctx, address - r->base, size, value);
    return device_read_misaligned(ctx, *r, address, size, value);
  }
  value = 0;
  std::memcpy(&value, r->ram.get() + (address - r->base), size);  // little-endian host
  return true;
}

bool Bus::write(const AccessContext& ctx, uint64_t address, unsigned size, uint64_t value) {
  Region* r = find(address, size);
  if (!r) return false;
  if (r->device) {
    if (address % size == 0) return r->device->write(ctx, address - r->base, size, value);
    return device_write_misaligned(ctx, *r, address, size, value);
  }
  if (r->read_only) return false;
  std::memcpy(r->ram.get() + (address - r->base), &value, size);
  note_written(address, size);
  for (const Watch& w : watches_) {
    if (w.base < address + size && address < w.base + w.size) w.callback(ctx, address);
  }
  return true;
}

// The access covers one or two aligned 8-byte words of the device; each is
// one bus access with the covered bytes enabled.
bool Bus::device_read_misaligned(const AccessContext& ctx, Region& r, uint64_t address, unsigned size,
                                 uint64_t& value) {
  value = 0;
  unsigned done = 0;
  while (done < size) {
    const uint64_t word = (address + done) & ~7ull;
    const unsigned first = static_cast<unsigned>(address + done - word);
    const unsigned count = std::min(size - done, 8 - first);
    const auto enable = static_cast<uint8_t>(Device::all_bytes(count) << first);
    uint64_t word_value = 0;
    if (!r.device->read_enabled(ctx, word - r.base, 8, enable, word_value)) return false;
    value |= ((word_value >> (8 * first)) & (count == 8 ? ~0ull : (1ull << (8 * count)) - 1)) << (8 * done);
    done += count;
  }
  return true;
}

bool Bus::device_write_misaligned(const AccessContext& ctx, Region& r, uint64_t address, unsigned size,
                                  uint64_t value) {
  unsigned done = 0;
  while (done < size) {
    const uint64_t word = (address + done) & ~7ull;
    const unsigned first = static_cast<unsigned>(address + done - word);
    const unsigned count = std::min(size - done, 8 - first);
    const auto enable = static_cast<uint8_t>(Device::all_bytes(count) << first);
    const uint64_t word_value = (value >> (8 * done)) << (8 * first);
    if (!r.device->write_enabled(ctx, word - r.base, 8, enable, word_value)) return false;
    done += count;
  }
  return true;
}

void Bus::write_bytes(uint64_t address, const void* data, uint64_t size) {
  if (size == 0) return;
  uint8_t* p = writable_ram_pointer(address, size);
  if (!p) throw std::out_of_range(fmt::format("[{:#x}, {:#x}) is not inside RAM", address, address + size));
  std::memcpy(p, data, size);
  note_written(address, size);
}

void Bus::read_bytes(uint64_t address, void* data, uint64_t size) {
  if (size == 0) return;
  uint8_t* p = ram_pointer(address, size);
  if (!p) throw std::out_of_range(fmt::format("[{:#x}, {:#x}) is not inside RAM", address, address + size));
  std::memcpy(data, p, size);
}

std::string Bus::describe(uint64_t address) const {
  const Region* r = find(address, 1);
  if (!r) return "unmapped";
  return fmt::format("{}+{:#x}", r->name, address - r->base);
}

}  // namespace loom::cpu
