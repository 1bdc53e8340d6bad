#include "platform_checks.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <vector>

namespace loom::platforms {
namespace {

[[noreturn]] void fail(const PlatformDescription& p, int line, const std::string& field, const std::string& what) {
  throw PlatformError(line > 0 ? fmt::format("{}:{}: {}: {}", p.file, line, field, what)
                               : fmt::format("{}: {}: {}", p.file, field, what));
}

struct Region {
  std::string field;  // "devices[3]"
  std::string what;   // "device uart0"
  uint64_t base, size;
  int line;
};

// The AIA's devices: at most one of each kind per level, an S-level APLIC
// only under an M-level one, MSI delivery only with IMSICs.
void check_aia(const PlatformDescription& p) {
  std::map<std::string, const DeviceDescription*> seen;
  bool imsics = false;
  for (const DeviceDescription& d : p.devices) {
    if (d.type != kImsicType && d.type != kAplicType) continue;
    const std::string field = fmt::format("device {}", d.name);
    for (const auto& [key, value] : d.params) {
      if (key == "level" && value != "m" && value != "s") fail(p, d.line, field, "params.level must be m or s");
      if (key == "delivery" && (value != "msi" && value != "direct")) {
        fail(p, d.line, field, "params.delivery (an APLIC's) must be msi or direct");
      }
    }
    const std::string key = d.type + (is_machine_level(d) ? "/m" : "/s");
    if (!seen.emplace(key, &d).second) {
      fail(p, d.line, field,
           fmt::format("a second {} at {} level", d.type, is_machine_level(d) ? "machine" : "supervisor"));
    }
    if (d.type == kImsicType) imsics = true;
  }
  if (seen.count(std::string(kImsicType) + "/m") != seen.count(std::string(kImsicType) + "/s")) {
    fail(p, 0, "devices", "IMSICs come in pairs, one at each level");
  }
  if (seen.count(std::string(kAplicType) + "/s") && !seen.count(std::string(kAplicType) + "/m")) {
    fail(p, 0, "devices", "an S-level APLIC needs the M-level one");
  }
  for (const auto& [key, d] : seen) {
    const auto it = d->params.find("delivery");
    if (d->type == kAplicType && (it == d->params.end() || it->second == "msi") && !imsics) {
      fail(p, d->line, fmt::format("device {}", d->name),
           "MSI delivery needs riscv,imsics devices (or params.delivery: direct)");
    }
  }
}

}  // namespace

std::string quantum_problem(uint64_t clock_hz, uint64_t quantum_ps) {
  const uint64_t period_ps = kPicosecondsPerSecond / clock_hz;
  if (quantum_ps < period_ps) {
    return fmt::format("{} ps is shorter than one instruction ({} ps at {} Hz)", quantum_ps, period_ps, clock_hz);
  }
  if (quantum_ps > kMaxQuantumPs) return fmt::format("{} ps is longer than 1 s", quantum_ps);
  return {};
}

std::string imsic_problem(const PlatformDescription& p, uint32_t harts) {
  for (const DeviceDescription& d : p.devices) {
    if (d.type == kImsicType && d.size < uint64_t{harts} * 0x1000) {
      return fmt::format("device {} (line {}): {:#x} bytes hold no 4 KiB page for each of {} harts", d.name, d.line,
                         d.size, harts);
    }
  }
  return {};
}

void check_overlaps(const PlatformDescription& p, int rom_line) {
  std::vector<Region> regions;
  regions.push_back({"boot.rom", "boot ROM", p.boot.rom_base, kRomSize, rom_line});
  for (size_t i = 0; i < p.memory.size(); ++i) {
    const MemoryRegion& m = p.memory[i];
    regions.push_back({fmt::format("memory[{}]", i), "memory " + m.name, m.base, m.size, m.line});
  }
  for (size_t i = 0; i < p.devices.size(); ++i) {
    const DeviceDescription& d = p.devices[i];
    if (d.pcie) continue;
    const std::string field = fmt::format("devices[{}]", i);
    regions.push_back({field, "device " + d.name, d.base, d.size, d.line});
    if (d.type == kPcieHostType) {
      regions.push_back({field + ".windows.mmio", "device " + d.name + "'s 32-bit memory window",
                         d.windows.mmio32.base, d.windows.mmio32.size, d.line});
      regions.push_back({field + ".windows.mmio64", "device " + d.name + "'s 64-bit memory window",
                         d.windows.mmio64.base, d.windows.mmio64.size, d.line});
      regions.push_back({field + ".windows.pio", "device " + d.name + "'s I/O window", d.windows.pio.base,
                         d.windows.pio.size, d.line});
    }
  }
  // No region wraps (the reader checked), but one may end at 2^64.
  const auto last = [](const Region& r) { return r.base + (r.size - 1); };
  const auto range = [&](const Region& r) {
    return last(r) == UINT64_MAX ? fmt::format("[{:#x}, 2^64)", r.base) : fmt::format("[{:#x}, {:#x})", r.base, last(r) + 1);
  };
  for (size_t i = 0; i < regions.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      const Region& a = regions[i].line >= regions[j].line ? regions[i] : regions[j];  // the later one
      const Region& b = &a == &regions[i] ? regions[j] : regions[i];
      if (a.base <= last(b) && b.base <= last(a)) {
        fail(p, a.line, a.field,
             fmt::format("{} {} overlaps {} {}{}", a.what, range(a), b.what, range(b),
                         b.line > 0 ? fmt::format(" (line {})", b.line) : ""));
      }
    }
  }
}

void check_device_set(const PlatformDescription& p) {
  const auto of_type = [&](const char* type) {
    return std::count_if(p.devices.begin(), p.devices.end(), [&](const auto& d) { return d.type == type; });
  };
  if (of_type(kClintType) != 1) {
    fail(p, 0, "devices", fmt::format("a platform needs exactly one riscv,clint0 (found {})", of_type(kClintType)));
  }
  check_aia(p);
  const auto plics = of_type(kPlicType);
  const auto aplics = of_type(kAplicType);
  if (plics + aplics == 0 || (plics > 0) == (aplics > 0) || plics > 1) {
    fail(p, 0, "devices",
         fmt::format("a platform needs one sifive,plic-1.0.0, or riscv,aplic domains (found {} PLICs and {} APLICs)",
                     plics, aplics));
  }
  const DeviceDescription* host = p.find_device_of_type(kPcieHostType);
  for (const DeviceDescription& d : p.devices) {
    const std::string field = fmt::format("device {}", d.name);
    if (d.type == kPcieHostType && d.irqs.size() != 4) {
      fail(p, d.line, field, "a host bridge needs irq: [INTA, INTB, INTC, INTD]");
    }
    if (d.type == kPcieHostType && &d != host) {
      fail(p, d.line, field, fmt::format("a platform has at most one {} (the first is {})", kPcieHostType, host->name));
    }
    if (d.pcie && !host) fail(p, d.line, field, fmt::format("a PCIe function needs a {} device", kPcieHostType));
    if (d.pcie && host && (uint64_t{d.pcie->bus} + 1) << 20 > host->size) {
      fail(p, d.line, field,
           fmt::format("bus {} is beyond {}'s ECAM window ({} buses)", d.pcie->bus, host->name, host->size >> 20));
    }
  }
  if (const std::string problem = imsic_problem(p, p.harts); !problem.empty()) fail(p, 0, "harts", problem);
}

}  // namespace loom::platforms
