#pragma once
// ns16550a: the 16550A UART of QEMU's virt machine, as OpenSBI's uart8250
// driver and Linux's 8250 driver use it. Transmission is instantaneous: each
// THR write goes straight to HostServices::console_output. Bytes typed on
// the terminal arrive through console_input into a 16-byte RX FIFO.
// Register map: registers.h.
//
// Nothing runs while the UART is idle: the only timed event is the
// character timeout, armed while received bytes wait in the FIFO.

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "loom/tlm_devices/model.h"
#include "uart16550/registers.h"
#include "loom/tlm_devices/type_names.h"

namespace loom::tlm_devices::uart16550 {

constexpr const char* type_name = type_names::kUart16550;

// Platform parameters (ModelParams), unsigned integers, decimal or 0x hex.
namespace param {
// Input clock of the baud-rate generator, as the device tree's
// clock-frequency says (3.6864 MHz on virt). Only the character timeout
// depends on it.
constexpr char clock_hz[] = "clock_hz";
constexpr uint64_t default_clock_hz = 3'686'400;
}  // namespace param

struct Config {
  uint64_t size = 0;  // aperture in bytes, at least register_bytes
  uint64_t clock_hz = param::default_clock_hz;
};

// Builds a Config from the platform's parameters; throws ModelError.
Config parse_config(const std::string& name, uint64_t size, const ModelParams& params);

class Uart16550 : public sc_core::sc_module, public Model {
 public:
  SC_HAS_PROCESS(Uart16550);
  Uart16550(sc_core::sc_module_name name, const Config& config, HostServices& services);

  sc_core::sc_module& module() override { return *this; }
  tlm::tlm_target_socket<>& mmio() override { return mmio_socket_; }
  std::vector<sc_core::sc_signal<bool>*> interrupts() override { return {&irq_}; }
  bool is_console() const override { return true; }
  void console_input(const std::string& bytes) override;
  RegisterMirror register_mirror() const override;
  size_t console_input_room() const override {
    if (mcr_ & mcr_loopback) return fifo_depth;  // dropped anyway
    return (fifo_enabled() ? fifo_depth : 1) - rx_count_;
  }
  // Every register to its reset value, the FIFO emptied, the character
  // timeout disarmed; the output falls a delta cycle later.
  void reset() override;
  // Snapshots (uart16550_state.cpp): every register, the receive FIFO and
  // the character timeout's deadline, re-armed on restore.
  void save(state::StateWriter& out) const override;
  void restore(state::StateReader& in) override;

 private:
  // MMIO decoding (uart16550.cpp). `when` is the access's own time:
  // sc_time_stamp() plus the delay the initiator annotated.
  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  tlm::tlm_response_status access(tlm::tlm_generic_payload& trans, const sc_core::sc_time& when);
  uint8_t read_register(uint64_t offset, const sc_core::sc_time& when);
  void write_register(uint64_t offset, uint8_t value, const sc_core::sc_time& when);
  uint8_t read_iir();
  uint8_t read_lsr();
  uint8_t read_msr();
  void write_ier(uint8_t value);
  void write_mcr(uint8_t value);
  void transmit(uint8_t byte, const sc_core::sc_time& when);
  uint8_t modem_lines() const;  // MSR bits 7:4 for the current MCR

  // Receiver (uart16550_rx.cpp).
  void receive(uint8_t byte, const sc_core::sc_time& when);
  uint8_t read_rbr(const sc_core::sc_time& when);
  void write_fcr(uint8_t value);
  void clear_rx_fifo();
  bool fifo_enabled() const { return (fcr_ & fcr_fifo_enable) != 0; }
  unsigned rx_trigger_level() const;
  void arm_timeout(const sc_core::sc_time& when);
  void catch_up_timeout(const sc_core::sc_time& when);
  void on_timeout();
  sc_core::sc_time timeout_length() const;

  // Interrupts. Only drive_interrupt() writes the output, so that it keeps
  // the single writer sc_signal requires whichever process (the bridge's,
  // the timeout's, the server's console input) changed the state.
  uint8_t pending_interrupt() const;  // IIR bits 3:0
  void update_interrupt();
  void drive_interrupt();

  tlm_utils::simple_target_socket<Uart16550> mmio_socket_;
  sc_core::sc_signal<bool> irq_;
  const Config config_;
  HostServices& services_;

  // Device state: reset() puts back every initial value below.
  uint8_t ier_ = 0;
  uint8_t fcr_ = 0;  // FIFO enable and trigger bits as last accepted
  uint8_t lcr_ = 0;
  uint8_t mcr_ = 0;
  uint8_t overrun_ = 0;     // lsr_overrun or 0
  uint8_t msr_deltas_ = 0;  // MSR bits 3:0
  uint8_t scr_ = 0;
  uint16_t divisor_ = 0;
  bool thr_empty_pending_ = false;  // the THRE interrupt condition, as IIR sees it

  // RX FIFO as a ring; in non-FIFO (16450) mode it holds at most one byte.
  std::array<uint8_t, fifo_depth> rx_fifo_{};
  unsigned rx_head_ = 0;
  unsigned rx_count_ = 0;

  // Character timeout. The deadline is kept beside the event so that an
  // access at or past it sees the timeout whether or not the kernel has run
  // the event yet.
  bool timeout_armed_ = false;
  bool timeout_pending_ = false;
  sc_core::sc_time timeout_deadline_;
  sc_core::sc_event timeout_event_;

  sc_core::sc_event irq_changed_;
};

std::unique_ptr<Model> make_uart16550(const std::string& name, uint64_t size, const ModelParams& params,
                                      HostServices* services);

}  // namespace loom::tlm_devices::uart16550
