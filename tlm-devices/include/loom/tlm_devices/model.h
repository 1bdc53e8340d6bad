#pragma once
// What a SystemC model must offer to be hosted by a Loom device server.
//
// The server's bridge endpoint binds one initiator socket to `mmio()` and
// sends every CPU access of the model's address range through it (the
// payload address is the offset from the model's base). Interrupt outputs
// are plain boolean signals the endpoint watches. A model that masters the
// bus (DMA) binds `dma()` to the endpoint's target socket, which carries the
// access back to the CPU process's memory (absolute physical addresses).

#include <systemc>
#include <tlm>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace loom::tlm_devices {

using ModelParams = std::map<std::string, std::string>;

class Model {
 public:
  virtual ~Model() = default;
  virtual sc_core::sc_module& module() = 0;
  virtual tlm::tlm_target_socket<>& mmio() = 0;
  // Interrupt outputs, in the order of the platform's `irqs` list.
  virtual std::vector<sc_core::sc_signal<bool>*> interrupts() { return {}; }
  // Bus-master port for DMA, or null.
  virtual tlm::tlm_initiator_socket<>* dma() { return nullptr; }
};

// Thrown for a bad model type or parameter; the message is one line.
struct ModelError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Creates a model by type name ("loom,test-device"). Must be called during
// elaboration. Throws ModelError for unknown types or bad parameters.
std::unique_ptr<Model> create_model(const std::string& type, const std::string& name, uint64_t size,
                                    const ModelParams& params);
std::vector<std::string> model_types();

}  // namespace loom::tlm_devices
