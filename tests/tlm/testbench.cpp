#include "testbench.h"

#include <cstring>

namespace loom::tlm_devices::testing {

void TlmTest::SetUp() {
  static bool elaborated = false;
  if (elaborated) {
    GTEST_SKIP() << "SystemC elaborates once per process: run one test per process "
                    "(ctest does; by hand use --gtest_filter)";
  }
  elaborated = true;
}

Memory::Memory(sc_module_name name, uint64_t base_address, uint64_t size)
    : sc_module(name), socket("socket"), base(base_address), bytes(size, 0) {
  socket.register_b_transport(this, &Memory::b_transport);
}

void Memory::fill_pattern(uint64_t address, uint64_t length, uint8_t seed) {
  for (uint64_t i = 0; i < length; ++i) *at(address + i) = static_cast<uint8_t>(seed + i * 7 + (i >> 8));
}

void Memory::b_transport(tlm::tlm_generic_payload& trans, sc_time& delay) {
  const uint64_t address = trans.get_address();
  const unsigned length = trans.get_data_length();
  log.push_back({sc_time_stamp() + delay, trans.get_command(), address, length});
  delay += access_delay;
  if (address < base || address - base >= bytes.size() || length > bytes.size() - (address - base)) {
    trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return;
  }
  if (trans.is_read()) std::memcpy(trans.get_data_ptr(), at(address), length);
  if (trans.is_write()) std::memcpy(at(address), trans.get_data_ptr(), length);
  trans.set_response_status(tlm::TLM_OK_RESPONSE);
}

SignalProbe::SignalProbe(sc_module_name name, const sc_signal<bool>& signal) : sc_module(name), signal_(signal) {
  SC_METHOD(on_change);
  sensitive << signal_.value_changed_event();
  dont_initialize();
}

void SignalProbe::on_change() { edges.push_back({sc_time_stamp(), signal_.read()}); }

Testbench::Testbench(const ModelParams& params, uint64_t size, const std::string& type)
    : sc_module("tb"), memory("memory", ram_base, ram_size), mmio("mmio") {
  device = create_model(type, "dut", size, params);
  mmio.bind(device->mmio());
  if (auto* dma = device->dma()) dma->bind(memory.socket);
  const auto outputs = device->interrupts();
  for (size_t n = 0; n < outputs.size(); ++n) {
    probes_.push_back(std::make_unique<SignalProbe>(("irq_probe" + std::to_string(n)).c_str(), *outputs[n]));
  }
  SC_THREAD(thread_body);
  SC_METHOD(method_body);
}

Testbench::Testbench(const std::string& type, uint64_t size, HostServices& services, const ModelParams& params)
    : sc_module("tb"), memory("memory", ram_base, ram_size), mmio("mmio") {
  device = create_model(type, "dut", size, params, &services);
  bind_device();
  SC_THREAD(thread_body);
  SC_METHOD(method_body);
}

Testbench::Testbench(std::unique_ptr<Model> model)
    : sc_module("tb"), memory("memory", ram_base, ram_size), mmio("mmio") {
  device = std::move(model);
  bind_device();
  SC_THREAD(thread_body);
  SC_METHOD(method_body);
}

Testbench::Testbench(sc_module_name name, const std::string& type, uint64_t size, HostServices* services,
                     const ModelParams& params)
    : sc_module(name), memory("memory", ram_base, ram_size), mmio("mmio") {
  device = create_model(type, "dut", size, params, services);
  bind_device();
  SC_THREAD(thread_body);
  SC_METHOD(method_body);
}

void Testbench::bind_device() {
  mmio.bind(device->mmio());
  if (auto* dma = device->dma()) {
    dma->bind(memory.socket);
  } else {
    unused_dma_ = std::make_unique<tlm_utils::simple_initiator_socket<Testbench>>("unused_dma");
    unused_dma_->bind(memory.socket);
  }
  const auto outputs = device->interrupts();
  for (size_t n = 0; n < outputs.size(); ++n) {
    probes_.push_back(std::make_unique<SignalProbe>(("irq_probe" + std::to_string(n)).c_str(), *outputs[n]));
  }
}

void FakeHostServices::console_output(const std::string& device, const std::string& bytes) {
  console += bytes;
  console_devices.push_back(device);
}

void FakeHostServices::power_request(const std::string& device, PowerAction action, uint32_t code) {
  power_requests.push_back({device, action, code, sc_time_stamp()});
}

void Testbench::run(std::function<void()> body) {
  thread_body_ = std::move(body);
  stop_when_done_ = true;
  sc_start();
  EXPECT_TRUE(thread_done_) << "the test body blocked on an event that never came (at "
                            << sc_time_stamp().to_string() << ")";
}

void Testbench::start(std::function<void()> body) { thread_body_ = std::move(body); }

void Testbench::run_in_method(std::function<void()> body) {
  method_body_ = std::move(body);
  sc_start(SC_ZERO_TIME);
}

void Testbench::thread_body() {
  if (thread_body_) thread_body_();
  thread_done_ = true;
  if (stop_when_done_) sc_stop();
}

void Testbench::method_body() {
  if (method_body_) method_body_();
}

MmioResult Testbench::access(tlm::tlm_command command, uint64_t offset, unsigned length, uint64_t value,
                             const std::vector<uint8_t>& byte_enables, sc_time delay) {
  MmioResult result;
  // Filled with a marker so that a read leaving bytes untouched shows.
  result.data.assign(std::max(length, 1u), 0xa5);
  for (unsigned i = 0; i < length && i < 8; ++i) result.data[i] = static_cast<uint8_t>(value >> (8 * i));
  std::vector<uint8_t> enables = byte_enables;
  tlm::tlm_generic_payload trans;
  trans.set_command(command);
  trans.set_address(offset);
  trans.set_data_ptr(result.data.data());
  trans.set_data_length(length);
  trans.set_streaming_width(length);
  trans.set_byte_enable_ptr(enables.empty() ? nullptr : enables.data());
  trans.set_byte_enable_length(static_cast<unsigned>(enables.size()));
  trans.set_dmi_allowed(true);  // the model must clear it
  trans.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
  mmio->b_transport(trans, delay);
  result.status = trans.get_response_status();
  result.delay = delay;
  result.dmi_allowed = trans.is_dmi_allowed();
  if (command == tlm::TLM_READ_COMMAND) {
    result.value = 0;
    for (unsigned i = 0; i < length && i < 8; ++i) result.value |= uint64_t{result.data[i]} << (8 * i);
  }
  return result;
}

MmioResult Testbench::read(uint64_t offset, unsigned length, const std::vector<uint8_t>& byte_enables) {
  return access(tlm::TLM_READ_COMMAND, offset, length, 0, byte_enables);
}

MmioResult Testbench::write(uint64_t offset, unsigned length, uint64_t value,
                            const std::vector<uint8_t>& byte_enables) {
  return access(tlm::TLM_WRITE_COMMAND, offset, length, value, byte_enables);
}

uint64_t Testbench::read64(uint64_t offset) {
  const MmioResult result = read(offset, 8);
  EXPECT_EQ(result.status, tlm::TLM_OK_RESPONSE) << "8-byte read at offset 0x" << std::hex << offset;
  return result.value;
}

void Testbench::write64(uint64_t offset, uint64_t value) {
  const MmioResult result = write(offset, 8, value);
  EXPECT_EQ(result.status, tlm::TLM_OK_RESPONSE) << "8-byte write at offset 0x" << std::hex << offset;
}

}  // namespace loom::tlm_devices::testing

// libsystemc's own main() refers to sc_main; GoogleTest's main() is the one
// that runs, so this is never called.
int sc_main(int, char*[]) { return 1; }
