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

#include "loom/state/state.h"

namespace loom::tlm_devices {

using ModelParams = std::map<std::string, std::string>;

enum class PowerAction { PowerOff, Reset };

// Register mirroring (docs/bridge.md, "Mirrored registers"): a model may
// tell the CPU process the values of registers it can read without asking,
// so that a driver polling a status register costs no round trip. Offsets
// are from the model's base; values little-endian.
struct MirroredRegister {
  uint64_t offset = 0;
  unsigned length = 0;
  uint64_t value = 0;
};
// A write the CPU may post without invalidating the mirror.
struct QuietWrite {
  uint64_t offset = 0;
  unsigned length = 0;
  bool any_value = true;  // false: only a write of exactly `value`
  uint64_t value = 0;
};
struct RegisterMirror {
  std::vector<MirroredRegister> registers;
  std::vector<QuietWrite> quiet_writes;
  bool empty() const { return registers.empty(); }
};

// Services of the hosting device server that some models need. The server
// relays them to the CPU process, which owns the terminal and ends the run.
class HostServices {
 public:
  virtual ~HostServices() = default;
  // Bytes a console device (a UART) sends to its terminal.
  virtual void console_output(const std::string& device, const std::string& bytes) = 0;
  // A system controller asks to power the platform off or to reset it;
  // `code` is the exit status the run should end with.
  virtual void power_request(const std::string& device, PowerAction action, uint32_t code) = 0;
  // Wall-clock time at simulated time 0, in ns since the Unix epoch: fixed
  // per run (so that runs repeat), for real-time clocks.
  virtual uint64_t epoch_ns() const = 0;
};

// A PCIe function as a device server hosts it (docs/pcie.md). The device
// server routes the host bridge's configuration accesses to it, tells the
// CPU process where its BARs decode, and sends it the CPU's accesses to
// those windows through Model::mmio() with the *bus address* as the payload
// address, as a memory request TLP carries it: the function decodes it
// against its own BARs. Its INTx output is Model::interrupts()[0]; MSI and
// MSI-X messages and the function's own DMA leave through Model::dma().
// tlm-devices/pcie/ implements this for endpoint models (the controller
// half: config space, BARs, capabilities, interrupts, bus mastering).
struct PcieWindow {
  unsigned bar = 0;       // BAR number (the lower of a 64-bit pair)
  uint64_t base = 0;      // bus address the guest assigned
  uint64_t size = 0;      // bytes, a power of two
  bool io = false;        // an I/O BAR (decoded with COMMAND.IO), else memory
  bool operator==(const PcieWindow& o) const {
    return bar == o.bar && base == o.base && size == o.size && io == o.io;
  }
};

class PcieFunction {
 public:
  virtual ~PcieFunction() = default;
  // Configuration space (offsets 0-0xfff): `length` is 1, 2 or 4 and the
  // access naturally aligned. Called by the server between simulation
  // steps, at the current simulated time; effects on signals and processes
  // settle in the delta cycles that follow.
  virtual uint32_t config_read(unsigned offset, unsigned length) = 0;
  virtual void config_write(unsigned offset, unsigned length, uint32_t value) = 0;
  // The windows the function decodes now: every sized BAR whose address is
  // assigned, while COMMAND enables its space (memory or I/O).
  virtual std::vector<PcieWindow> windows() const = 0;
  // The Interrupt Pin register: 1 = INTA ... 4 = INTD, 0 = no INTx.
  virtual unsigned interrupt_pin() const = 0;
};

class Model {
 public:
  virtual ~Model() = default;
  virtual sc_core::sc_module& module() = 0;
  virtual tlm::tlm_target_socket<>& mmio() = 0;
  // Interrupt outputs, in the order of the platform's `irqs` list.
  virtual std::vector<sc_core::sc_signal<bool>*> interrupts() { return {}; }
  // Bus-master port for DMA, or null.
  virtual tlm::tlm_initiator_socket<>* dma() { return nullptr; }
  // Console devices take bytes typed on the terminal. Called by the server
  // between simulation steps, at the current simulated time.
  virtual bool is_console() const { return false; }
  virtual void console_input(const std::string& bytes) { (void)bytes; }
  // How many bytes console_input can take now without losing any (a UART's
  // free receive FIFO space); the server holds back the rest.
  virtual size_t console_input_room() const { return 0; }

  // Power-on reset (the platform reboots): back to the state right after
  // elaboration, at the current simulated time. Pending timed activity is
  // cancelled, interrupt outputs fall (a delta cycle later, through the
  // model's single driver), and work under way (DMA) is abandoned: it must
  // not touch memory or raise anything after this call. Called by the
  // server between simulation steps, never from inside a process.
  // Configuration from the platform (parameters, a disk image) stays.
  virtual void reset() = 0;

  // The mirror of the model's current state. The model promises, until its
  // next scheduled activity or until the CPU accesses it other than by
  // reading a listed register or making a listed write:
  //  - reading a listed register returns `value`, with no side effect and
  //    no annotated delay;
  //  - a listed write changes nothing that any read, interrupt output or
  //    scheduled activity of this model (or of another model) can observe:
  //    its only effect leaves the simulation (console output, say).
  // The server sends it with every answer; the default offers nothing.
  virtual RegisterMirror register_mirror() const { return {}; }

  // Non-empty once the model has broken down for good (RTL broke a bus
  // rule): one line naming the device, the signal, the rule and the cycle.
  // The server ends the run with it after any simulation step.
  virtual std::string failure() const { return {}; }

  // Non-null for a PCIe function (see PcieFunction).
  virtual PcieFunction* pcie() { return nullptr; }

  // Snapshots (docs/debugging.md, "Snapshots"): the model's whole state,
  // in sections of its own (name and version are the model's; bump the
  // version whenever the layout changes). Both are called by the server
  // between simulation steps, never from inside a process.
  //
  // save() writes everything that decides what the model does from now on:
  // registers, FIFOs, interrupt output levels, and every pending timed
  // activity as its absolute sc_time (a deadline). It must not change the
  // model or the simulation.
  //
  // restore() is called at the very simulated time save() was, on a model
  // of the same type and parameters that the server has just reset(): its
  // processes stand in their idle waits. It takes the state back, drives
  // the interrupt outputs to the saved levels and re-arms the pending
  // activity (deadline - sc_time_stamp()), so that the run goes on exactly
  // as the saved one did. A snapshot that does not fit: throw
  // state::SnapshotError (StateReader::fail does).
  //
  // A model that cannot do this refuses (the default): save() throws
  // state::SnapshotError saying why; the server adds the device's name.
  virtual void save(state::StateWriter& out) const {
    (void)out;
    throw state::SnapshotError("its model cannot be saved in a snapshot (not implemented for its type)");
  }
  virtual void restore(state::StateReader& in) {
    in.fail("its model cannot be restored from a snapshot (not implemented for its type)");
  }
};

// Thrown for a bad model type or parameter; the message is one line.
struct ModelError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Creates a model by type name ("loom,test-device"). Must be called during
// elaboration. Throws ModelError for unknown types or bad parameters.
// `services` may be null for models that need none (tests).
std::unique_ptr<Model> create_model(const std::string& type, const std::string& name, uint64_t size,
                                    const ModelParams& params, HostServices* services = nullptr);
std::vector<std::string> model_types();

// What a platform file may say about a built-in type, known without
// creating (or elaborating) anything: the CPU process checks a platform
// file against it before any server starts. The factory still checks the
// parameters' values.
struct ModelTypeInfo {
  std::string type;
  unsigned interrupts = 0;              // outputs, Model::interrupts().size()
  uint64_t min_size = 0;                // the register map's extent; 0: no address range (PCIe)
  std::vector<std::string> parameters;  // every parameter the factory knows
};
std::vector<ModelTypeInfo> model_type_infos();

}  // namespace loom::tlm_devices
