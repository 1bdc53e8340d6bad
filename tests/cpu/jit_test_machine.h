#pragma once
// A bare machine for engine tests: RAM at `ram` (reset pc there) and the
// given engine, which translates every block at once (test programs run
// most of their code only once or twice).

#include <memory>

#include "loom/cpu/machine.h"

namespace loom::cpu::test {

inline std::unique_ptr<Machine> engine_test_machine(EngineKind kind, uint64_t ram, uint64_t ram_size,
                                                    uint32_t harts = 1) {
  MachineConfig config;
  config.num_harts = harts;
  config.reset_pc = ram;
  auto machine = std::make_unique<Machine>(config);
  machine->bus().map_ram(ram, ram_size);
  EngineOptions engine{kind};
  engine.translate_after = 1;
  machine->set_engine(engine);
  return machine;
}

}  // namespace loom::cpu::test
