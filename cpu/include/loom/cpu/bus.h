#pragma once
// The CPU process's physical address space: RAM (host memory, accessed
// directly by the harts' fast paths) and memory-mapped devices (local models
// here; remote ones reach their server through the bridge later).

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace loom::cpu {

// Who is accessing, and when: devices that model time (CLINT, remote
// servers) need the accessing hart's exact local time.
struct AccessContext {
  uint64_t time_ps = 0;
  uint32_t hart_id = 0;
  // Where a device may add the annotated delay of the access (the hart
  // stalls for it); null if the caller does not account delays.
  uint64_t* delay_ps = nullptr;
};

}  // namespace loom::cpu
namespace loom::state {
class StateReader;
class StateWriter;
}  // namespace loom::state
namespace loom::cpu {
using state::StateReader;
using state::StateWriter;

class Device {
 public:
  virtual ~Device() = default;
  virtual const std::string& name() const = 0;
  // `offset` is relative to the device's base; size is 1, 2, 4 or 8 and the
  // access is naturally aligned. Return false for an access the device
  // rejects (bad register, bad size): the hart takes an access fault.
  virtual bool read(const AccessContext& ctx, uint64_t offset, unsigned size, uint64_t& value) = 0;
  virtual bool write(const AccessContext& ctx, uint64_t offset, unsigned size, uint64_t value) = 0;

  // How a bus carries a misaligned access: naturally aligned `size`-byte
  // accesses in which only the bytes whose bit is set in `byte_enable`
  // (bit i = byte offset+i) take part. Devices that cannot do that keep
  // these defaults, which reject partial patterns (an access fault).
  virtual bool read_enabled(const AccessContext& ctx, uint64_t offset, unsigned size, uint8_t byte_enable,
                            uint64_t& value) {
    return byte_enable == all_bytes(size) && read(ctx, offset, size, value);
  }
  virtual bool write_enabled(const AccessContext& ctx, uint64_t offset, unsigned size, uint8_t byte_enable,
                             uint64_t value) {
    return byte_enable == all_bytes(size) && write(ctx, offset, size, value);
  }
  static constexpr uint8_t all_bytes(unsigned size) { return static_cast<uint8_t>((1u << size) - 1); }

  // Snapshots (snapshot.h): the device's state, in a section of its own
  // that it names and versions. A device that keeps state it cannot save
  // keeps these defaults, which refuse (one line naming the device).
  virtual void save(StateWriter& out) const;
  virtual void restore(StateReader& in);
  // Bumped whenever what save() writes changes: an old snapshot is refused.
  virtual uint32_t state_version() const { return 1; }
  // False for a mapping that another part makes from its own state (a PCIe
  // BAR window, mapped where the function's restored BAR says): the bus's
  // snapshot leaves it out of its layout and saves nothing for it.
  virtual bool in_snapshot_layout() const { return true; }
};

// Called after a store hits a watched RAM range (HTIF's tohost).
using WriteWatch = std::function<void(const AccessContext&, uint64_t address)>;

// Told about RAM pages that hold code which the harts have decoded or
// translated (the Machine): a write to such a page must drop what was
// derived from the old bytes, whoever writes (a hart, DMA, a loader).
class CodeObserver {
 public:
  virtual ~CodeObserver() = default;
  // `page` just became a code page: stores to it must leave the fast path.
  virtual void code_page_marked(uint64_t page, uint8_t* host_page) = 0;
  // [address, address+size) was written and touches a code page. Returns
  // true if translated code was dropped (a running block must end).
  virtual bool code_written(uint64_t address, uint64_t size) = 0;
};

class Bus {
 public:
  Bus();
  ~Bus();
  Bus(const Bus&) = delete;
  Bus& operator=(const Bus&) = delete;

  // Regions must not overlap; a violation throws std::invalid_argument
  // naming both regions.
  void map_ram(uint64_t base, uint64_t size, std::string name = "ram");
  void map_device(uint64_t base, uint64_t size, Device& device);
  // Read-only memory (a boot ROM): executable and readable at RAM speed,
  // stores fault.
  void map_rom(uint64_t base, uint64_t size, const std::vector<uint8_t>& contents, std::string name = "rom");
  void add_write_watch(uint64_t address, uint64_t size, WriteWatch watch);
  // Removes every mapping of `device` (before the device goes away).
  void unmap(const Device& device);

  // Host pointer to [address, address+size) if it lies wholly inside one RAM
  // (or ROM) region, else nullptr. Writers must use writable_ram_pointer.
  uint8_t* ram_pointer(uint64_t address, uint64_t size);
  uint8_t* writable_ram_pointer(uint64_t address, uint64_t size);
  // True if a page-sized window starting at `page` may be cached as plain
  // RAM for stores (RAM, and no write watch inside it).
  bool page_is_plain_ram(uint64_t page, uint64_t page_size, bool for_write);

  // Code pages (see CodeObserver). Marking returns true if the page was
  // not marked before; only RAM and ROM pages can be marked.
  void set_code_observer(CodeObserver* observer) { code_observer_ = observer; }
  bool mark_code_page(uint64_t address);
  void unmark_code_page(uint64_t address);
  bool is_code_page(uint64_t address);
  // Every write into RAM that bypasses Bus::write (a hart's direct store, a
  // device server's DMA) reports itself here; returns what code_written
  // returned (false when no code page was touched).
  bool note_written(uint64_t address, uint64_t size);
  // The guest physical address of a host pointer into RAM or ROM.
  uint64_t physical_address(const uint8_t* host) const;
  bool page_has_write_watch(uint64_t page, uint64_t page_size) const;

  // Generic access (RAM, watched RAM or device). Returns false on an access
  // fault (unmapped address or a device error). A misaligned device access
  // is split into aligned 8-byte bus words with byte enables.
  bool read(const AccessContext& ctx, uint64_t address, unsigned size, uint64_t& value);
  bool write(const AccessContext& ctx, uint64_t address, unsigned size, uint64_t value);

  // Byte copies for loaders and DMA; throw std::out_of_range when the range
  // is not wholly inside RAM.
  void write_bytes(uint64_t address, const void* data, uint64_t size);
  void read_bytes(uint64_t address, void* data, uint64_t size);

  // The device mapped over all of [address, address+size), or null (RAM,
  // nothing, or a range spanning regions).
  Device* device_at(uint64_t address, uint64_t size);

  // Name of what is mapped at `address` ("unmapped" if nothing), for errors.
  std::string describe(uint64_t address) const;

  // Snapshots: the layout (checked on restore), every RAM region's bytes
  // (pages of zeros left out) and every mapped device's state, in mapping
  // order. ROM is the platform's and is only checked.
  void save(StateWriter& out) const;
  void restore(StateReader& in);

 private:
  struct Region {
    uint64_t base;
    uint64_t size;
    std::string name;
    Device* device;                  // null for RAM
    std::shared_ptr<uint8_t> ram;    // RAM storage (anonymous mapping, zero-filled lazily)
    bool read_only = false;
    std::vector<uint8_t> code_pages;  // per 4 KiB page: 1 if it holds decoded code
  };
  struct Watch {
    uint64_t base;
    uint64_t size;
    WriteWatch callback;
  };
  Region* find(uint64_t address, uint64_t size);
  const Region* find(uint64_t address, uint64_t size) const;
  void insert(Region region);
  bool device_read_misaligned(const AccessContext& ctx, Region& r, uint64_t address, unsigned size, uint64_t& value);
  bool device_write_misaligned(const AccessContext& ctx, Region& r, uint64_t address, unsigned size, uint64_t value);

  std::vector<Region> regions_;  // sorted by base
  std::vector<Watch> watches_;
  Region* last_hit_ = nullptr;
  CodeObserver* code_observer_ = nullptr;
};

}  // namespace loom::cpu
