#pragma once
// A platform description: what `platforms/*.yaml` says, validated. It names
// the harts, memory, quantum, every device (type, address, interrupts, and
// where it lives: the CPU process or a named device server), the servers,
// and the boot images. docs/platforms.md documents the YAML schema.

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "loom/log/log.h"

namespace loom::platforms {

// A bad platform file; the message is one line: "file:line: field: what".
// What it quotes from the file (a name, a path, a character yaml-cpp did not
// expect) may hold a newline or other control characters: they are shown
// escaped (\n, \xNN), so that the message stays one line.
struct PlatformError : std::runtime_error {
  explicit PlatformError(const std::string& what) : std::runtime_error(escape_control_characters(what)) {}

  static std::string escape_control_characters(const std::string& text) { return log::one_line(text); }
};

struct MemoryRegion {
  std::string name;
  uint64_t base = 0;
  uint64_t size = 0;
  int line = 0;  // where it was declared, for later messages
};

// Where a PCIe function sits under the host bridge (docs/pcie.md).
struct PcieSlot {
  uint32_t bus = 0, device = 0, function = 0;
};

struct AddressWindow {
  uint64_t base = 0, size = 0;
};

// The windows of a pci-host-ecam-generic host bridge (QEMU virt's by default).
struct PcieHostWindows {
  AddressWindow mmio32{0x40000000, 0x40000000};
  AddressWindow mmio64{0x400000000, 0x400000000};
  AddressWindow pio{0x3000000, 0x10000};
};

struct DeviceDescription {
  std::string name;
  std::string type;  // "ns16550a", "sifive,plic-1.0.0", ...
  uint64_t base = 0;
  uint64_t size = 0;
  std::vector<uint32_t> irqs;  // PLIC sources
  std::string server;          // "local" or a server's name
  std::map<std::string, std::string> params;
  int line = 0;  // where it was declared, for later messages
  // A PCIe function: no base, size or irq (its BARs go where the guest puts
  // them, its INTx is its slot's swizzled host bridge line).
  std::optional<PcieSlot> pcie;
  PcieHostWindows windows;  // pci-host-ecam-generic only
};

// The host bridge device type and the PLIC sources of a PCIe function's
// INTA..INTD: the host bridge's four lines rotated by the slot, as QEMU's
// virt wires them.
constexpr const char* kPcieHostType = "pci-host-ecam-generic";
// The CPU process's own timer and interrupt controller types.
constexpr const char* kClintType = "riscv,clint0";
constexpr const char* kPlicType = "sifive,plic-1.0.0";
// The AIA (docs/interrupts.md): IMSIC interrupt files and APLIC domains,
// each at machine or supervisor level (params `level: m|s`).
constexpr const char* kImsicType = "riscv,imsics";
constexpr const char* kAplicType = "riscv,aplic";
bool is_machine_level(const DeviceDescription& aia_device);
std::vector<uint32_t> pcie_intx_irqs(const DeviceDescription& host, const PcieSlot& slot);

// A device type hosted by a device server, as far as the CPU process can
// check a platform file against it before any server starts (the device
// registry describes its own types; a plugin's type is checked by its
// server).
struct ServerDeviceType {
  std::string name;
  unsigned interrupts = 0;              // interrupt outputs: at most this many irq
  uint64_t min_size = 0;                // smallest size (the register map)
  std::vector<std::string> parameters;  // the params it knows
};

struct ServerDescription {
  std::string name;
  std::string address;  // empty: spawned by `loom run`
  std::string token;
  std::string tls_ca;
  std::string tls_server_name;
  int line = 0;
};

struct BootDescription {
  uint64_t rom_base = 0x1000;
  std::string firmware;  // raw binary loaded at firmware_address (fw_jump.bin) or an ELF
  uint64_t firmware_address = 0x80000000;
  std::string kernel;    // optional payload (Image, or a bare-metal payload binary/ELF)
  uint64_t kernel_address = 0x80200000;
  std::string initrd;    // optional
  uint64_t initrd_address = 0x88000000;
  uint64_t dtb_address = 0x82200000;
  std::string bootargs;
  // Where the platform file names firmware, kernel and initrd ("file:line:
  // boot.kernel"), for the error when one does not exist or overlaps another
  // image. Existence and layout are checked when the command line's
  // replacements are known (resolve()): a missing file the command line
  // replaces is no error. dtb_where names boot.dtb-address.
  std::string firmware_where, kernel_where, initrd_where, dtb_where;
};

struct PlatformDescription {
  std::string file;  // where it came from
  std::string name;
  uint32_t harts = 1;
  std::string isa = "rv64imafdc_zicsr_zifencei_zba_zbb_zbs";
  uint64_t clock_hz = 1'000'000'000;
  uint64_t timebase_hz = 10'000'000;
  uint64_t quantum_ps = 10'000'000;
  bool skip_idle = true;  // jump over time in which every hart sleeps in WFI
  std::vector<MemoryRegion> memory;
  std::vector<DeviceDescription> devices;
  std::vector<ServerDescription> servers;
  BootDescription boot;

  const DeviceDescription* find_device_of_type(const std::string& type) const;
};

// The device that takes the board's wired interrupts: the PLIC, or the
// machine-level APLIC.
const DeviceDescription* wired_interrupt_controller(const PlatformDescription& p);

// Reads and validates a platform file, before anything starts: everything
// docs/platforms.md ("What is checked") lists is rejected here, one line
// "file:line: field: what". `server_types` are the types device servers
// host (besides plugins).
PlatformDescription load_platform(const std::string& path, const std::vector<ServerDeviceType>& server_types);

// Empty if a quantum of `quantum_ps` suits a `clock_hz` clock (at least one
// instruction, at most 1 s), else what is wrong.
std::string quantum_problem(uint64_t clock_hz, uint64_t quantum_ps);

// Names of devices, servers and memory regions: [A-Za-z][A-Za-z0-9_-]*
// (they become SystemC object names and device-tree node names).
bool is_valid_name(const std::string& name);

// Device types that live in the CPU process (everything else needs a server).
bool is_local_device_type(const std::string& type);
std::vector<std::string> local_device_types();

}  // namespace loom::platforms
