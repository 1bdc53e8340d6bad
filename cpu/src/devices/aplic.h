#pragma once
// The AIA's Advanced PLIC (riscv,aplic) as QEMU's virt places it: a
// machine-level root domain that takes the board's wired interrupt lines
// and may delegate each source to one supervisor-level child domain. A
// domain delivers either directly (an interrupt delivery control, IDC, per
// hart drives MEI or SEI, with priorities, thresholds and claims) or as
// MSIs: a pending and enabled source becomes a 32-bit write of its EIID to
// the target hart's IMSIC file, at an address the root domain's
// *msicfgaddr registers describe. Register map: aplic_map below.

#include <cstdint>
#include <string>
#include <vector>

#include "loom/cpu/bus.h"
#include "loom/cpu/interrupts.h"

namespace loom::cpu {

namespace aplic_map {
constexpr uint64_t domaincfg = 0x0000, sourcecfg = 0x0004;  // sourcecfg[s] at 0x0004 + 4(s-1)
constexpr uint64_t mmsicfgaddr = 0x1bc0, mmsicfgaddrh = 0x1bc4, smsicfgaddr = 0x1bc8, smsicfgaddrh = 0x1bcc;
constexpr uint64_t setip = 0x1c00, setipnum = 0x1cdc, in_clrip = 0x1d00, clripnum = 0x1ddc;
constexpr uint64_t setie = 0x1e00, setienum = 0x1edc, clrie = 0x1f00, clrienum = 0x1fdc;
constexpr uint64_t setipnum_le = 0x2000, setipnum_be = 0x2004, genmsi = 0x3000, target = 0x3004;
constexpr uint64_t idc = 0x4000, idc_size = 32;  // per hart: idelivery, iforce, ithreshold, topi 0x18, claimi 0x1c
constexpr uint32_t domaincfg_ie = 1u << 8, domaincfg_dm = 1u << 2, domaincfg_readonly = 0x80000000u;
constexpr uint32_t sourcecfg_delegate = 1u << 10;
enum SourceMode : uint32_t { inactive = 0, detached = 1, edge_rise = 4, edge_fall = 5, level_high = 6, level_low = 7 };
}  // namespace aplic_map

class Aplic : public Device, public InterruptController {
 public:
  struct Config {
    std::string name;
    bool machine_level = true;
    bool msi_mode = true;
    uint32_t num_sources = 96;  // including the nonexistent source 0 (QEMU virt: 96)
    uint32_t num_harts = 1;
    unsigned priority_bits = 3;  // direct mode (QEMU virt: 3)
  };
  // `sink`: the harts' MEI/SEI lines (direct mode); `bus`: where MSIs go.
  Aplic(const Config& config, InterruptSink& sink, Bus& bus);

  // The supervisor-level child domain sources may be delegated to.
  void set_child(Aplic* child) { child_ = child; }
  // For MSI mode in a child: the root domain, which holds *msicfgaddr.
  void set_parent(Aplic* parent) { parent_ = parent; }

  const std::string& name() const override { return config_.name; }
  // 4-byte accesses only; anything else faults.
  bool read(const AccessContext& ctx, uint64_t offset, unsigned size, uint64_t& value) override;
  bool write(const AccessContext& ctx, uint64_t offset, unsigned size, uint64_t value) override;

  // InterruptController: the board's wired lines enter at the root.
  void set_source_level(uint32_t source, bool level) override;
  uint32_t num_sources() const override { return config_.num_sources; }

  uint64_t aperture_size() const;
  void reset();
  void save(StateWriter& out) const override;
  void restore(StateReader& in) override;

 private:
  struct Source {
    uint32_t config = 0;  // sourcecfg
    uint32_t target = 0;
    bool input = false, pending = false, enabled = false;
  };
  bool present(uint32_t s) const;
  bool active(uint32_t s) const;
  void source_handed_over(uint32_t s, bool input);
  bool rectified(uint32_t s) const;
  void set_pending(uint32_t s, bool pending);
  void set_enabled(uint32_t s, bool enabled);
  uint32_t read_register(uint64_t offset);
  void write_register(uint64_t offset, uint32_t value);
  uint32_t topi(uint32_t hart) const;
  uint32_t claim(uint32_t hart);
  void update();
  void send_msi(uint32_t hart, uint32_t eiid);

  Config config_;
  InterruptSink& sink_;
  Bus& bus_;
  Aplic* child_ = nullptr;
  Aplic* parent_ = nullptr;
  uint32_t domaincfg_ = 0;
  uint32_t msicfg_[4] = {};  // mmsicfgaddr, mmsicfgaddrh, smsicfgaddr, smsicfgaddrh (root only)
  uint32_t genmsi_ = 0;
  std::vector<Source> sources_;
  struct Idc {
    uint32_t delivery = 0, force = 0, threshold = 0;
    bool line = false;
  };
  std::vector<Idc> idcs_;
};

}  // namespace loom::cpu
