#pragma once
// From a platform description to a runnable CPU process: RAM, boot ROM,
// local devices (CLINT, PLIC), boot images and the generated device tree in
// memory; plus the bridge configuration for the platform's device servers.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "loom/bridge/cpu_bridge.h"
#include "loom/cpu/interrupts.h"
#include "loom/cpu/machine.h"
#include "loom/platforms/platform.h"

namespace loom::platforms {

// Command-line replacements for the platform file's boot images and values.
struct BootOverrides {
  std::string firmware;  // replaces boot.firmware (QEMU's -bios)
  std::string kernel;
  std::string initrd;
  std::string disk;  // image of the first loom,virtio-blk device
  // Every loom,virtio-blk device keeps the guest's writes in memory
  // (params overlay: 1): images stay as they are; snapshots include writes.
  bool disk_overlay = false;
  std::optional<std::string> bootargs;
  uint32_t harts = 0;       // 0: the platform's
  uint64_t quantum_ps = 0;  // 0: the platform's
};

// Applies the overrides. A loom,virtio-blk device with no image is left out
// of the machine (and its device tree), as QEMU adds a drive only when given
// one. Throws PlatformError, one line, for a missing file, boot images that
// overlap each other or the device tree or do not lie in RAM, and values
// the platform cannot take (a quantum shorter than an instruction, more
// harts than the IMSICs have pages for).
PlatformDescription resolve(const PlatformDescription& platform, const BootOverrides& overrides);

struct CpuSide {
  std::unique_ptr<cpu::Machine> machine;
  cpu::InterruptController* interrupts = nullptr;
  std::vector<uint8_t> dtb;  // as placed in memory
};

// Builds the resolved platform's CPU side. Throws PlatformError or
// cpu::LoadError (an image that does not load), one line each.
CpuSide build_cpu_side(const PlatformDescription& platform);

// One entry per declared server, with its devices; servers without an
// address are to be spawned by the caller, which then sets the address.
std::vector<bridge::ServerConfig> server_configs(const PlatformDescription& platform);
// The PCIe host bridge's configuration, if the platform has one.
std::optional<bridge::PcieHostConfig> pcie_host_config(const PlatformDescription& platform);

// The reset vector placed in the boot ROM: a0 = hartid, a1 = DTB address,
// jump to the firmware.
std::vector<uint8_t> boot_rom(uint64_t firmware_address, uint64_t dtb_address);

}  // namespace loom::platforms
