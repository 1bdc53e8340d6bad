// The bridge's CPU side (ServerLink) against a hostile device server: the
// server's every message (handshake answer, responses, sync and reset
// answers, DMA requests, interrupts, mirrors, PCIe windows, errors) comes
// from the input, while the CPU side goes through accesses, syncs, resets
// and console input the input also chooses. Whatever the server says, the
// CPU side must end with cpu::SimulationError (one line), never crash,
// hang or touch memory outside RAM and its own devices.
//
// Input (message_stream.h): chunk 0 = the CPU side's operations, then
// pb::ServerMessage chunks in the order the server sends them.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "cpu/server_link.h"
#include "loom/cpu/machine.h"
#include "message_stream.h"
#include "scripted_peer.h"

namespace {

using namespace loom;

constexpr uint64_t kRam = 0x80000000, kRamSize = 1 << 20;
constexpr uint64_t kTestDevice = 0x10001000, kUart = 0x10000000, kLocalDevice = 0x2000000;

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "fuzz_server_link: %s\n", what.c_str());
  std::abort();
}

class Interrupts final : public cpu::InterruptController {
 public:
  void set_source_level(uint32_t irq, bool) override {
    if (irq == 0 || irq >= num_sources()) fail("an interrupt out of range reached the controller");
  }
  uint32_t num_sources() const override { return cpu::kVirtInterruptSources; }
};

// A device of the CPU process that a server's DMA may reach (as it reaches
// the IMSIC's doorbells): takes naturally aligned accesses of any size.
class LocalDevice final : public cpu::Device {
 public:
  const std::string& name() const override { return name_; }
  bool read(const cpu::AccessContext&, uint64_t offset, unsigned size, uint64_t& value) override {
    check(offset, size);
    value = offset;
    return offset < 0x800;  // the upper half refuses, as a device with holes does
  }
  bool write(const cpu::AccessContext&, uint64_t offset, unsigned size, uint64_t) override {
    check(offset, size);
    return offset < 0x800;
  }

 private:
  static void check(uint64_t offset, unsigned size) {
    if ((size != 1 && size != 2 && size != 4 && size != 8) || offset % size != 0 || offset + size > 0x1000) {
      fail("the bus handed the local device an access it promises not to");
    }
  }
  std::string name_ = "local";
};

class Console final : public bridge::ConsoleSink {
 public:
  void console_write(const std::string&, const std::string&) override {}
};

bridge::ServerConfig server_config(uint8_t flags) {
  bridge::ServerConfig config;
  config.name = "s0";
  config.link = bridge::ServerConfig::Link::Grpc;  // a server offering shared memory gets nothing to open
  config.posted_writes = flags & 1;
  config.mirror_registers = flags & 2;
  config.devices.push_back({"dev", "loom,test-device", kTestDevice, 0x1000, {1}, {}, std::nullopt});
  config.devices.push_back({"uart0", "ns16550a", kUart, 0x100, {10}, {}, std::nullopt});
  config.devices.push_back({"ep", "loom,pci-endpoint-test", 0, 0, {32, 33, 34, 35}, {}, bridge::PcieAddress{0, 1, 0}});
  return config;
}

// One operation of the CPU side, chosen and parameterised by the input.
void run_operation(bridge::ServerLink& link, fuzz::OpReader& ops, uint64_t& time_ps) {
  time_ps += ops.byte() * 1000ull;
  const cpu::AccessContext ctx{time_ps, 0, nullptr};
  const uint8_t op = ops.byte();
  const unsigned size = 1u << (op >> 4 & 3);
  const uint8_t byte_enable = (op & 0x40) ? ops.byte() & cpu::Device::all_bytes(size) : cpu::Device::all_bytes(size);
  const bool uart = op & 0x80;
  const uint64_t address = (uart ? kUart + (ops.byte() & 0xf8) : kTestDevice + (ops.byte() << 3 & 0xff8));
  const char* device = uart ? "uart0" : "dev";
  switch (op & 7) {
    case 0:
    case 1: {
      uint64_t value = 0;
      link.read(ctx, device, address, size, byte_enable, value);
      break;
    }
    case 2: link.write(ctx, device, address, size, byte_enable, ops.u32()); break;
    case 3: {
      uint32_t value = static_cast<uint32_t>(ops.u32());
      const unsigned config_size = size > 4 ? 4 : size;
      link.config_access(ctx, "ep", op & 0x80, 1u << 15 | (address & 0xffc), config_size, value);
      break;
    }
    case 4:
      link.start_sync(time_ps);
      link.finish_sync();
      break;
    case 5: link.reset(time_ps); break;
    case 6: link.queue_console_input("uart0", ops.bytes(ops.byte() & 15)); break;
    case 7: link.start_sync(time_ps); break;  // left outstanding: the next answer may be its
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::vector<std::string> chunks = fuzz::split_chunks(data, size);
  if (chunks.empty()) return 0;
  fuzz::OpReader ops(chunks[0]);

  cpu::Bus bus;
  bus.map_ram(kRam, kRamSize);
  LocalDevice local;
  bus.map_device(kLocalDevice, 0x1000, local);
  Interrupts interrupts;
  Console console;
  bridge::DeadlineClock clock;
  bridge::ServerLink link(server_config(ops.byte()), bus, interrupts);
  link.set_deadline_clock(clock);
  link.set_console(&console);
  link.set_window_listener([](const std::string&, const std::vector<bridge::BarWindow>&, uint64_t) {});
  auto script = std::make_unique<fuzz::ScriptedServer>(fuzz::parse_messages<bridge::pb::ServerMessage>(chunks, 1));
  link.set_connector([&script]() -> std::unique_ptr<bridge::ClientTransport> { return std::move(script); });

  try {
    link.start_handshake(10'000'000);
    link.finish_handshake();
    uint64_t time_ps = 0;
    while (!ops.done()) run_operation(link, ops, time_ps);
    link.finish_sync();
    link.shutdown("end of input");
  } catch (const cpu::SimulationError& e) {
    const std::string message = e.what();
    if (message.find('\n') != std::string::npos) fail("error is not one line: " + message);
    if (message.rfind("server s0: ", 0) != 0) fail("error does not name the server: " + message);
    // A failed session stays failed, with an error, not a crash.
    try {
      link.reset(0);
      fail("a failed session took a reset");
    } catch (const cpu::SimulationError&) {
    }
  } catch (const std::exception& e) {
    fail(std::string("escaped as another exception than SimulationError: ") + e.what());
  }
  return 0;
}
