#include "loom/platforms/machine_builder.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <memory>

#include "boot_layout.h"
#include "loom/cpu/loader.h"
#include "loom/cpu/local_devices.h"
#include "loom/platforms/device_tree.h"
#include "platform_checks.h"
#include "loom/tlm_devices/type_names.h"

namespace loom::platforms {
namespace {

constexpr unsigned kImsicIdentities = 255;  // per interrupt file, as QEMU virt

using Ranges = std::vector<cpu::ElfImage::Range>;

// ELF images go to their own physical addresses; raw ones to `address`.
// Returns where they went.
Ranges load_image(const std::string& path, cpu::Bus& bus, uint64_t address) {
  if (is_elf(path)) return cpu::load_elf(path, bus).loaded;
  return {{address, cpu::load_binary(path, bus, address)}};
}

// A reboot puts the boot images back as they were loaded (the guest may
// have written over them), as QEMU restores its ROM blobs: copies of the
// loaded bytes, taken once, so that files changed or removed since do not
// matter.
void restore_images_on_reset(cpu::Machine& machine, const Ranges& ranges) {
  auto blobs = std::make_shared<std::vector<std::pair<uint64_t, std::vector<uint8_t>>>>();
  for (const auto& r : ranges) {
    std::vector<uint8_t> bytes(r.size);
    machine.bus().read_bytes(r.address, bytes.data(), r.size);
    blobs->emplace_back(r.address, std::move(bytes));
  }
  machine.on_reset([&bus = machine.bus(), blobs](uint64_t) {
    for (const auto& [address, bytes] : *blobs) bus.write_bytes(address, bytes.data(), bytes.size());
  });
}

void put32(std::vector<uint8_t>& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
void put64(std::vector<uint8_t>& out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

}  // namespace

std::vector<uint8_t> boot_rom(uint64_t firmware_address, uint64_t dtb_address) {
  // RV64 machine code; tests/platforms disassembles it to check each word.
  std::vector<uint8_t> rom;
  put32(rom, 0x00000297);  // auipc t0, 0           t0 = this ROM
  put32(rom, 0xf1402573);  // csrr  a0, mhartid
  put32(rom, 0x0202b583);  // ld    a1, 32(t0)      DTB address
  put32(rom, 0x0182b283);  // ld    t0, 24(t0)      firmware entry
  put32(rom, 0x00028067);  // jr    t0
  put32(rom, 0x00000000);  // (padding to 8-byte alignment)
  put64(rom, firmware_address);  // offset 24
  put64(rom, dtb_address);       // offset 32
  return rom;
}

PlatformDescription resolve(const PlatformDescription& p, const BootOverrides& overrides) {
  PlatformDescription platform = p;
  BootDescription& boot = platform.boot;
  // A replacement from the command line is named by its path alone; an
  // image the platform file names, by the file's line.
  auto replace = [](std::string& image, std::string& where, const std::string& given) {
    if (given.empty()) return;
    image = given;
    where.clear();
  };
  replace(boot.firmware, boot.firmware_where, overrides.firmware);
  replace(boot.kernel, boot.kernel_where, overrides.kernel);
  replace(boot.initrd, boot.initrd_where, overrides.initrd);
  if (overrides.bootargs) boot.bootargs = *overrides.bootargs;
  const std::pair<const std::string*, const std::string*> images[] = {
      {&boot.firmware, &boot.firmware_where}, {&boot.kernel, &boot.kernel_where},
      {&boot.initrd, &boot.initrd_where}, {&overrides.disk, nullptr}};
  for (const auto& [image, where] : images) {
    if (image->empty() || std::filesystem::is_regular_file(*image)) continue;
    if (where && !where->empty()) throw PlatformError(fmt::format("{}: no such file: {}", *where, *image));
    throw PlatformError(fmt::format("{}: no such file", *image));
  }
  bool disk_given = overrides.disk.empty();
  std::vector<DeviceDescription> kept;
  for (DeviceDescription d : platform.devices) {
    if (d.type == tlm_devices::type_names::kVirtioBlk) {
      if (!disk_given) {
        d.params["image"] = overrides.disk;
        disk_given = true;
      }
      if (!d.params.count("image")) continue;
      if (overrides.disk_overlay) d.params["overlay"] = "1";
    }
    kept.push_back(std::move(d));
  }
  if (!disk_given) throw PlatformError(fmt::format("{}: --disk: the platform has no loom,virtio-blk device", p.file));
  if (overrides.disk_overlay && std::none_of(kept.begin(), kept.end(), [](const DeviceDescription& d) {
        return d.type == tlm_devices::type_names::kVirtioBlk;
      })) {
    throw PlatformError(fmt::format("{}: --disk-overlay: the platform has no loom,virtio-blk device with an image", p.file));
  }
  platform.devices = std::move(kept);
  if (overrides.harts) {
    platform.harts = overrides.harts;
    if (const std::string problem = imsic_problem(platform, platform.harts); !problem.empty()) {
      throw PlatformError(fmt::format("--harts {}: {}: {}", platform.harts, p.file, problem));
    }
  }
  if (overrides.quantum_ps) {
    platform.quantum_ps = overrides.quantum_ps;
    if (const std::string problem = quantum_problem(platform.clock_hz, platform.quantum_ps); !problem.empty()) {
      throw PlatformError(fmt::format("--quantum: {} (the clock of {})", problem, p.file));
    }
  }
  check_boot_layout(platform);
  return platform;
}

CpuSide build_cpu_side(const PlatformDescription& platform) {
  const BootDescription& boot = platform.boot;
  if (boot.firmware.empty()) {
    throw PlatformError(fmt::format("{}: boot.firmware: the platform needs a firmware image", platform.file));
  }

  cpu::MachineConfig config;
  config.num_harts = platform.harts;
  config.clock_hz = platform.clock_hz;
  config.slice_ps = platform.quantum_ps;
  config.reset_pc = boot.rom_base;
  config.skip_idle_time = platform.skip_idle;
  CpuSide side;
  side.machine = std::make_unique<cpu::Machine>(config);
  cpu::Machine& machine = *side.machine;
  cpu::Bus& bus = machine.bus();
  for (const MemoryRegion& m : platform.memory) bus.map_ram(m.base, m.size, m.name);
  bus.map_rom(boot.rom_base, kRomSize, boot_rom(boot.firmware_address, boot.dtb_address), "boot rom");

  const DeviceDescription* imsic[2] = {};  // M, S
  const DeviceDescription* aplic[2] = {};
  for (const DeviceDescription& d : platform.devices) {
    if (d.type == kClintType) cpu::add_clint(machine, d.base, d.size, platform.timebase_hz);
    if (d.type == kPlicType) side.interrupts = &cpu::add_plic(machine, d.base, d.size, kPlicSources);
    if (d.type == kImsicType) imsic[is_machine_level(d) ? 0 : 1] = &d;
    if (d.type == kAplicType) aplic[is_machine_level(d) ? 0 : 1] = &d;
  }
  if (imsic[0]) {
    cpu::add_imsic(machine, imsic[0]->base, imsic[1]->base, kImsicIdentities);
  }
  if (aplic[0]) {
    const auto it = aplic[0]->params.find("delivery");
    const bool msi = it == aplic[0]->params.end() || it->second == "msi";
    side.interrupts = &cpu::add_aplic(machine, aplic[0]->base, aplic[0]->size, aplic[1] ? aplic[1]->base : 0,
                                      aplic[1] ? aplic[1]->size : 0, msi, kPlicSources);
  }

  Ranges loaded = load_image(boot.firmware, bus, boot.firmware_address);
  if (!boot.kernel.empty()) {
    const Ranges kernel = load_image(boot.kernel, bus, boot.kernel_address);
    loaded.insert(loaded.end(), kernel.begin(), kernel.end());
  }
  DeviceTreeExtras extras;
  if (!boot.initrd.empty()) {
    extras.initrd_size = cpu::load_binary(boot.initrd, bus, boot.initrd_address);
    loaded.push_back({boot.initrd_address, extras.initrd_size});
  }
  side.dtb = build_device_tree(platform, extras);
  try {
    bus.write_bytes(boot.dtb_address, side.dtb.data(), side.dtb.size());
  } catch (const std::out_of_range& e) {
    throw PlatformError(
        fmt::format("{}: boot.dtb-address: the device tree does not fit: {}", platform.file, e.what()));
  }
  loaded.push_back({boot.dtb_address, side.dtb.size()});
  restore_images_on_reset(machine, loaded);
  return side;
}

std::vector<bridge::ServerConfig> server_configs(const PlatformDescription& p) {
  std::vector<bridge::ServerConfig> configs;
  for (const ServerDescription& s : p.servers) {
    bridge::ServerConfig c;
    c.name = s.name;
    c.address = s.address;
    c.token = s.token;
    c.tls_ca_file = s.tls_ca;
    c.tls_server_name = s.tls_server_name;
    for (const DeviceDescription& d : p.devices) {
      if (d.server != s.name) continue;
      bridge::RemoteDeviceConfig device{d.name, d.type, d.base, d.size, d.irqs, d.params, std::nullopt};
      if (d.pcie) {
        device.pcie = bridge::PcieAddress{d.pcie->bus, d.pcie->device, d.pcie->function};
        device.irqs = pcie_intx_irqs(*p.find_device_of_type(kPcieHostType), *d.pcie);
      }
      c.devices.push_back(std::move(device));
    }
    if (!c.devices.empty()) configs.push_back(std::move(c));
  }
  return configs;
}

std::optional<bridge::PcieHostConfig> pcie_host_config(const PlatformDescription& p) {
  const DeviceDescription* host = p.find_device_of_type(kPcieHostType);
  if (!host) return std::nullopt;
  bridge::PcieHostConfig c;
  c.name = host->name;
  c.ecam_base = host->base;
  c.ecam_size = host->size;
  c.mmio32 = {host->windows.mmio32.base, host->windows.mmio32.size};
  c.mmio64 = {host->windows.mmio64.base, host->windows.mmio64.size};
  c.pio = {host->windows.pio.base, host->windows.pio.size};
  return c;
}

}  // namespace loom::platforms
