#pragma once
// SiFive PLIC ("sifive,plic-1.0.0"), laid out as QEMU's virt machine,
// OpenSBI and Linux use it. Context 2h is hart h's M-mode context (drives
// MEI), context 2h+1 its S-mode context (drives SEI).
//
// Every source is level-triggered behind a gateway: it is pending while its
// line is high and it is not claimed; a claim takes it out of the pending
// set until the matching complete re-arms the gateway.

#include <cstdint>
#include <string>
#include <vector>

#include "loom/cpu/bus.h"
#include "loom/cpu/interrupts.h"

namespace loom::cpu {

// Register map, offsets from the PLIC base. All registers are 32 bits wide.
namespace plic_map {
constexpr uint64_t priority_base = 0x0;  // priority[s] at +4s; source 0 is reserved
constexpr uint64_t pending_base = 0x1000;  // one bit per source, read-only
constexpr uint64_t enable_base = 0x2000;   // per context: one bit per source
constexpr uint64_t enable_stride = 0x80;
constexpr uint64_t context_base = 0x200000;  // per context: threshold, claim/complete
constexpr uint64_t context_stride = 0x1000;
constexpr uint64_t threshold_offset = 0x0;  // within a context block
constexpr uint64_t claim_complete_offset = 0x4;
constexpr uint32_t max_sources = 1024;  // including the reserved source 0
constexpr uint32_t max_contexts = 15872;
constexpr uint32_t priority_mask = 0x7;  // priorities and thresholds 0..7 (WARL)
}  // namespace plic_map

class Plic : public Device, public InterruptController {
 public:
  // `num_sources` counts the reserved source 0 (QEMU virt: 96, i.e.
  // riscv,ndev = 95). Throws std::invalid_argument when the register map
  // cannot hold the sources or the 2 * num_harts contexts.
  Plic(std::string name, uint32_t num_harts, uint32_t num_sources, InterruptSink& sink);

  const std::string& name() const override { return name_; }
  bool read(const AccessContext& ctx, uint64_t offset, unsigned size, uint64_t& value) override;
  bool write(const AccessContext& ctx, uint64_t offset, unsigned size, uint64_t value) override;

  // Drives a source's interrupt line. Throws std::out_of_range for source 0
  // or a source the PLIC does not have.
  void set_source_level(uint32_t source, bool level) override;

  // Bytes of address space the PLIC decodes for its contexts.
  uint64_t aperture_size() const;
  uint32_t num_sources() const override { return num_sources_; }
  uint32_t num_contexts() const { return num_contexts_; }

  // Power-on state: priorities, enables, thresholds 0, nothing claimed. The
  // source lines stay as the devices drive them.
  void reset();
  void save(StateWriter& out) const override;
  void restore(StateReader& in) override;

 private:
  bool read_context_register(uint32_t context, uint64_t offset_in_block, uint64_t& value);
  bool write_context_register(uint32_t context, uint64_t offset_in_block, uint64_t value);
  // Highest-priority pending, enabled source above the context's threshold
  // (lowest id on ties); 0 if none.
  uint32_t best_claimable(uint32_t context) const;
  uint32_t claim(uint32_t context);
  void complete(uint32_t context, uint64_t source);
  // Recomputes every pending bit from line and claim state and reports each
  // context line whose "something is claimable" answer changed.
  void update();

  bool is_enabled(uint32_t context, uint32_t source) const {
    return (enable_[context * words_ + source / 32] >> (source % 32)) & 1;
  }
  uint32_t valid_source_mask(uint32_t word) const;

  std::string name_;
  uint32_t num_sources_;
  uint32_t num_contexts_;
  uint32_t words_;  // 32-bit words per source bit field
  InterruptSink& sink_;
  std::vector<uint32_t> priority_;   // per source
  std::vector<bool> line_;           // per source: level from the device
  std::vector<bool> claimed_;        // per source: claimed, not yet completed
  std::vector<uint32_t> pending_;    // bit field
  std::vector<uint32_t> enable_;     // words_ per context
  std::vector<uint32_t> threshold_;  // per context
  std::vector<bool> context_line_;   // per context: level last reported
};

}  // namespace loom::cpu
