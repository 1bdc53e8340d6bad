#include "server/endpoint.h"

#include <fmt/format.h>

#include <stdexcept>

namespace loom::bridge {

namespace {

// Per-device modules are created during elaboration (after the endpoint's
// own construction), so each socket lives in a small module of its own: TLM
// sockets may only be constructed inside a module constructor.
struct AccessPort : sc_core::sc_module {
  tlm_utils::simple_initiator_socket<AccessPort> socket;
  explicit AccessPort(sc_core::sc_module_name n) : sc_module(n), socket("socket") {}
};

struct DmaPort : sc_core::sc_module {
  tlm_utils::simple_target_socket<DmaPort> socket;
  DmaHandler* handler;
  std::string device;
  bool posted_writes;
  DmaPort(sc_core::sc_module_name n, DmaHandler* h, std::string dev, bool posted)
      : sc_module(n), socket("socket"), handler(h), device(std::move(dev)), posted_writes(posted) {
    socket.register_b_transport(this, &DmaPort::b_transport);
  }
  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
    if (trans.get_byte_enable_ptr() || trans.get_streaming_width() < trans.get_data_length()) {
      trans.set_response_status(tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
      return;
    }
    const uint64_t time_ps = (sc_core::sc_time_stamp() + delay).value();
    const bool write = trans.is_write();
    if (!write && !trans.is_read()) {
      trans.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);
      return;
    }
    trans.set_response_status(
        (*handler)(time_ps, write, trans.get_address(), trans.get_data_ptr(), trans.get_data_length(), device,
                   write && posted_writes));
  }
};

struct InterruptWatcher : sc_core::sc_module {
  SC_HAS_PROCESS(InterruptWatcher);
  sc_core::sc_signal<bool>* line;
  uint32_t irq;
  std::vector<InterruptEvent>* events;
  InterruptWatcher(sc_core::sc_module_name n, sc_core::sc_signal<bool>* l, uint32_t i, std::vector<InterruptEvent>* e)
      : sc_module(n), line(l), irq(i), events(e) {
    SC_METHOD(changed);
    sensitive << line->value_changed_event();
    dont_initialize();
  }
  void changed() { events->push_back({irq, line->read(), sc_core::sc_time_stamp().value()}); }
};

}  // namespace

struct Endpoint::Attached {
  std::string name;
  uint64_t base;
  uint64_t size;
  std::unique_ptr<AccessPort> port;
  std::vector<std::unique_ptr<InterruptWatcher>> watchers;
  tlm_devices::PcieFunction* pcie = nullptr;
  std::vector<tlm_devices::PcieWindow> windows;  // memory and I/O windows, as last refreshed
};

struct Endpoint::DmaTarget {
  std::unique_ptr<DmaPort> port;
};

Endpoint::Endpoint(sc_core::sc_module_name name, DmaHandler dma) : sc_module(name), dma_(std::move(dma)) {}

Endpoint::~Endpoint() = default;

const std::string& Endpoint::device_name(size_t device) const { return devices_[device]->name; }

void Endpoint::attach(const std::string& device, uint64_t base, uint64_t size, tlm_devices::Model& model,
                      const std::vector<uint32_t>& irqs) {
  auto attached = std::make_unique<Attached>();
  attached->name = device;
  attached->base = base;
  attached->size = size;
  attached->port = std::make_unique<AccessPort>(fmt::format("bridge_{}", device).c_str());
  attached->port->socket.bind(model.mmio());
  attached->pcie = model.pcie();

  const auto lines = model.interrupts();
  if (attached->pcie) {
    // INTx: the one line the Interrupt Pin register names, swizzled by the CPU side.
    const unsigned pin = attached->pcie->interrupt_pin();
    if (pin > 4 || (pin > 0 && (lines.empty() || irqs.size() < pin))) {
      throw std::runtime_error(fmt::format("PCIe function {}: interrupt pin {} but {} outputs and {} INTx lines",
                                           device, pin, lines.size(), irqs.size()));
    }
    if (pin > 0) {
      attached->watchers.push_back(std::make_unique<InterruptWatcher>(
          fmt::format("bridge_{}_intx", device).c_str(), lines[0], irqs[pin - 1], &interrupt_events_));
    }
  } else if (irqs.size() > lines.size()) {
    throw std::runtime_error(fmt::format("device {}: {} interrupts given, the model has {} outputs", device,
                                         irqs.size(), lines.size()));
  }
  for (size_t i = 0; !attached->pcie && i < irqs.size(); ++i) {
    attached->watchers.push_back(std::make_unique<InterruptWatcher>(
        fmt::format("bridge_{}_irq{}", device, i).c_str(), lines[i], irqs[i], &interrupt_events_));
  }
  if (tlm::tlm_initiator_socket<>* master = model.dma()) {
    auto target = std::make_unique<DmaTarget>();
    target->port = std::make_unique<DmaPort>(fmt::format("bridge_{}_dma", device).c_str(), &dma_, device,
                                             attached->pcie != nullptr);
    master->bind(target->port->socket);
    dma_targets_.push_back(std::move(target));
  }
  devices_.push_back(std::move(attached));
}

int Endpoint::find(uint64_t address, unsigned length) const {
  const auto inside = [&](uint64_t base, uint64_t size) {
    return address >= base && address - base < size && length <= size - (address - base);
  };
  for (size_t i = 0; i < devices_.size(); ++i) {
    const Attached& d = *devices_[i];
    if (d.pcie) {
      for (const tlm_devices::PcieWindow& w : d.windows) {
        if (!w.io && inside(w.base, w.size)) return static_cast<int>(i);
      }
    } else if (inside(d.base, d.size)) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

bool Endpoint::refresh_windows(size_t device) {
  Attached& d = *devices_[device];
  if (!d.pcie) return false;
  std::vector<tlm_devices::PcieWindow> now = d.pcie->windows();
  if (now == d.windows) return false;
  d.windows = std::move(now);
  return true;
}

const std::vector<tlm_devices::PcieWindow>& Endpoint::windows(size_t device) const { return devices_[device]->windows; }

tlm_devices::PcieFunction* Endpoint::pcie(size_t device) const { return devices_[device]->pcie; }

Endpoint::AccessResult Endpoint::access(size_t device, bool write, uint64_t address, unsigned char* data,
                                        unsigned length, const unsigned char* byte_enable) {
  Attached& d = *devices_[device];
  tlm::tlm_generic_payload trans;
  trans.set_command(write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
  trans.set_address(address - d.base);
  trans.set_data_ptr(data);
  trans.set_data_length(length);
  trans.set_streaming_width(length);
  if (byte_enable) {
    trans.set_byte_enable_ptr(const_cast<unsigned char*>(byte_enable));
    trans.set_byte_enable_length(length);
  }
  trans.set_dmi_allowed(false);
  trans.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
  sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
  d.port->socket->b_transport(trans, delay);
  return {trans.get_response_status(), delay.value()};
}

std::vector<InterruptEvent> Endpoint::take_interrupt_events() {
  std::vector<InterruptEvent> out;
  out.swap(interrupt_events_);
  return out;
}

}  // namespace loom::bridge
