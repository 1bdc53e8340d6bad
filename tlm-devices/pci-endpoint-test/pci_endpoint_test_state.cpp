// PciEndpointTest's snapshot: the framework's part, then the function's.
#include "common/sc_time_util.h"
#include "pci-endpoint-test/pci_endpoint_test.h"

namespace loom::tlm_devices::pci_endpoint_test {

void PciEndpointTest::save(state::StateWriter& out) const {
  save_endpoint(out);
  out.begin(type_name, 1);
  out.bytes(registers_.data(), registers_.size());
  for (const std::vector<uint8_t>* m : {&bar1_, &bar2_, &bar4_}) {
    out.u64(m->size());
    out.bytes(m->data(), m->size());
  }
  out.boolean(legacy_raised_);
  out.u32(seed_);
  out.boolean(intx_pulse_pending_);
  out.u64(intx_pulse_deadline_.value());
  out.boolean(in_flight_.has_value());
  if (in_flight_) {
    out.u32(in_flight_->irq_type);
    out.u32(in_flight_->result);
    out.u64(in_flight_->end.value());
  }
  out.end();
}

void PciEndpointTest::restore(state::StateReader& in) {
  restore_endpoint(in);
  in.begin(type_name, 1);
  in.bytes(registers_.data(), registers_.size());
  for (std::vector<uint8_t>* m : {&bar1_, &bar2_, &bar4_}) {
    if (in.u64() != m->size()) in.fail("BAR memories of another size");
    in.bytes(m->data(), m->size());
  }
  legacy_raised_ = in.boolean();
  seed_ = in.u32();
  intx_pulse_pending_ = in.boolean();
  intx_pulse_deadline_ = sc_core::sc_time::from_value(in.u64());
  resume_.reset();
  if (in.boolean()) {
    InFlight command;
    command.irq_type = in.u32();
    command.result = in.u32();
    command.end = sc_core::sc_time::from_value(in.u64());
    resume_ = command;
  }
  in.end();
  intx_pulse_end_.cancel();
  if (intx_pulse_pending_) {
    notify_at(intx_pulse_end_, intx_pulse_deadline_);
  }
  if (resume_) command_written_.notify(sc_core::SC_ZERO_TIME);
  set_intx(legacy_raised_ && (reg(regs::status) & status_bits::irq_raised));
}

}  // namespace loom::tlm_devices::pci_endpoint_test
