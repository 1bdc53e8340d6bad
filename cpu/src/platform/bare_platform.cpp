#include "loom/cpu/bare_platform.h"

#include <fmt/format.h>

#include <iostream>
#include <stdexcept>

#include "devices/clint.h"
#include "devices/htif.h"
#include "devices/plic.h"
#include "loom/cpu/loader.h"

namespace loom::cpu {
namespace {

class ClintTimer final : public TimerSource {
 public:
  explicit ClintTimer(Clint& clint) : clint_(clint) {}
  uint64_t next_timer_event_ps(uint32_t hart) const override { return clint_.next_timer_event_ps(hart); }
  void update_timer_lines(uint64_t now_ps) override { clint_.update_timer_lines(now_ps); }
  uint64_t mtime_at(uint64_t now_ps) const override { return clint_.mtime_at(now_ps); }

 private:
  Clint& clint_;
};

class HtifStop final : public StopSource {
 public:
  explicit HtifStop(Htif& htif) : htif_(htif) {}
  bool stop_requested() const override { return htif_.exit_requested(); }
  RunResult stop_result() const override {
    if (!htif_.error().empty()) return {StopReason::Error, 1, htif_.error()};
    return {StopReason::GuestExit, htif_.exit_code(), {}};
  }

 private:
  Htif& htif_;
};

}  // namespace

BarePlatform build_bare_platform(const BarePlatformOptions& options) {
  if (!options.console) throw std::invalid_argument("bare platform: no console stream");
  MachineConfig config;
  config.num_harts = options.num_harts;
  config.clock_hz = options.clock_hz;
  config.slice_ps = options.quantum_ps;
  auto machine = std::make_unique<Machine>(config);
  Bus& bus = machine->bus();
  bus.map_ram(bare_map::kRamBase, options.ram_size, "ram");

  Clint& clint = machine->own(std::make_unique<Clint>("clint", options.num_harts, *machine));
  bus.map_device(bare_map::kClintBase, bare_map::kClintSize, clint);
  Plic& plic = machine->own(std::make_unique<Plic>("plic", options.num_harts, bare_map::kPlicSources, *machine));
  bus.map_device(bare_map::kPlicBase, plic.aperture_size(), plic);
  machine->set_timer_source(machine->own(std::make_unique<ClintTimer>(clint)));

  const ElfImage image = load_elf(options.elf_path, bus);
  if (const auto tohost = image.symbol("tohost")) {
    Htif& htif = machine->own(std::make_unique<Htif>(bus, *tohost, image.symbol("fromhost"), *options.console));
    machine->add_stop_source(machine->own(std::make_unique<HtifStop>(htif)));
  } else {
    std::cerr << fmt::format("loom: warning: {} has no `tohost` symbol: the program cannot exit through HTIF\n",
                             options.elf_path);
  }
  for (uint32_t hart = 0; hart < options.num_harts; ++hart) machine->set_pc(hart, image.entry);
  return BarePlatform{std::move(machine), &plic};
}

}  // namespace loom::cpu
