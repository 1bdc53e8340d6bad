#pragma once
// A SystemC testbench around one model: an initiator driving its mmio()
// socket, a RAM target bound to its dma() socket, and a probe recording
// every edge of its interrupt outputs.
//
// SystemC elaborates once per process, so each TEST builds one Testbench
// and ctest runs each TEST in its own process (gtest_discover_tests).
// Tests derive from TlmTest, which skips, with a message, any test after
// the first in one process instead of failing obscurely.

#include <gtest/gtest.h>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "loom/tlm_devices/model.h"

namespace loom::tlm_devices::testing {

using namespace sc_core;

inline sc_time ns(uint64_t count) { return sc_time(static_cast<double>(count), SC_NS); }

class TlmTest : public ::testing::Test {
 protected:
  void SetUp() override;
};

// CPU RAM as the device's dma() socket sees it: `size` bytes at `base`;
// anything else gets TLM_ADDRESS_ERROR_RESPONSE.
class Memory : public sc_module {
 public:
  struct Access {
    sc_time time;  // sc_time_stamp() + incoming delay
    tlm::tlm_command command;
    uint64_t address;
    unsigned length;
  };

  Memory(sc_module_name name, uint64_t base, uint64_t size);

  uint8_t* at(uint64_t address) { return &bytes[address - base]; }
  void fill_pattern(uint64_t address, uint64_t length, uint8_t seed);

  tlm_utils::simple_target_socket<Memory> socket;
  const uint64_t base;
  std::vector<uint8_t> bytes;
  sc_time access_delay = SC_ZERO_TIME;  // annotated on each access
  std::vector<Access> log;

 private:
  void b_transport(tlm::tlm_generic_payload& trans, sc_time& delay);
};

// Records each change of a boolean signal.
class SignalProbe : public sc_module {
 public:
  struct Edge {
    sc_time time;
    bool level;
  };
  SC_HAS_PROCESS(SignalProbe);
  SignalProbe(sc_module_name name, const sc_signal<bool>& signal);
  std::vector<Edge> edges;

 private:
  void on_change();
  const sc_signal<bool>& signal_;
};

struct MmioResult {
  tlm::tlm_response_status status = tlm::TLM_INCOMPLETE_RESPONSE;
  uint64_t value = 0;  // read data, little-endian
  std::vector<uint8_t> data;
  sc_time delay;       // as returned: incoming delay plus the model's annotation
  bool dmi_allowed = true;
};

// HostServices for models that need them: records console output and
// power requests (with the simulated time of each), and gives a fixed epoch.
class FakeHostServices : public HostServices {
 public:
  struct PowerRequest {
    std::string device;
    PowerAction action;
    uint32_t code;
    sc_time time;
  };
  static constexpr uint64_t default_epoch_ns = 1'700'000'000'000'000'000ull;  // 2023-11-14T22:13:20Z

  void console_output(const std::string& device, const std::string& bytes) override;
  void power_request(const std::string& device, PowerAction action, uint32_t code) override;
  uint64_t epoch_ns() const override { return epoch; }

  std::string console;  // every byte of every device, in order
  std::vector<std::string> console_devices;  // the device of each console_output call
  std::vector<PowerRequest> power_requests;
  uint64_t epoch = default_epoch_ns;
};

class Testbench : public sc_module {
 public:
  static constexpr uint64_t ram_base = 0x8000'0000;
  static constexpr uint64_t ram_size = 0x10000;

  SC_HAS_PROCESS(Testbench);
  explicit Testbench(const ModelParams& params = {}, uint64_t size = 0x1000,
                     const std::string& type = "loom,test-device");
  // A model of `type` that uses `services` (which must outlive the testbench).
  Testbench(const std::string& type, uint64_t size, HostServices& services, const ModelParams& params = {});
  // A model built by the test itself (a PCIe function with its own spec).
  explicit Testbench(std::unique_ptr<Model> model);
  // A testbench named `name`, so that two can live in one elaboration (a
  // snapshot of one restored into the other's model).
  Testbench(sc_module_name name, const std::string& type, uint64_t size, HostServices* services,
            const ModelParams& params = {});

  // Runs `body` in an SC_THREAD from time 0 and stops the simulation when it
  // returns; fails the test if it never returns.
  void run(std::function<void()> body);
  // Runs `body` in an SC_THREAD from time 0 but leaves the simulation running
  // when it returns; the test drives sc_start itself.
  void start(std::function<void()> body);
  // Runs `body` once, at time 0, in an SC_METHOD, where wait() is an error.
  void run_in_method(std::function<void()> body);

  // One MMIO access. `value` supplies write data little-endian;
  // `byte_enables` empty means none.
  MmioResult access(tlm::tlm_command command, uint64_t offset, unsigned length, uint64_t value = 0,
                    const std::vector<uint8_t>& byte_enables = {}, sc_time delay = SC_ZERO_TIME);
  MmioResult read(uint64_t offset, unsigned length, const std::vector<uint8_t>& byte_enables = {});
  MmioResult write(uint64_t offset, unsigned length, uint64_t value, const std::vector<uint8_t>& byte_enables = {});
  // 8-byte accesses that must succeed.
  uint64_t read64(uint64_t offset);
  void write64(uint64_t offset, uint64_t value);

  sc_signal<bool>& irq(unsigned n) { return *device->interrupts().at(n); }
  const std::vector<SignalProbe::Edge>& irq_edges(unsigned n) const { return probes_.at(n)->edges; }

  std::unique_ptr<Model> device;
  Memory memory;
  tlm_utils::simple_initiator_socket<Testbench> mmio;

 private:
  void thread_body();
  void method_body();

  void bind_device();
  // Binds the RAM's socket for a model that does not master the bus.
  std::unique_ptr<tlm_utils::simple_initiator_socket<Testbench>> unused_dma_;

  std::vector<std::unique_ptr<SignalProbe>> probes_;
  std::function<void()> thread_body_;
  std::function<void()> method_body_;
  bool stop_when_done_ = false;
  bool thread_done_ = false;
};

}  // namespace loom::tlm_devices::testing
