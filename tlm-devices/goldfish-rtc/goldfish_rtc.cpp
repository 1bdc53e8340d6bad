#include "goldfish-rtc/goldfish_rtc.h"
#include "common/payload.h"

#include <sstream>

#include "common/params.h"
#include "common/sc_time_util.h"

namespace loom::tlm_devices::goldfish_rtc {
namespace {

using sc_core::sc_time;
using tlm::tlm_generic_payload;
using tlm::tlm_response_status;

constexpr uint64_t low_half = 0xffff'ffffull;

// Whole nanoseconds of simulated time at `time`, rounded down.
uint64_t simulated_ns(const sc_time& time) { return time.value() / sc_time(1, sc_core::SC_NS).value(); }

}  // namespace

std::unique_ptr<Model> make_goldfish_rtc(const std::string& name, uint64_t size, const ModelParams& params,
                                         HostServices* services) {
  const std::string device = std::string(type_name) + " '" + name + "'";
  ParamReader reader(device, params);
  reader.reject_unknown();
  if (size < min_size) reader.fail("size " + hex(size) + " is smaller than the register map (" + hex(min_size) + ")");
  if (services == nullptr) throw ModelError(device + ": needs host services (the epoch)");
  return std::make_unique<GoldfishRtc>(name.c_str(), size, *services);
}

GoldfishRtc::GoldfishRtc(sc_core::sc_module_name name, uint64_t size, HostServices& services)
    : sc_module(name), mmio_socket_("mmio"), irq_("irq"), size_(size), services_(services) {
  mmio_socket_.register_b_transport(this, &GoldfishRtc::b_transport);

  SC_METHOD(drive_interrupt);
  sensitive << irq_changed_;
  dont_initialize();

  SC_METHOD(on_alarm_event);
  sensitive << alarm_event_;
  dont_initialize();
}

void GoldfishRtc::reset() {
  // offset_ns_ stays: the time software set survives, as a battery-backed
  // clock's does (and QEMU's goldfish RTC across a reset).
  time_high_latch_ = 0;
  time_high_write_.reset();
  alarm_ns_ = 0;
  disarm_alarm();  // cancels the alarm event
  alarm_deadline_ = sc_core::SC_ZERO_TIME;
  irq_enabled_ = false;
  irq_pending_ = false;
  update_interrupt();
}

void GoldfishRtc::b_transport(tlm_generic_payload& trans, sc_time& delay) {
  const sc_time when = sc_core::sc_time_stamp() + delay;
  trans.set_dmi_allowed(false);
  trans.set_response_status(access(trans, when));
}

tlm_response_status GoldfishRtc::access(tlm_generic_payload& trans, const sc_time& when) {
  const unsigned length = trans.get_data_length();
  const unsigned streaming_width = trans.get_streaming_width();
  if (length != access_bytes || (streaming_width != 0 && streaming_width < length)) {
    return tlm::TLM_BURST_ERROR_RESPONSE;
  }
  const uint64_t offset = trans.get_address();
  if (offset >= size_ || length > size_ - offset || offset % access_bytes != 0) return tlm::TLM_ADDRESS_ERROR_RESPONSE;
  if (!all_bytes_enabled(trans)) return tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE;

  catch_up_alarm(when);
  unsigned char* data = trans.get_data_ptr();
  if (trans.is_read()) {
    const uint32_t value = read_register(offset, when);
    for (unsigned i = 0; i < length; ++i) data[i] = static_cast<unsigned char>(value >> (8 * i));
  } else if (trans.is_write()) {
    uint32_t value = 0;
    for (unsigned i = 0; i < length; ++i) value |= uint32_t{data[i]} << (8 * i);
    write_register(offset, value, when);
  }
  return tlm::TLM_OK_RESPONSE;
}

uint32_t GoldfishRtc::read_register(uint64_t offset, const sc_time& when) {
  switch (offset) {
    case regs::time_low: {
      // Latching the high half makes LOW-then-HIGH a consistent 64-bit read.
      const uint64_t now = time_at(when);
      time_high_latch_ = static_cast<uint32_t>(now >> 32);
      return static_cast<uint32_t>(now);
    }
    case regs::time_high: return time_high_latch_;
    case regs::alarm_low: return static_cast<uint32_t>(alarm_ns_);
    case regs::alarm_high: return static_cast<uint32_t>(alarm_ns_ >> 32);
    case regs::irq_enabled: return irq_enabled_ ? irq_enabled_bit : 0;
    case regs::alarm_status: return alarm_armed_ ? 1 : 0;
    default: return 0;  // write-only registers and the rest of the aperture, as on QEMU
  }
}

void GoldfishRtc::write_register(uint64_t offset, uint32_t value, const sc_time& when) {
  switch (offset) {
    case regs::time_low: {
      // Linux writes HIGH then LOW; the pair takes effect at once, so the
      // time never passes through a mix of old and new halves. A LOW write
      // alone keeps the current high half.
      const uint64_t high = time_high_write_ ? *time_high_write_ : time_at(when) >> 32;
      time_high_write_.reset();
      set_time((high << 32) | value, when);
      break;
    }
    case regs::time_high: time_high_write_ = value; break;
    case regs::alarm_low:
      alarm_ns_ = (alarm_ns_ & ~low_half) | value;
      arm_alarm(when);
      break;
    case regs::alarm_high: alarm_ns_ = (uint64_t{value} << 32) | (alarm_ns_ & low_half); break;
    case regs::irq_enabled:
      irq_enabled_ = (value & irq_enabled_bit) != 0;
      update_interrupt();
      break;
    case regs::clear_alarm: disarm_alarm(); break;
    case regs::clear_interrupt:
      irq_pending_ = false;
      update_interrupt();
      break;
    default: break;  // ALARM_STATUS and the rest of the aperture: ignored, as on QEMU
  }
}

uint64_t GoldfishRtc::time_at(const sc_time& when) const {
  return services_.epoch_ns() + simulated_ns(when) + offset_ns_;  // modulo 2^64, like the offset
}

void GoldfishRtc::set_time(uint64_t time_ns, const sc_time& when) {
  offset_ns_ = time_ns - services_.epoch_ns() - simulated_ns(when);
  // The alarm is a point in RTC time: moving the clock moves its deadline.
  if (alarm_armed_) arm_alarm(when);
}

void GoldfishRtc::arm_alarm(const sc_time& when) {
  disarm_alarm();
  alarm_armed_ = true;
  const uint64_t now = time_at(when);
  if (alarm_ns_ <= now) {
    fire_alarm();  // an alarm in the past fires at once
    return;
  }
  // The RTC reads alarm_ns_ from the first whole nanosecond of simulated
  // time at which it reaches it; an alarm beyond SystemC's time range stays
  // armed and never fires.
  const uint64_t wait_ns = alarm_ns_ - now;
  const uint64_t start_ns = simulated_ns(when);
  if (wait_ns > max_time_ns() - start_ns) return;
  alarm_deadline_ = time_from_ns(start_ns + wait_ns);
  alarm_scheduled_ = true;
  alarm_event_.notify(alarm_deadline_ - sc_core::sc_time_stamp());
}

void GoldfishRtc::disarm_alarm() {
  alarm_armed_ = false;
  alarm_scheduled_ = false;
  alarm_event_.cancel();
}

void GoldfishRtc::catch_up_alarm(const sc_time& when) {
  if (alarm_scheduled_ && when >= alarm_deadline_) fire_alarm();
}

void GoldfishRtc::fire_alarm() {
  disarm_alarm();
  irq_pending_ = true;
  update_interrupt();
}

void GoldfishRtc::on_alarm_event() { catch_up_alarm(sc_core::sc_time_stamp()); }

void GoldfishRtc::update_interrupt() { irq_changed_.notify(sc_core::SC_ZERO_TIME); }

void GoldfishRtc::drive_interrupt() { irq_.write(irq_pending_ && irq_enabled_); }

}  // namespace loom::tlm_devices::goldfish_rtc
