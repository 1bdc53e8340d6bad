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

namespace loom::platforms {

// A bad platform file; the message is one line: "file:line: field: what".
struct PlatformError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct MemoryRegion {
  std::string name;
  uint64_t base = 0;
  uint64_t size = 0;
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

// Reads and validates a platform file: unknown fields, bad values, missing
// files, overlapping regions, unknown device types, IRQ numbers out of
// range and devices on undeclared servers are all rejected here, before
// anything starts. `device_types` is the set of known types.
PlatformDescription load_platform(const std::string& path, const std::vector<std::string>& device_types);

// Device types that live in the CPU process (everything else needs a server).
bool is_local_device_type(const std::string& type);
std::vector<std::string> local_device_types();

}  // namespace loom::platforms
