// ServerLink, the CPU side of a session, against a scripted server in the
// same process (memory_transport.h): the handshake's checks, answers that
// break the protocol, errors a server reports, DMA served while the CPU
// waits, posted-write batching, and the deadline. No processes, sockets or
// SystemC, so each corner case is exact and quick.
#include <gtest/gtest.h>

#include <cstring>
#include <functional>
#include <thread>

#include "cpu/server_link.h"
#include "protocol.h"
#include "loom/cpu/machine.h"
#include "transport/memory_transport.h"

namespace loom::bridge {
namespace {

constexpr uint64_t kRam = 0x80000000, kDevice = 0x10001000;

class NoInterrupts final : public cpu::InterruptController {
 public:
  void set_source_level(uint32_t, bool) override {}
  uint32_t num_sources() const override { return 32; }
};

// A server that answers the handshake, then hands every further message to
// `script` (which may answer through `server`), until the CPU goes.
struct Bench {
  cpu::Bus bus;
  NoInterrupts interrupts;
  ServerConfig config;
  std::unique_ptr<ServerLink> link;
  DeadlineClock clock;
  std::unique_ptr<ServerTransport> server;
  std::atomic<bool> hang_up{false};  // set by a script: the server goes away after this message
  std::thread thread;

  using Script = std::function<void(const pb::CpuMessage&, ServerTransport&)>;

  explicit Bench(Script script, std::function<void(pb::HelloAck&)> tweak_ack = {}) {
    bus.map_ram(kRam, 1 << 20);
    config.name = "s0";
    config.link = ServerConfig::Link::Grpc;
    config.deadline = std::chrono::milliseconds(200);
    config.devices.push_back({"dev", "loom,test-device", kDevice, 0x1000, {}, {}, std::nullopt});
    link = std::make_unique<ServerLink>(config, bus, interrupts);
    link->set_deadline_clock(clock);
    MemoryLink pair = make_memory_link();
    server = std::move(pair.server);
    link->set_connector([cpu = std::make_shared<std::unique_ptr<ClientTransport>>(std::move(pair.cpu))] {
      return std::move(*cpu);
    });
    thread = std::thread([this, script = std::move(script), tweak_ack = std::move(tweak_ack)] {
      pb::CpuMessage in;
      if (!server->receive(in) || !in.has_hello()) return;
      pb::ServerMessage ack;
      ack.mutable_hello_ack()->set_version(kProtocolVersion);
      pb::AddressRange* range = ack.mutable_hello_ack()->add_ranges();
      range->set_device("dev");
      range->set_base(kDevice);
      range->set_size(0x1000);
      ack.mutable_hello_ack()->set_next_event_ps(UINT64_MAX);
      if (tweak_ack) tweak_ack(*ack.mutable_hello_ack());
      server->send(ack);
      while (server->receive(in)) {
        script(in, *server);
        if (hang_up) break;
      }
      server.reset();  // the server's end goes: the CPU sees the session closed
    });
  }
  ~Bench() {
    link.reset();  // ends the CPU side: the server's receive returns false
    if (thread.joinable()) thread.join();
  }
  void connect() {
    link->start_handshake(10'000'000);
    link->finish_handshake();
  }
  // What a failing call reports.
  template <typename Call>
  std::string error_of(Call call) {
    try {
      call();
    } catch (const cpu::SimulationError& e) {
      return e.what();
    }
    return "no error";
  }
};

pb::ServerMessage response(uint64_t id, uint64_t value) {
  pb::ServerMessage m;
  m.mutable_response()->set_id(id);
  m.mutable_response()->set_status(pb::STATUS_OK);
  m.mutable_response()->set_data(&value, 8);
  m.mutable_response()->mutable_events()->set_next_event_ps(UINT64_MAX);
  return m;
}

uint64_t read64(Bench& b, uint64_t address = kDevice) {
  uint64_t value = 0;
  b.link->read({1000, 0, nullptr}, "dev", address, 8, 0xff, value);
  return value;
}

TEST(ServerLinkTest, AReadRoundTrip) {
  Bench b([](const pb::CpuMessage& m, ServerTransport& s) {
    if (m.has_request()) s.send(response(m.request().id(), m.request().address() + 1));
  });
  b.connect();
  EXPECT_EQ(read64(b), kDevice + 1);
  EXPECT_EQ(b.link->stats().reads, 1u);
}

TEST(ServerLinkTest, HandshakeChecks) {
  {
    Bench b([](const pb::CpuMessage&, ServerTransport&) {}, [](pb::HelloAck& a) { a.set_version(7); });
    EXPECT_NE(b.error_of([&] { b.connect(); }).find("protocol version mismatch: server speaks 7"),
              std::string::npos);
  }
  {
    Bench b([](const pb::CpuMessage&, ServerTransport&) {}, [](pb::HelloAck& a) { a.clear_ranges(); });
    EXPECT_NE(b.error_of([&] { b.connect(); }).find("does not serve device dev at 0x10001000"), std::string::npos);
  }
  {
    Bench b([](const pb::CpuMessage&, ServerTransport&) {}, [](pb::HelloAck& a) { a.add_irqs(0); });
    EXPECT_NE(b.error_of([&] { b.connect(); }).find("interrupt 0 is out of range"), std::string::npos);
  }
  {  // a server that takes a shared-memory link it was never offered
    Bench b([](const pb::CpuMessage&, ServerTransport&) {},
            [](pb::HelloAck& a) { a.set_shm_path("/dev/shm/loom-link-0"); });
    EXPECT_NE(b.error_of([&] { b.connect(); }).find("took a shared-memory link it was not offered"),
              std::string::npos);
  }
}

TEST(ServerLinkTest, AnswersThatBreakTheProtocolEndTheRunWithOneLine) {
  {  // the answer to another request
    Bench b([](const pb::CpuMessage& m, ServerTransport& s) {
      if (m.has_request()) s.send(response(m.request().id() + 5, 0));
    });
    b.connect();
    const std::string e = b.error_of([&] { read64(b); });
    EXPECT_NE(e.find("server s0: malformed message: answer to request"), std::string::npos) << e;
    EXPECT_NE(e.find("while reading 8 bytes of dev at 0x10001000"), std::string::npos) << e;
  }
  {  // a sync's answer while a read waits
    Bench b([](const pb::CpuMessage& m, ServerTransport& s) {
      if (!m.has_request()) return;
      pb::ServerMessage ack;
      ack.mutable_sync_ack()->set_id(m.request().id());
      s.send(ack);
    });
    b.connect();
    EXPECT_NE(b.error_of([&] { read64(b); }).find("got sync_ack while waiting for response"), std::string::npos);
  }
  {  // four bytes for an eight-byte read
    Bench b([](const pb::CpuMessage& m, ServerTransport& s) {
      if (!m.has_request()) return;
      pb::ServerMessage r = response(m.request().id(), 0);
      r.mutable_response()->set_data("1234");
      s.send(r);
    });
    b.connect();
    EXPECT_NE(b.error_of([&] { read64(b); }).find("4 data bytes for a 8-byte read"), std::string::npos);
  }
  {  // a DMA read of 4 GiB: refused before a buffer for it is made (found by fuzz_server_link)
    Bench b([](const pb::CpuMessage& m, ServerTransport& s) {
      if (!m.has_request()) return;
      pb::ServerMessage d;
      d.mutable_dma_request()->set_id(1);
      d.mutable_dma_request()->set_address(kRam);
      d.mutable_dma_request()->set_length(UINT32_MAX);
      s.send(d);
    });
    b.connect();
    EXPECT_NE(b.error_of([&] { read64(b); }).find("malformed message: DMA read of 4294967295 bytes (at most 4194304)"),
              std::string::npos);
  }
  {  // the server goes away mid-request
    Bench* bench = nullptr;
    Bench b([&bench](const pb::CpuMessage& m, ServerTransport&) {
      if (m.has_request()) bench->hang_up = true;
    });
    bench = &b;
    b.connect();
    EXPECT_NE(b.error_of([&] { read64(b); }).find("the server closed the session"), std::string::npos);
  }
}

TEST(ServerLinkTest, AServersErrorIsReportedWithDeviceAndAddress) {
  Bench b([](const pb::CpuMessage& m, ServerTransport& s) {
    if (!m.has_request()) return;
    pb::ServerMessage e;
    e.mutable_error()->set_message("model exploded");
    e.mutable_error()->set_device("dev");
    e.mutable_error()->set_address(m.request().address());
    s.send(e);
  });
  b.connect();
  const std::string e = b.error_of([&] { read64(b, kDevice + 0x10); });
  EXPECT_NE(e.find("server s0: model exploded [device dev, address 0x10001010]"), std::string::npos) << e;
}

// While the CPU waits for an answer, the server's DMA is served: RAM is
// read and written, and a request for nothing is refused (ADDRESS_ERROR).
TEST(ServerLinkTest, DmaIsServedWhileTheCpuWaits) {
  Bench b([](const pb::CpuMessage& m, ServerTransport& s) {
    if (!m.has_request()) return;
    auto dma = [&](uint64_t id, bool write, uint64_t address, const std::string& data, unsigned length) {
      pb::ServerMessage d;
      pb::DmaRequest* r = d.mutable_dma_request();
      r->set_id(id);
      r->set_write(write);
      r->set_address(address);
      r->set_length(length);
      r->set_device("dev");
      if (write) r->set_data(data);
      s.send(d);
      pb::CpuMessage answer;
      s.receive(answer);
      return answer.dma_response();
    };
    const pb::DmaResponse wrote = dma(1, true, kRam + 0x100, "loom", 4);
    const pb::DmaResponse read = dma(2, false, kRam + 0x100, "", 4);
    const pb::DmaResponse refused = dma(3, false, 0x1000, "", 4);
    const bool ok = wrote.status() == pb::STATUS_OK && read.status() == pb::STATUS_OK && read.data() == "loom" &&
                    refused.status() == pb::STATUS_ADDRESS_ERROR;
    s.send(response(m.request().id(), ok ? 1 : 0));
  });
  b.connect();
  EXPECT_EQ(read64(b), 1u);
  uint64_t word = 0;
  std::memcpy(&word, b.bus.ram_pointer(kRam + 0x100, 4), 4);
  EXPECT_EQ(word, 0x6d6f6f6cu);  // "loom"
  EXPECT_EQ(b.link->stats().dma_refused, 1u);
}

// Posted writes wait in a batch and go out, in order, before the next
// request that needs an answer.
TEST(ServerLinkTest, PostedWritesGoOutInOrderBeforeTheNextRead) {
  std::vector<uint64_t> seen;
  Bench b([&seen](const pb::CpuMessage& m, ServerTransport& s) {
    if (m.has_posted()) {
      for (const pb::MemoryRequest& w : m.posted().writes()) {
        uint64_t v = 0;
        std::memcpy(&v, w.data().data(), std::min<size_t>(8, w.data().size()));
        seen.push_back(v);
      }
    }
    if (m.has_request()) s.send(response(m.request().id(), seen.size()));
  });
  b.connect();
  for (uint64_t v : {11, 22, 33}) b.link->write({1000, 0, nullptr}, "dev", kDevice + 8, 8, 0xff, v);
  EXPECT_EQ(read64(b), 3u);  // the server had all three before the read
  EXPECT_EQ(seen, (std::vector<uint64_t>{11, 22, 33}));
  EXPECT_EQ(b.link->stats().posted_batches, 1u);
}

// A server that never answers: the watchdog's check after the deadline
// cancels the wait, and the run ends with the deadline in the message.
TEST(ServerLinkTest, ASilentServerIsCutOffAtTheDeadline) {
  Bench b([](const pb::CpuMessage&, ServerTransport&) {});
  b.connect();
  std::atomic<bool> done{false};
  std::thread watchdog([&] {
    while (!done) {
      std::this_thread::sleep_for(DeadlineClock::kTick);
      b.clock.tick(std::chrono::steady_clock::now());
      b.link->check_deadline();
    }
  });
  const std::string e = b.error_of([&] { read64(b); });
  done = true;
  watchdog.join();
  EXPECT_NE(e.find("server s0: no answer within 200 ms"), std::string::npos) << e;
}

}  // namespace
}  // namespace loom::bridge
