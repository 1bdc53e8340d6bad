// pcie::Endpoint: the legacy interrupt. The function sets a level; the
// configuration space decides whether the pin shows it. One SC_METHOD writes
// the output signal, whichever process (or configuration write) changed
// its inputs.
#include "loom/tlm_devices/pcie_endpoint.h"

#include "pcie/config_space.h"
#include "pcie/registers.h"

namespace loom::tlm_devices::pcie {

// STATUS.InterruptStatus follows the level at once, whatever COMMAND says:
// it is how a driver sharing the line finds its interrupt.
void Endpoint::set_intx(bool level) {
  if (level == intx_level_) return;
  intx_level_ = level;
  uint16_t status = config_->u16(reg::status) & ~reg::status_bits::interrupt_status;
  if (level) status |= reg::status_bits::interrupt_status;
  config_->set_u16(reg::status, status);
  intx_changed_.notify(sc_core::SC_ZERO_TIME);
}

// The pin: the level, unless software disabled INTx or enabled MSI or MSI-X
// (a function using messages must not assert INTx).
void Endpoint::drive_intx() {
  const bool disabled = config_->u16(reg::command) & reg::command_bits::interrupt_disable;
  intx_.write(spec_.interrupt_pin != 0 && intx_level_ && !disabled && !msi_enabled() && !msix_enabled());
}

}  // namespace loom::tlm_devices::pcie
