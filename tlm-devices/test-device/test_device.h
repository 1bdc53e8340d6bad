#pragma once
// loom,test-device: a device made to exercise a bridge rather than to model
// hardware. It answers every kind of access a CPU can make (registers with
// strict access rules, a byte-addressable buffer, an error register), drives
// two interrupt outputs, runs a periodic timer so that the kernel always has
// pending events, and masters the bus both asynchronously (a DMA engine) and
// synchronously inside an MMIO read (DMA_PEEK). Register map: registers.h.
//
// The MMIO b_transport never calls wait(): it annotates its delay, and the
// only blocking work, the DMA engine, runs in its own SC_THREAD.

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "loom/tlm_devices/model.h"
#include "test-device/registers.h"
#include "loom/tlm_devices/type_names.h"

namespace loom::tlm_devices::test_device {

constexpr const char* type_name = type_names::kTestDevice;

// Platform parameters (ModelParams), unsigned integers, decimal or 0x hex.
namespace param {
// Delay annotated on every MMIO access.
constexpr char access_delay_ns[] = "access_delay_ns";
constexpr uint64_t default_access_delay_ns = 10;
// From the DMA_CTRL write that starts a transfer to its first DMA access.
constexpr char dma_delay_ns[] = "dma_delay_ns";
constexpr uint64_t default_dma_delay_ns = 1000;
}  // namespace param

struct Config {
  uint64_t size = 0;  // aperture in bytes, at least min_size
  sc_core::sc_time access_delay;
  sc_core::sc_time dma_delay;
};

// Builds a Config from the platform's parameters; throws ModelError.
Config parse_config(const std::string& name, uint64_t size, const ModelParams& params);

class TestDevice : public sc_core::sc_module, public Model {
 public:
  SC_HAS_PROCESS(TestDevice);
  TestDevice(sc_core::sc_module_name name, const Config& config);

  sc_core::sc_module& module() override { return *this; }
  tlm::tlm_target_socket<>& mmio() override { return mmio_socket_; }
  std::vector<sc_core::sc_signal<bool>*> interrupts() override;
  tlm::tlm_initiator_socket<>* dma() override { return &dma_socket_; }
  // Registers, BUFFER and interrupt outputs to their reset values, the timer
  // stopped, a DMA transfer not yet started cancelled and one under way
  // abandoned (test_device_reset.cpp).
  void reset() override;
  // Snapshots (test_device_state.cpp): registers, BUFFER, the outputs, the
  // timer (its next tick re-armed) and a DMA transfer not yet started. A
  // transfer under way (waiting out a delay its target annotated) is
  // refused: snapshot again once DMA_STATUS says DONE.
  void save(state::StateWriter& out) const override;
  void restore(state::StateReader& in) override;

 private:
  // MMIO decoding (test_device.cpp). `when` is the access's own time:
  // sc_time_stamp() plus the delay the initiator annotated.
  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  unsigned int transport_dbg(tlm::tlm_generic_payload& trans);
  tlm::tlm_response_status access(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay,
                                  const sc_core::sc_time& when);
  tlm::tlm_response_status access_buffer(tlm::tlm_generic_payload& trans);
  tlm::tlm_response_status access_register(const Register& reg, tlm::tlm_generic_payload& trans,
                                           sc_core::sc_time& delay, const sc_core::sc_time& when);
  tlm::tlm_response_status read_register(const Register& reg, uint64_t& value, sc_core::sc_time& delay,
                                         const sc_core::sc_time& when);
  void write_register(const Register& reg, unsigned length, uint64_t value, const sc_core::sc_time& when);

  // Interrupt outputs. Only drive_interrupts() writes the signals, so that
  // each keeps the single writer sc_signal requires whichever process
  // (the bridge's, the timer's, the DMA engine's) changed the state.
  void raise_interrupts(uint32_t bits);
  void clear_interrupts(uint32_t bits);
  void drive_interrupts();

  // Periodic timer (test_device_timer.cpp).
  void set_timer_period(uint64_t period_ns, const sc_core::sc_time& when);
  uint64_t timer_ticks_at(const sc_core::sc_time& when) const;
  void on_timer_tick();

  // DMA engine (test_device_dma.cpp).
  void start_dma(const sc_core::sc_time& when);
  void dma_thread();
  bool dma_transfer(tlm::tlm_command command, uint64_t address, uint8_t* data, uint64_t length,
                    uint64_t generation);
  tlm::tlm_response_status dma_peek(uint64_t& value, sc_core::sc_time& delay);

  tlm_utils::simple_target_socket<TestDevice> mmio_socket_;
  tlm_utils::simple_initiator_socket<TestDevice> dma_socket_;
  sc_core::sc_vector<sc_core::sc_signal<bool>> irq_;
  const Config config_;

  // Device state: reset() puts back every initial value below.
  uint64_t scratch_ = 0;
  std::array<uint8_t, buffer_size> buffer_{};

  uint32_t irq_state_ = 0;  // what the outputs are driven to, one bit each
  sc_core::sc_event irq_changed_;

  // The tick count is derived, not counted, so a read is exact at its own
  // time whatever the order of processes within a delta cycle.
  uint64_t timer_period_ns_ = 0;            // as software wrote it
  sc_core::sc_time timer_period_;           // zero: not ticking
  sc_core::sc_time timer_started_;          // time of the last TIMER_PERIOD_NS write
  uint64_t timer_ticks_before_start_ = 0;   // ticks counted under earlier periods
  uint64_t timer_ticks_signalled_ = 0;      // ticks that have raised the interrupt
  sc_core::sc_event timer_tick_;

  uint64_t dma_src_ = 0;
  uint64_t dma_dst_ = 0;
  uint64_t dma_len_ = 0;
  uint32_t dma_status_ = 0;
  struct DmaJob {
    uint64_t src = 0;
    uint64_t dst = 0;
    uint64_t length = 0;
    sc_core::sc_time start;  // when its first access is due
  } dma_job_;  // latched at start: register writes during a transfer do not disturb it
  sc_core::sc_event dma_start_;
  // A reset bumps the generation and notifies dma_abort_: the thread ends
  // any wait at once and drops a transfer begun under an older generation
  // before its next access, without touching DMA_STATUS or the interrupt.
  uint64_t dma_generation_ = 0;
  bool dma_transferring_ = false;  // the thread is between a transfer's first access and its end
  sc_core::sc_event dma_abort_;
  std::array<uint8_t, dma_max_length> dma_data_{};
};

std::unique_ptr<Model> make_test_device(const std::string& name, uint64_t size, const ModelParams& params,
                                        HostServices* services);

}  // namespace loom::tlm_devices::test_device
