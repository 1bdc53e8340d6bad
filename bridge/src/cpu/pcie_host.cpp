#include "cpu/pcie_host.h"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>
#include "loom/log/log.h"

namespace loom::bridge {

PcieHost::PcieHost(const PcieHostConfig& config, cpu::Bus& bus) : config_(config), bus_(bus) {}

PcieHost::~PcieHost() {
  for (auto& [offset, function] : functions_) {
    for (Mapped& m : function.mapped) {
      if (m.device) bus_.unmap(*m.device);
    }
  }
}

void PcieHost::add_function(const RemoteDeviceConfig& device, ServerLink& link) {
  const uint64_t offset = device.pcie->ecam_offset();
  if (offset >= config_.ecam_size) {
    throw std::invalid_argument(fmt::format("PCIe function {} on bus {} is outside the ECAM window ({} buses)",
                                            device.name, device.pcie->bus, config_.ecam_size >> 20));
  }
  const auto [it, added] = functions_.emplace(offset, Function{device, &link, {}});
  if (!added) {
    throw std::invalid_argument(fmt::format("PCIe functions {} and {} both sit at {:02x}:{:02x}.{}", it->second.config.name,
                                            device.name, device.pcie->bus, device.pcie->device,
                                            device.pcie->function));
  }
}

void PcieHost::check_bars() {
  const cpu::AccessContext ctx{0, 0, nullptr};
  for (auto& entry : functions_) {
    // Named, not a structured binding: C++17 lambdas cannot capture those (clang refuses).
    const uint64_t offset = entry.first;
    auto& f = entry.second;
    const auto config = [&](bool write, unsigned reg, uint32_t value) {
      f.link->config_access(ctx, f.config.name, write, offset + reg, 4, value);
      return value;
    };
    for (unsigned bar = 0; bar < 6; ++bar) {
      const unsigned reg = 0x10 + 4 * bar;
      const uint32_t original = config(false, reg, 0);
      config(true, reg, ~0u);
      const uint32_t low = config(false, reg, 0);
      config(true, reg, original);
      if (low == 0) continue;
      const bool io = low & 1, is64 = !io && ((low >> 1) & 3) == 2;
      uint64_t mask = io ? (low & ~3u) | 0xffffffff00000000ull : (low & ~0xfu) | 0xffffffff00000000ull;
      if (is64) {
        const uint32_t high_original = config(false, reg + 4, 0);
        config(true, reg + 4, ~0u);
        mask = (mask & 0xffffffffull) | uint64_t{config(false, reg + 4, 0)} << 32;
        config(true, reg + 4, high_original);
      }
      const uint64_t size = ~mask + 1;
      const uint64_t room = io ? config_.pio.size : is64 ? std::max(config_.mmio32.size, config_.mmio64.size)
                                                         : config_.mmio32.size;
      if (size == 0 || size > room) {
        throw std::invalid_argument(fmt::format(
            "PCIe function {} ({:02x}:{:02x}.{}): BAR{} needs {:#x} bytes of {}, more than the host bridge's "
            "window ({:#x} bytes)",
            f.config.name, f.config.pcie->bus, f.config.pcie->device, f.config.pcie->function, bar, size,
            io ? "I/O space" : is64 ? "memory" : "32-bit memory", room));
      }
      if (is64) ++bar;
    }
  }
}

PcieHost::Function* PcieHost::function_at(uint64_t offset) {
  const auto it = functions_.find(offset & ~uint64_t{0xfff});
  return it == functions_.end() ? nullptr : &it->second;
}

bool PcieHost::read(const cpu::AccessContext& ctx, uint64_t offset, unsigned size, uint64_t& value) {
  value = size >= 8 ? ~0ull : (1ull << (8 * size)) - 1;  // all-ones: no function there
  if (size > 4) return false;  // configuration accesses are at most a dword
  Function* f = function_at(offset);
  uint32_t data = 0;
  if (f && f->link->config_access(ctx, f->config.name, false, offset, size, data)) value = data;
  return true;
}

bool PcieHost::write(const cpu::AccessContext& ctx, uint64_t offset, unsigned size, uint64_t value) {
  if (size > 4) return false;
  Function* f = function_at(offset);
  auto data = static_cast<uint32_t>(value);
  if (f) f->link->config_access(ctx, f->config.name, true, offset, size, data);
  return true;
}

bool PcieHost::place(const BarWindow& window, uint64_t& cpu_base, std::string& why) const {
  const auto inside = [&](const PcieHostConfig::Window& w, uint64_t base) {
    return w.size > 0 && base >= w.base && base - w.base < w.size && window.size <= w.size - (base - w.base);
  };
  if (window.io) {
    // I/O space appears at the PIO window's base (bus I/O address 0 there).
    cpu_base = config_.pio.base + window.base;
    if (window.base < config_.pio.size && window.size <= config_.pio.size - window.base) return true;
    why = "outside the I/O window";
    return false;
  }
  cpu_base = window.base;
  if (inside(config_.mmio32, window.base) || inside(config_.mmio64, window.base)) return true;
  why = "outside the host bridge's memory windows";
  return false;
}

void PcieHost::note(const std::string& line) {
  ++map_changes_;
  if (config_.trace) log::info("pcie: {}", line);
}

void PcieHost::windows_changed(const std::string& device, const std::vector<BarWindow>& windows, uint64_t time_ps) {
  Function* f = nullptr;
  for (auto& [offset, function] : functions_) {
    if (function.config.name == device) f = &function;
  }
  if (!f) throw std::runtime_error(fmt::format("PCIe windows reported for {}, which is no PCIe function", device));
  const std::string when = fmt::format("at {} ps", time_ps);
  for (Mapped& m : f->mapped) {
    if (!m.device) continue;
    bus_.unmap(*m.device);
    retired_.push_back(std::move(m.device));
    note(fmt::format("{} BAR{} unmapped from [{:#x}, +{:#x}) {}", device, m.window.bar, m.cpu_base, m.window.size,
                     when));
  }
  f->mapped.clear();
  for (const BarWindow& w : windows) {
    Mapped m{w, 0, nullptr};
    std::string why;
    if (place(w, m.cpu_base, why)) {
      auto remote = std::make_unique<RemoteDevice>(fmt::format("{}.bar{}", device, w.bar), w.base, *f->link, true);
      try {
        bus_.map_device(m.cpu_base, w.size, *remote);
        m.device = std::move(remote);
      } catch (const std::invalid_argument& e) {
        why = e.what();
      }
    }
    if (m.device) {
      note(fmt::format("{} BAR{} mapped at [{:#x}, +{:#x}) {}", device, w.bar, m.cpu_base, w.size, when));
    } else {
      note(fmt::format("{} BAR{} at {:#x} (+{:#x}) not mapped: {} {}", device, w.bar, w.base, w.size, why, when));
    }
    f->mapped.push_back(std::move(m));
  }
}

std::string PcieHost::report() const {
  std::string out = fmt::format("loom: pcie: {} functions, {} address-map changes\n", functions_.size(), map_changes_);
  for (const auto& [offset, f] : functions_) {
    std::string bars;
    for (const Mapped& m : f.mapped) {
      bars += fmt::format(" BAR{} {}[{:#x}, +{:#x}){}", m.window.bar, m.window.io ? "io " : "", m.cpu_base,
                          m.window.size, m.device ? "" : " (not mapped)");
    }
    out += fmt::format("loom: pcie: {:02x}:{:02x}.{} {} ({}):{}\n", f.config.pcie->bus, f.config.pcie->device,
                       f.config.pcie->function, f.config.name, f.link->name(), bars.empty() ? " no BARs decoded" : bars);
  }
  return out;
}

}  // namespace loom::bridge
