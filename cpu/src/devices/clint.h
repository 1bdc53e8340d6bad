#pragma once
// SiFive CLINT, laid out as on QEMU's virt and spike machines: a software
// interrupt bit (msip) and a timer compare register (mtimecmp) per hart, and
// the shared machine timer mtime. Drives MSI and MTI through an
// InterruptSink.
//
// mtime is not a stored counter: it is derived from the accessing hart's
// simulated time (time_ps / period, plus an offset once software writes
// mtime), so that it is exact whatever the hart's position in its quantum.

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "loom/cpu/bus.h"
#include "loom/cpu/interrupts.h"
#include "loom/cpu/machine.h"

namespace loom::cpu {

// Register map, offsets from the CLINT base.
namespace clint_map {
constexpr uint64_t msip_base = 0x0;  // msip[h]: 32-bit, only bit 0 exists
constexpr uint64_t msip_stride = 4;
constexpr uint64_t mtimecmp_base = 0x4000;  // mtimecmp[h]: 64-bit
constexpr uint64_t mtimecmp_stride = 8;
constexpr uint64_t mtime = 0xbff8;  // 64-bit, shared by all harts
constexpr uint64_t aperture_size = 0x10000;
// mtimecmp[4095] would overlap mtime.
constexpr uint32_t max_harts = (mtime - mtimecmp_base) / mtimecmp_stride;
}  // namespace clint_map

class Clint : public Device {
 public:
  static constexpr uint64_t never = std::numeric_limits<uint64_t>::max();

  // `mtime_period_ps`: length of one mtime tick (100000 ps = 10 MHz, the
  // virt machine's timebase-frequency). Throws std::invalid_argument for a
  // zero period or a hart count the register map cannot hold.
  Clint(std::string name, uint32_t num_harts, InterruptSink& sink, uint64_t mtime_period_ps = 100000);

  const std::string& name() const override { return name_; }
  bool read(const AccessContext& ctx, uint64_t offset, unsigned size, uint64_t& value) override;
  bool write(const AccessContext& ctx, uint64_t offset, unsigned size, uint64_t value) override;

  // The value of mtime at simulated time `time_ps`.
  uint64_t mtime_at(uint64_t time_ps) const;

  // Earliest time_ps at which mtime >= mtimecmp[hart], looking forward from
  // the last time the timer lines were evaluated (update_timer_lines or a
  // timer register write); if the condition already held then, that time
  // itself. `never` if mtime cannot reach mtimecmp within 2^64 ps.
  // Throws std::out_of_range for a hart the CLINT does not serve.
  uint64_t next_timer_event_ps(uint32_t hart) const;

  // Sets or clears MTI of every hart according to mtime at `now_ps`; only
  // changed lines are reported to the sink.
  void update_timer_lines(uint64_t now_ps);

  uint32_t num_harts() const { return num_harts_; }

  // Power-on state at `now_ps`: mtime restarts from 0, mtimecmp at the
  // maximum, msip clear (lines dropped).
  void reset(uint64_t now_ps);
  void save(StateWriter& out) const override;
  void restore(StateReader& in) override;

 private:
  bool write_msip(uint32_t hart, unsigned size, uint64_t value);

  std::string name_;
  uint32_t num_harts_;
  InterruptSink& sink_;
  uint64_t period_ps_;
  uint64_t mtime_offset_ = 0;  // added (mod 2^64) to time_ps / period
  uint64_t last_evaluated_ps_ = 0;
  std::vector<uint64_t> mtimecmp_;
  std::vector<bool> msip_;
  std::vector<bool> timer_line_;  // MTI level last reported to the sink
};

// The CLINT as the machine's timer source (Machine::set_timer_source).
class ClintTimer final : public TimerSource {
 public:
  explicit ClintTimer(Clint& clint) : clint_(clint) {}
  uint64_t next_timer_event_ps(uint32_t hart) const override { return clint_.next_timer_event_ps(hart); }
  void update_timer_lines(uint64_t now_ps) override { clint_.update_timer_lines(now_ps); }
  uint64_t mtime_at(uint64_t now_ps) const override { return clint_.mtime_at(now_ps); }

 private:
  Clint& clint_;
};

}  // namespace loom::cpu
