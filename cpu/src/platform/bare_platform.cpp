#include "loom/cpu/bare_platform.h"

#include <fmt/format.h>

#include <stdexcept>

#include "devices/htif.h"
#include "loom/cpu/loader.h"
#include "loom/cpu/local_devices.h"
#include "loom/log/log.h"

namespace loom::cpu {
namespace {

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

  add_clint(*machine, bare_map::kClintBase, bare_map::kClintSize, bare_map::kTimebaseHz);
  InterruptController& plic = add_plic(*machine, bare_map::kPlicBase, 0x600000, bare_map::kPlicSources);

  const ElfImage image = load_elf(options.elf_path, bus);
  if (const auto tohost = image.symbol("tohost")) {
    Htif& htif = machine->own(std::make_unique<Htif>(bus, *tohost, image.symbol("fromhost"), *options.console));
    machine->add_stop_source(machine->own(std::make_unique<HtifStop>(htif)));
  } else {
    log::warn("{} has no `tohost` symbol: the program cannot exit through HTIF",
                             options.elf_path);
  }
  for (uint32_t hart = 0; hart < options.num_harts; ++hart) machine->set_pc(hart, image.entry);
  return BarePlatform{std::move(machine), &plic};
}

}  // namespace loom::cpu
