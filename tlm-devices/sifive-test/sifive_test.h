#pragma once
// sifive,test1: the power-off/reset register of QEMU's virt machine. A write
// of a command to FINISHER becomes a HostServices::power_request; the
// device has no other state and no events. Register map: registers.h.

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include <cstdint>
#include <memory>
#include <string>

#include "loom/tlm_devices/model.h"
#include "sifive-test/registers.h"
#include "loom/tlm_devices/type_names.h"

namespace loom::tlm_devices::sifive_test {

constexpr const char* type_name = type_names::kSifiveTest;

class SifiveTest : public sc_core::sc_module, public Model {
 public:
  SifiveTest(sc_core::sc_module_name name, uint64_t size, HostServices& services);

  sc_core::sc_module& module() override { return *this; }
  tlm::tlm_target_socket<>& mmio() override { return mmio_socket_; }
  // Nothing to do: the device keeps no state and schedules nothing (a
  // request already made is the CPU process's business).
  void reset() override {}
  // Snapshots: an empty section, so that a snapshot says the device was
  // there (a request already made is in the server's session state).
  void save(state::StateWriter& out) const override {
    out.begin("sifive,test1", 1);
    out.end();
  }
  void restore(state::StateReader& in) override {
    in.begin("sifive,test1", 1);
    in.end();
  }

 private:
  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  tlm::tlm_response_status access(tlm::tlm_generic_payload& trans);
  void write_finisher(uint32_t value);

  tlm_utils::simple_target_socket<SifiveTest> mmio_socket_;
  const uint64_t size_;
  HostServices& services_;
};

// Takes no parameters; `size` must be at least min_size.
std::unique_ptr<Model> make_sifive_test(const std::string& name, uint64_t size, const ModelParams& params,
                                        HostServices* services);

}  // namespace loom::tlm_devices::sifive_test
