// The UART's register mirror (Model::register_mirror): what a driver polls
// while it prints (LSR before every byte, IER around every console write)
// can be answered in the CPU process, and THR writes posted, because
// transmission is instantaneous and changes none of those registers.
#include "uart16550/uart16550.h"

namespace loom::tlm_devices::uart16550 {

RegisterMirror Uart16550::register_mirror() const {
  RegisterMirror m;
  auto reg = [&m](uint64_t offset, uint8_t value) { m.registers.push_back({offset, 1, value}); };
  // Writing the value a register already holds changes nothing.
  auto same_value = [&m](uint64_t offset, uint8_t value) { m.quiet_writes.push_back({offset, 1, false, value}); };

  const bool dlab = (lcr_ & lcr_dlab) != 0;
  if (dlab) {
    reg(regs::dll, static_cast<uint8_t>(divisor_));
    reg(regs::dlm, static_cast<uint8_t>(divisor_ >> 8));
  } else {
    reg(regs::ier, ier_);  // RBR (offset 0) pops the FIFO: never mirrored
    same_value(regs::ier, ier_);
    // A THR write sends the byte and leaves THR empty again, so LSR, IIR and
    // the interrupt output stay as they are, unless the THRE interrupt is
    // enabled and acknowledged (the write would make it pending again) or
    // loopback feeds the byte to the receiver.
    const bool thre_unchanged = !(ier_ & ier_thr_empty) || thr_empty_pending_;
    if (thre_unchanged && !(mcr_ & mcr_loopback)) m.quiet_writes.push_back({regs::thr, 1, true, 0});
  }
  // Reading IIR acknowledges a THRE interrupt it reports: mirrored otherwise.
  const uint8_t id = pending_interrupt();
  if (id != iir_thr_empty) reg(regs::iir, static_cast<uint8_t>(id | (fifo_enabled() ? iir_fifos_enabled : 0)));
  reg(regs::lcr, lcr_);
  same_value(regs::lcr, lcr_);
  reg(regs::mcr, mcr_);
  same_value(regs::mcr, mcr_);
  // Reading LSR clears an overrun, reading MSR its deltas.
  if (overrun_ == 0) {
    reg(regs::lsr, static_cast<uint8_t>((rx_count_ > 0 ? lsr_data_ready : 0) | lsr_thr_empty | lsr_transmitter_empty));
  }
  if (msr_deltas_ == 0) reg(regs::msr, modem_lines());
  reg(regs::scr, scr_);
  same_value(regs::scr, scr_);
  return m;
}

}  // namespace loom::tlm_devices::uart16550
