#include "uart16550/uart16550.h"
#include "common/payload.h"

#include <limits>
#include <sstream>

#include "common/params.h"

namespace loom::tlm_devices::uart16550 {
namespace {

using sc_core::sc_time;
using tlm::tlm_generic_payload;
using tlm::tlm_response_status;

std::string device_label(const std::string& name) { return std::string(type_name) + " '" + name + "'"; }

}  // namespace

Config parse_config(const std::string& name, uint64_t size, const ModelParams& params) {
  ParamReader reader(device_label(name), params);
  Config config;
  config.size = size;
  // The device tree's clock-frequency is one 32-bit cell.
  config.clock_hz = reader.get_uint(param::clock_hz, param::default_clock_hz, std::numeric_limits<uint32_t>::max());
  reader.reject_unknown();
  if (config.clock_hz == 0) reader.fail("parameter 'clock_hz' must not be 0");
  if (size < register_bytes) {
    reader.fail("size " + hex(size) + " is smaller than the register map (" + hex(register_bytes) + ")");
  }
  return config;
}

std::unique_ptr<Model> make_uart16550(const std::string& name, uint64_t size, const ModelParams& params,
                                      HostServices* services) {
  const Config config = parse_config(name, size, params);
  if (services == nullptr) throw ModelError(device_label(name) + ": needs host services (console output)");
  return std::make_unique<Uart16550>(name.c_str(), config, *services);
}

Uart16550::Uart16550(sc_core::sc_module_name name, const Config& config, HostServices& services)
    : sc_module(name), mmio_socket_("mmio"), irq_("irq"), config_(config), services_(services) {
  // No transport_dbg: every register has side effects or none worth a
  // debugger's bypass, so debug accesses transfer nothing.
  mmio_socket_.register_b_transport(this, &Uart16550::b_transport);

  SC_METHOD(drive_interrupt);
  sensitive << irq_changed_;
  dont_initialize();

  SC_METHOD(on_timeout);
  sensitive << timeout_event_;
  dont_initialize();
}

void Uart16550::reset() {
  ier_ = 0;
  fcr_ = 0;
  lcr_ = 0;
  mcr_ = 0;
  overrun_ = 0;
  msr_deltas_ = 0;
  scr_ = 0;
  divisor_ = 0;
  thr_empty_pending_ = false;
  clear_rx_fifo();  // also disarms the character timeout and cancels its event
  rx_fifo_.fill(0);
  timeout_deadline_ = sc_core::SC_ZERO_TIME;
  update_interrupt();
}

void Uart16550::console_input(const std::string& bytes) {
  const sc_time now = sc_core::sc_time_stamp();
  catch_up_timeout(now);
  // In loopback the serial input is disconnected from the terminal, as the
  // 16550 disconnects its SIN pin: typed bytes are lost.
  if (mcr_ & mcr_loopback) return;
  for (const char byte : bytes) receive(static_cast<uint8_t>(byte), now);
}

void Uart16550::b_transport(tlm_generic_payload& trans, sc_time& delay) {
  const sc_time when = sc_core::sc_time_stamp() + delay;
  trans.set_dmi_allowed(false);
  trans.set_response_status(access(trans, when));
}

tlm_response_status Uart16550::access(tlm_generic_payload& trans, const sc_time& when) {
  // reg-shift 0, reg-io-width 1: every register is one byte wide.
  const unsigned length = trans.get_data_length();
  const unsigned streaming_width = trans.get_streaming_width();
  if (length != 1 || (streaming_width != 0 && streaming_width < length)) return tlm::TLM_BURST_ERROR_RESPONSE;
  // Beyond the eight registers the aperture is unmapped, as on QEMU's virt,
  // where such an access faults.
  const uint64_t offset = trans.get_address();
  if (offset >= register_bytes) return tlm::TLM_ADDRESS_ERROR_RESPONSE;
  const unsigned char* enables = trans.get_byte_enable_ptr();
  if (enables != nullptr && trans.get_byte_enable_length() != 0 && enables[0] == TLM_BYTE_DISABLED) {
    return tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE;
  }

  catch_up_timeout(when);
  unsigned char* data = trans.get_data_ptr();
  if (trans.is_read()) data[0] = read_register(offset, when);
  if (trans.is_write()) write_register(offset, data[0], when);
  return tlm::TLM_OK_RESPONSE;  // TLM_IGNORE_COMMAND: nothing to do
}

uint8_t Uart16550::read_register(uint64_t offset, const sc_time& when) {
  const bool dlab = (lcr_ & lcr_dlab) != 0;
  switch (offset) {
    case regs::rbr: return dlab ? static_cast<uint8_t>(divisor_) : read_rbr(when);
    case regs::ier: return dlab ? static_cast<uint8_t>(divisor_ >> 8) : ier_;
    case regs::iir: return read_iir();
    case regs::lcr: return lcr_;
    case regs::mcr: return mcr_;
    case regs::lsr: return read_lsr();
    case regs::msr: return read_msr();
    case regs::scr: return scr_;
    default: return 0;  // unreachable: access() checked the offset
  }
}

void Uart16550::write_register(uint64_t offset, uint8_t value, const sc_time& when) {
  const bool dlab = (lcr_ & lcr_dlab) != 0;
  switch (offset) {
    case regs::thr:
      if (dlab) {
        divisor_ = static_cast<uint16_t>((divisor_ & 0xff00) | value);
      } else {
        transmit(value, when);
      }
      break;
    case regs::ier:
      if (dlab) {
        divisor_ = static_cast<uint16_t>((divisor_ & 0x00ff) | (value << 8));
      } else {
        write_ier(value);
      }
      break;
    case regs::fcr: write_fcr(value); break;
    case regs::lcr: lcr_ = value; break;
    case regs::mcr: write_mcr(value); break;
    case regs::scr: scr_ = value; break;
    default: break;  // LSR and MSR: writes ignored (a factory test mode on real parts)
  }
}

uint8_t Uart16550::read_iir() {
  const uint8_t id = pending_interrupt();
  // Reading IIR acknowledges a THRE interrupt, but only when IIR reports
  // it: a higher-priority source hides it and leaves it pending.
  if (id == iir_thr_empty) {
    thr_empty_pending_ = false;
    update_interrupt();
  }
  return static_cast<uint8_t>(id | (fifo_enabled() ? iir_fifos_enabled : 0));
}

uint8_t Uart16550::read_lsr() {
  const uint8_t value =
      static_cast<uint8_t>((rx_count_ > 0 ? lsr_data_ready : 0) | overrun_ | lsr_thr_empty | lsr_transmitter_empty);
  if (overrun_ != 0) {
    overrun_ = 0;
    update_interrupt();
  }
  return value;
}

uint8_t Uart16550::read_msr() {
  const uint8_t value = modem_lines() | msr_deltas_;
  if (msr_deltas_ != 0) {
    msr_deltas_ = 0;
    update_interrupt();
  }
  return value;
}

void Uart16550::write_ier(uint8_t value) {
  const uint8_t old = ier_;
  ier_ = value & ier_mask;
  // Enabling ETBEI while THR is empty (it always is) makes the THRE
  // interrupt pending even if reading IIR had acknowledged it before:
  // Linux's THRE test at port startup toggles IER to check exactly this.
  // Disabling it forgets the condition.
  if ((old ^ ier_) & ier_thr_empty) thr_empty_pending_ = (ier_ & ier_thr_empty) != 0;
  update_interrupt();
}

void Uart16550::write_mcr(uint8_t value) {
  const uint8_t old_lines = modem_lines();
  mcr_ = value & mcr_mask;
  const uint8_t new_lines = modem_lines();
  const uint8_t changed = old_lines ^ new_lines;
  if (changed & msr_cts) msr_deltas_ |= msr_delta_cts;
  if (changed & msr_dsr) msr_deltas_ |= msr_delta_dsr;
  if (changed & msr_dcd) msr_deltas_ |= msr_delta_dcd;
  if ((old_lines & msr_ri) && !(new_lines & msr_ri)) msr_deltas_ |= msr_trailing_edge_ri;
  update_interrupt();
}

uint8_t Uart16550::modem_lines() const {
  if (!(mcr_ & mcr_loopback)) return msr_lines_connected;
  // Loopback wires the modem outputs back to the inputs.
  uint8_t lines = 0;
  if (mcr_ & mcr_rts) lines |= msr_cts;
  if (mcr_ & mcr_dtr) lines |= msr_dsr;
  if (mcr_ & mcr_out1) lines |= msr_ri;
  if (mcr_ & mcr_out2) lines |= msr_dcd;
  return lines;
}

void Uart16550::transmit(uint8_t byte, const sc_time& when) {
  if (mcr_ & mcr_loopback) {
    receive(byte, when);
  } else {
    services_.console_output(basename(), std::string(1, static_cast<char>(byte)));
  }
  // Writing THR acknowledges the THRE interrupt, but the byte leaves at
  // once, THR is empty again, and the interrupt is pending again at the
  // same time: a driver keeps feeding until it disables ETBEI.
  thr_empty_pending_ = true;
  update_interrupt();
}

uint8_t Uart16550::pending_interrupt() const {
  if ((ier_ & ier_line_status) && overrun_ != 0) return iir_line_status;
  if (ier_ & ier_rx_data) {
    if (timeout_pending_) return iir_rx_timeout;
    if (rx_count_ > 0 && (!fifo_enabled() || rx_count_ >= rx_trigger_level())) return iir_rx_data;
  }
  if ((ier_ & ier_thr_empty) && thr_empty_pending_) return iir_thr_empty;
  if ((ier_ & ier_modem_status) && msr_deltas_ != 0) return iir_modem_status;
  return iir_no_interrupt;
}

void Uart16550::update_interrupt() { irq_changed_.notify(sc_core::SC_ZERO_TIME); }

void Uart16550::drive_interrupt() { irq_.write(pending_interrupt() != iir_no_interrupt); }

}  // namespace loom::tlm_devices::uart16550
