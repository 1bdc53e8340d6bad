#pragma once
// google,goldfish-rtc: the real-time clock of QEMU's virt machine. Its time
// is HostServices::epoch_ns() plus the simulated time, plus whatever offset
// software set by writing the time, so a run repeats exactly. The alarm is a
// timed sc_event pending only while the alarm is armed: an idle RTC gives
// the kernel nothing to do. Register map: registers.h.

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "goldfish-rtc/registers.h"
#include "loom/tlm_devices/model.h"
#include "loom/tlm_devices/type_names.h"

namespace loom::tlm_devices::goldfish_rtc {

constexpr const char* type_name = type_names::kGoldfishRtc;

class GoldfishRtc : public sc_core::sc_module, public Model {
 public:
  SC_HAS_PROCESS(GoldfishRtc);
  GoldfishRtc(sc_core::sc_module_name name, uint64_t size, HostServices& services);

  sc_core::sc_module& module() override { return *this; }
  tlm::tlm_target_socket<>& mmio() override { return mmio_socket_; }
  std::vector<sc_core::sc_signal<bool>*> interrupts() override { return {&irq_}; }
  // The alarm disarmed (its event cancelled), IRQ_ENABLED and the pending
  // flag cleared (the output falls a delta cycle later), the TIME_HIGH latch
  // and held write forgotten, and the time set by software dropped: the
  // clock reads epoch_ns() + simulated time again, as after elaboration.
  void reset() override;
  // Snapshots (goldfish_rtc_state.cpp): every register, the time software
  // set, and the alarm's deadline, re-armed on restore.
  void save(state::StateWriter& out) const override;
  void restore(state::StateReader& in) override;

 private:
  // `when` is the access's own time: sc_time_stamp() plus the delay the
  // initiator annotated.
  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  tlm::tlm_response_status access(tlm::tlm_generic_payload& trans, const sc_core::sc_time& when);
  uint32_t read_register(uint64_t offset, const sc_core::sc_time& when);
  void write_register(uint64_t offset, uint32_t value, const sc_core::sc_time& when);

  uint64_t time_at(const sc_core::sc_time& when) const;  // RTC nanoseconds
  void set_time(uint64_t time_ns, const sc_core::sc_time& when);

  void arm_alarm(const sc_core::sc_time& when);
  void disarm_alarm();
  void catch_up_alarm(const sc_core::sc_time& when);
  void fire_alarm();
  void on_alarm_event();

  // Only drive_interrupt() writes the output (sc_signal's single writer).
  void update_interrupt();
  void drive_interrupt();

  tlm_utils::simple_target_socket<GoldfishRtc> mmio_socket_;
  sc_core::sc_signal<bool> irq_;
  const uint64_t size_;
  HostServices& services_;

  // Device state: reset() puts back every initial value below.
  uint64_t offset_ns_ = 0;                  // RTC time minus (epoch + simulated time), modulo 2^64
  uint32_t time_high_latch_ = 0;            // bits 63:32 at the last TIME_LOW read
  std::optional<uint32_t> time_high_write_; // TIME_HIGH written since the last TIME_LOW write

  uint64_t alarm_ns_ = 0;       // ALARM_HIGH:ALARM_LOW
  bool alarm_armed_ = false;    // ALARM_STATUS
  bool irq_enabled_ = false;    // IRQ_ENABLED
  bool irq_pending_ = false;    // a fired alarm not yet acknowledged
  // The deadline is kept beside the event so that an access at or past it
  // sees the alarm fired whether or not the kernel has run the event yet.
  bool alarm_scheduled_ = false;  // false for an alarm beyond SystemC's time range
  sc_core::sc_time alarm_deadline_;
  sc_core::sc_event alarm_event_;
  sc_core::sc_event irq_changed_;
};

// Takes no parameters; `size` must be at least min_size.
std::unique_ptr<Model> make_goldfish_rtc(const std::string& name, uint64_t size, const ModelParams& params,
                                         HostServices* services);

}  // namespace loom::tlm_devices::goldfish_rtc
