// Session, the device-server side of a session, driven by a scripted CPU in
// the same process (memory_transport.h): authentication before anything
// else, the handshake's checks, requests that break the protocol, time that
// never goes back, interrupts and posted-write errors in the next answer,
// DMA answered while other messages wait their turn, reset and the end of a
// session. Real SystemC models, no processes or sockets. SystemC elaborates
// once per process, so ctest runs every TEST in a process of its own.
#include <gtest/gtest.h>

#include <cstring>
#include <functional>
#include <string>
#include <thread>

#include <fmt/format.h>

#include "loom/bridge/device_server.h"
#include "protocol.h"
#include "server/session.h"
#include "server/systemc_reports.h"
#include "transport/memory_transport.h"

namespace loom::bridge {
namespace {

constexpr uint64_t kDevice = 0x10001000;
constexpr uint32_t kTimerIrq = 3, kDmaIrq = 4;
constexpr uint64_t kRegId = 0x000, kRegScratch = 0x008, kRegIrqRaise = 0x010, kRegDmaSrc = 0x040,
                   kRegDmaDst = 0x048, kRegDmaLen = 0x050, kRegDmaCtrl = 0x058;

// The CPU's end, for a script running on a thread of its own while the
// session runs on the main (SystemC) thread.
class Cpu {
 public:
  explicit Cpu(std::unique_ptr<ClientTransport> transport) : transport_(std::move(transport)) {}

  void send(const pb::CpuMessage& message) { ASSERT_TRUE(transport_->send(message)); }
  // The server's next message; an empty one when the session is over.
  pb::ServerMessage receive() {
    pb::ServerMessage message;
    if (!transport_->receive(message)) message.Clear();
    return message;
  }
  void close() { transport_.reset(); }

  pb::HelloAck hello(const std::string& token = {}) {
    send(hello_message(token));
    const pb::ServerMessage reply = receive();
    EXPECT_TRUE(reply.has_hello_ack()) << reply.DebugString();
    return reply.hello_ack();
  }
  static pb::CpuMessage hello_message(const std::string& token = {}) {
    pb::CpuMessage m;
    pb::Hello* hello = m.mutable_hello();
    hello->set_version(kProtocolVersion);
    hello->set_token(token);
    hello->set_server_name("s0");
    add_test_device(*hello, "dev", kDevice);
    return m;
  }
  static pb::DeviceSpec& add_test_device(pb::Hello& hello, const std::string& name, uint64_t base) {
    pb::DeviceSpec* spec = hello.add_devices();
    spec->set_name(name);
    spec->set_type("loom,test-device");
    spec->set_base(base);
    spec->set_size(0x1000);
    spec->add_irqs(kTimerIrq);
    spec->add_irqs(kDmaIrq);
    return *spec;
  }

  pb::MemoryResponse access(uint64_t time_ps, bool write, uint64_t address, uint64_t value = 0, unsigned length = 8) {
    send(request(time_ps, write, address, value, length));
    const pb::ServerMessage reply = receive();
    EXPECT_TRUE(reply.has_response()) << reply.DebugString();
    EXPECT_EQ(reply.response().id(), next_id_ - 1);
    return reply.response();
  }
  pb::CpuMessage request(uint64_t time_ps, bool write, uint64_t address, uint64_t value = 0, unsigned length = 8) {
    pb::CpuMessage m;
    pb::MemoryRequest* r = m.mutable_request();
    r->set_id(next_id_++);
    r->set_time_ps(time_ps);
    r->set_write(write);
    r->set_address(address);
    r->set_length(length);
    if (write) r->set_data(&value, length);
    return m;
  }
  pb::CpuMessage sync(uint64_t time_ps) {
    pb::CpuMessage m;
    m.mutable_sync()->set_id(next_id_++);
    m.mutable_sync()->set_time_ps(time_ps);
    return m;
  }
  // The server's whole state (SaveState), its chunks joined; the refusal if any.
  std::string save_state(uint64_t& time_ps, std::string& refusal) {
    pb::CpuMessage m;
    m.mutable_save_state()->set_id(next_id_++);
    send(m);
    std::string blob;
    for (;;) {
      const pb::ServerMessage reply = receive();
      EXPECT_TRUE(reply.has_state_chunk()) << reply.DebugString();
      if (!reply.has_state_chunk()) return {};
      EXPECT_EQ(reply.state_chunk().id(), next_id_ - 1);
      refusal = reply.state_chunk().refusal();
      blob += reply.state_chunk().data();
      time_ps = reply.state_chunk().time_ps();
      if (reply.state_chunk().last()) return blob;
    }
  }
  pb::StateRestored restore_state(const std::string& blob, uint64_t time_ps) {
    pb::CpuMessage m;
    m.mutable_restore_state()->set_id(next_id_++);
    m.mutable_restore_state()->set_time_ps(time_ps);
    m.mutable_restore_state()->set_data(blob);
    m.mutable_restore_state()->set_last(true);
    send(m);
    const pb::ServerMessage reply = receive();
    EXPECT_TRUE(reply.has_state_restored()) << reply.DebugString();
    return reply.state_restored();
  }
  pb::SyncAck sync_ack(uint64_t time_ps) {
    send(sync(time_ps));
    const pb::ServerMessage reply = receive();
    EXPECT_TRUE(reply.has_sync_ack()) << reply.DebugString();
    return reply.sync_ack();
  }
  void shutdown() {
    pb::CpuMessage m;
    m.mutable_shutdown()->set_reason("done");
    send(m);
  }
  // The error the server ends the session with.
  pb::Error error() {
    const pb::ServerMessage reply = receive();
    EXPECT_TRUE(reply.has_error()) << reply.DebugString();
    return reply.error();
  }

 private:
  std::unique_ptr<ClientTransport> transport_;
  uint64_t next_id_ = 1;
};

struct Outcome {
  int status = -1;
  bool ended_by_cpu = false;
  bool refused_stranger = false;
};

// Runs one session with `script` as the CPU; the CPU's end closes when the
// script returns, which ends a session the script did not end itself.
Outcome run_session(const std::function<void(Cpu&)>& script, DeviceServerOptions options = {}) {
  options.quiet = true;
  options.allow_shm = false;
  MemoryLink link = make_memory_link();
  Cpu cpu(std::move(link.cpu));
  std::thread cpu_thread([&] {
    script(cpu);
    cpu.close();
  });
  Outcome outcome;
  {
    Session session(*link.server, options);
    outcome.status = session.run();
    outcome.ended_by_cpu = session.ended_by_cpu();
    outcome.refused_stranger = session.refused_stranger();
  }
  link.server.reset();  // a script still waiting for an answer sees the session closed
  cpu_thread.join();
  return outcome;
}

uint64_t value_of(const pb::MemoryResponse& response) {
  uint64_t value = 0;
  std::memcpy(&value, response.data().data(), std::min<size_t>(8, response.data().size()));
  return value;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(SessionTest, HandshakeThenAccessesThenShutdown) {
  const Outcome outcome = run_session([](Cpu& cpu) {
    const pb::HelloAck ack = cpu.hello();
    EXPECT_EQ(ack.version(), kProtocolVersion);
    ASSERT_EQ(ack.ranges_size(), 1);
    EXPECT_EQ(ack.ranges(0).device(), "dev");
    EXPECT_EQ(ack.ranges(0).base(), kDevice);
    EXPECT_EQ(ack.ranges(0).size(), 0x1000u);
    EXPECT_EQ(std::vector<uint32_t>(ack.irqs().begin(), ack.irqs().end()), (std::vector<uint32_t>{kTimerIrq, kDmaIrq}));
    EXPECT_TRUE(ack.shm_path().empty());
    EXPECT_EQ(value_of(cpu.access(1000, false, kDevice + kRegId, 0, 4)), 0x4c4f4f4du);
    EXPECT_EQ(cpu.access(2000, true, kDevice + kRegScratch, 0x1122334455667788).status(), pb::STATUS_OK);
    const pb::MemoryResponse read = cpu.access(3000, false, kDevice + kRegScratch);
    EXPECT_EQ(read.status(), pb::STATUS_OK);
    EXPECT_EQ(value_of(read), 0x1122334455667788u);
    EXPECT_GT(read.delay_ps(), 0u);  // the model's annotated access delay
    cpu.shutdown();
  });
  EXPECT_EQ(outcome.status, 0);
  EXPECT_TRUE(outcome.ended_by_cpu);
  EXPECT_FALSE(outcome.refused_stranger);
}

TEST(SessionTest, APeerThatClosesBeforeHelloIsAStranger) {
  const Outcome outcome = run_session([](Cpu&) {});
  EXPECT_EQ(outcome.status, 1);
  EXPECT_TRUE(outcome.refused_stranger);
}

TEST(SessionTest, AFirstMessageOtherThanHelloIsRefused) {
  const Outcome outcome = run_session([](Cpu& cpu) {
    cpu.send(cpu.sync(1000));
    EXPECT_TRUE(contains(cpu.error().message(), "the first message must be hello"));
  });
  EXPECT_TRUE(outcome.refused_stranger);
}

TEST(SessionTest, AWrongTokenIsRefusedBeforeAnythingElse) {
  DeviceServerOptions options;
  options.token = "secret";
  const Outcome outcome = run_session(
      [](Cpu& cpu) {
        pb::CpuMessage hello = Cpu::hello_message("guess");
        hello.mutable_hello()->set_version(99);  // not even looked at
        hello.mutable_hello()->mutable_devices(0)->set_type("no,such-model");
        cpu.send(hello);
        EXPECT_EQ(cpu.error().message(), "authentication failed: wrong or missing token");
      },
      options);
  EXPECT_EQ(outcome.status, 1);
  EXPECT_TRUE(outcome.refused_stranger);
}

TEST(SessionTest, TheRightTokenIsAccepted) {
  DeviceServerOptions options;
  options.token = "secret";
  const Outcome outcome = run_session(
      [](Cpu& cpu) {
        cpu.hello("secret");
        cpu.shutdown();
      },
      options);
  EXPECT_EQ(outcome.status, 0);
}

TEST(SessionTest, AnotherProtocolVersionIsNamed) {
  const Outcome outcome = run_session([](Cpu& cpu) {
    pb::CpuMessage hello = Cpu::hello_message();
    hello.mutable_hello()->set_version(kProtocolVersion + 1);
    cpu.send(hello);
    EXPECT_EQ(cpu.error().message(), fmt::format("protocol version mismatch: the CPU speaks {}, this server speaks {}",
                                                 kProtocolVersion + 1, kProtocolVersion));
  });
  EXPECT_EQ(outcome.status, 1);
  EXPECT_FALSE(outcome.refused_stranger);  // a CPU, only another version: the user must hear of it
}

TEST(SessionTest, AnUnknownModelTypeNamesTheDevice) {
  run_session([](Cpu& cpu) {
    pb::CpuMessage hello = Cpu::hello_message();
    hello.mutable_hello()->mutable_devices(0)->set_type("acme,nothing");
    cpu.send(hello);
    const pb::Error error = cpu.error();
    EXPECT_EQ(error.device(), "dev");
    EXPECT_TRUE(contains(error.message(), "acme,nothing")) << error.message();
  });
}

TEST(SessionTest, OverlappingDevicesAreRefused) {
  run_session([](Cpu& cpu) {
    pb::CpuMessage hello = Cpu::hello_message();
    Cpu::add_test_device(*hello.mutable_hello(), "other", kDevice + 0x800);
    cpu.send(hello);
    const pb::Error error = cpu.error();
    EXPECT_TRUE(contains(error.message(), "overlaps device other")) << error.message();
  });
}

TEST(SessionTest, APcieAddressOnAModelThatIsNoPcieFunctionIsRefused) {
  run_session([](Cpu& cpu) {
    pb::CpuMessage hello = Cpu::hello_message();
    hello.mutable_hello()->mutable_devices(0)->mutable_pcie()->set_device(40);
    cpu.send(hello);
    EXPECT_TRUE(contains(cpu.error().message(), "is not a PCIe function"));
  });
}

TEST(SessionTest, AMalformedRequestEndsTheSessionWithItsAddress) {
  const Outcome outcome = run_session([](Cpu& cpu) {
    cpu.hello();
    pb::CpuMessage m = cpu.request(1000, true, kDevice + kRegScratch, 0, 4);
    m.mutable_request()->set_data("xyz");
    cpu.send(m);
    const pb::Error error = cpu.error();
    EXPECT_EQ(error.message(), "malformed request 1: 4 bytes with 3 data and 0 byte-enable bytes");
    EXPECT_EQ(error.address(), kDevice + kRegScratch);
  });
  EXPECT_EQ(outcome.status, 1);
}

TEST(SessionTest, AZeroLengthRequestIsMalformed) {
  run_session([](Cpu& cpu) {
    cpu.hello();
    cpu.send(cpu.request(1000, false, kDevice, 0, 0));
    EXPECT_TRUE(contains(cpu.error().message(), "malformed request 1: 0 bytes"));
  });
}

TEST(SessionTest, AnUnservedAddressIsAnAddressErrorAndTheSessionGoesOn) {
  const Outcome outcome = run_session([](Cpu& cpu) {
    cpu.hello();
    EXPECT_EQ(cpu.access(1000, false, kDevice + 0x1000).status(), pb::STATUS_ADDRESS_ERROR);
    EXPECT_EQ(cpu.access(1000, false, kDevice + 0xff8).status(), pb::STATUS_ADDRESS_ERROR);  // not a register
    EXPECT_EQ(value_of(cpu.access(2000, false, kDevice + kRegId, 0, 4)), 0x4c4f4f4du);
    cpu.shutdown();
  });
  EXPECT_EQ(outcome.status, 0);
}

TEST(SessionTest, TimeNeverGoesBack) {
  run_session([](Cpu& cpu) {
    cpu.hello();
    EXPECT_EQ(cpu.sync_ack(5'000'000).time_ps(), 5'000'000u);
    // Stamped earlier than the server's time: runs at the server's time.
    EXPECT_EQ(cpu.access(1'000, false, kDevice + kRegId, 0, 4).status(), pb::STATUS_OK);
    EXPECT_EQ(cpu.sync_ack(2'000'000).time_ps(), 5'000'000u);
    EXPECT_EQ(cpu.sync_ack(7'000'000).time_ps(), 7'000'000u);
    cpu.shutdown();
  });
}

TEST(SessionTest, AnInterruptTheAccessRaisedIsInItsAnswer) {
  run_session([](Cpu& cpu) {
    cpu.hello();
    const pb::MemoryResponse response = cpu.access(1000, true, kDevice + kRegIrqRaise, 1u << 1, 4);
    ASSERT_EQ(response.events().interrupts_size(), 1);
    EXPECT_EQ(response.events().interrupts(0).irq(), kDmaIrq);
    EXPECT_TRUE(response.events().interrupts(0).level());
    EXPECT_EQ(response.events().interrupts(0).time_ps(), 1000u);
    // Reported once: the next answer has no change.
    EXPECT_EQ(cpu.sync_ack(2000).events().interrupts_size(), 0);
    cpu.shutdown();
  });
}

TEST(SessionTest, DmaIsServedWhileOtherMessagesWaitTheirTurn) {
  run_session([](Cpu& cpu) {
    cpu.hello();
    constexpr uint64_t kSrc = 0x80000000, kDst = 0x80001000;
    cpu.access(1000, true, kDevice + kRegDmaSrc, kSrc);
    cpu.access(1000, true, kDevice + kRegDmaDst, kDst);
    cpu.access(1000, true, kDevice + kRegDmaLen, 8);
    cpu.access(1000, true, kDevice + kRegDmaCtrl, 1, 4);
    // The transfer starts 1 us later (the model's dma_delay_ns): during this sync.
    const pb::CpuMessage first_sync = cpu.sync(10'000'000);
    cpu.send(first_sync);
    const pb::ServerMessage read = cpu.receive();
    ASSERT_TRUE(read.has_dma_request()) << read.DebugString();
    EXPECT_FALSE(read.dma_request().write());
    EXPECT_EQ(read.dma_request().address(), kSrc);
    EXPECT_EQ(read.dma_request().length(), 8u);
    EXPECT_EQ(read.dma_request().device(), "dev");
    EXPECT_EQ(read.dma_request().time_ps(), 1000u + 1'000'000u);
    // Something else before the answer: it waits until the DMA is done.
    const pb::CpuMessage second_sync = cpu.sync(20'000'000);
    cpu.send(second_sync);
    pb::CpuMessage answer;
    answer.mutable_dma_response()->set_id(read.dma_request().id());
    answer.mutable_dma_response()->set_status(pb::STATUS_OK);
    answer.mutable_dma_response()->set_data("ABCDEFGH");
    cpu.send(answer);
    const pb::ServerMessage write = cpu.receive();
    ASSERT_TRUE(write.has_dma_request()) << write.DebugString();
    EXPECT_TRUE(write.dma_request().write());
    EXPECT_EQ(write.dma_request().address(), kDst);
    EXPECT_EQ(write.dma_request().data(), "ABCDEFGH");
    answer.mutable_dma_response()->set_id(write.dma_request().id());
    answer.mutable_dma_response()->clear_data();
    cpu.send(answer);
    const pb::ServerMessage ack1 = cpu.receive();
    ASSERT_TRUE(ack1.has_sync_ack()) << ack1.DebugString();
    EXPECT_EQ(ack1.sync_ack().id(), first_sync.sync().id());
    bool dma_irq = false;
    for (const pb::InterruptChange& c : ack1.sync_ack().events().interrupts()) dma_irq |= c.irq() == kDmaIrq && c.level();
    EXPECT_TRUE(dma_irq);
    const pb::ServerMessage ack2 = cpu.receive();
    ASSERT_TRUE(ack2.has_sync_ack()) << ack2.DebugString();
    EXPECT_EQ(ack2.sync_ack().id(), second_sync.sync().id());
    EXPECT_EQ(ack2.sync_ack().time_ps(), 20'000'000u);
    cpu.shutdown();
  });
}

TEST(SessionTest, ADmaReadAnswerOfTheWrongSizeIsMalformed) {
  const Outcome outcome = run_session([](Cpu& cpu) {
    cpu.hello();
    cpu.access(1000, true, kDevice + kRegDmaSrc, 0x80000000);
    cpu.access(1000, true, kDevice + kRegDmaDst, 0x80001000);
    cpu.access(1000, true, kDevice + kRegDmaLen, 8);
    cpu.access(1000, true, kDevice + kRegDmaCtrl, 1, 4);
    cpu.send(cpu.sync(10'000'000));
    const pb::ServerMessage read = cpu.receive();
    ASSERT_TRUE(read.has_dma_request());
    pb::CpuMessage answer;
    answer.mutable_dma_response()->set_id(read.dma_request().id());
    answer.mutable_dma_response()->set_data("short");
    cpu.send(answer);
    const pb::Error error = cpu.error();
    EXPECT_EQ(error.message(), "malformed DMA response: 5 bytes for a 8-byte read");
    EXPECT_EQ(error.device(), "dev");
    EXPECT_EQ(error.address(), 0x80000000u);
  });
  EXPECT_EQ(outcome.status, 1);
}

TEST(SessionTest, ConsoleInputForADeviceThatIsNoConsoleIsRefused) {
  run_session([](Cpu& cpu) {
    cpu.hello();
    pb::CpuMessage sync = cpu.sync(1000);
    pb::ConsoleData* input = sync.mutable_sync()->add_console_input();
    input->set_device("dev");
    input->set_data("x");
    cpu.send(sync);
    const pb::Error error = cpu.error();
    EXPECT_EQ(error.message(), "console input for dev, which is not a console device");
    EXPECT_EQ(error.device(), "dev");
  });
}

TEST(SessionTest, AMessageOfNoKnownKindIsMalformed) {
  run_session([](Cpu& cpu) {
    cpu.hello();
    cpu.send(pb::CpuMessage());
    EXPECT_EQ(cpu.error().message(), "malformed message from the CPU (kind 0)");
  });
}

TEST(SessionTest, APostedWriteNobodyTookIsReportedInTheNextAnswer) {
  run_session([](Cpu& cpu) {
    cpu.hello();
    pb::CpuMessage posted;
    for (uint64_t address : {kDevice + kRegScratch, kDevice + 0x2000}) {
      pb::MemoryRequest* write = posted.mutable_posted()->add_writes();
      write->set_time_ps(1000);
      write->set_write(true);
      write->set_address(address);
      write->set_length(4);
      write->set_data("\x01\x02\x03\x04", 4);
    }
    cpu.send(posted);
    const pb::SyncAck ack = cpu.sync_ack(2000);
    ASSERT_EQ(ack.events().posted_errors_size(), 1);
    const pb::PostedWriteError& e = ack.events().posted_errors(0);
    EXPECT_EQ(e.address(), kDevice + 0x2000);
    EXPECT_EQ(e.device(), "nothing");
    EXPECT_EQ(e.status(), pb::STATUS_ADDRESS_ERROR);
    EXPECT_EQ(value_of(cpu.access(3000, false, kDevice + kRegScratch, 0, 4)), 0x04030201u);
    cpu.shutdown();
  });
}

TEST(SessionTest, ResetPutsTheModelsBackAndTimeGoesOn) {
  run_session([](Cpu& cpu) {
    cpu.hello();
    cpu.access(1000, true, kDevice + kRegScratch, 42);
    cpu.access(1000, true, kDevice + kRegIrqRaise, 1, 4);
    pb::CpuMessage reset;
    reset.mutable_reset()->set_id(77);
    reset.mutable_reset()->set_time_ps(5000);
    cpu.send(reset);
    const pb::ServerMessage ack = cpu.receive();
    ASSERT_TRUE(ack.has_reset_ack()) << ack.DebugString();
    EXPECT_EQ(ack.reset_ack().id(), 77u);
    ASSERT_EQ(ack.reset_ack().events().interrupts_size(), 1);  // the raised line falls
    EXPECT_FALSE(ack.reset_ack().events().interrupts(0).level());
    EXPECT_EQ(value_of(cpu.access(6000, false, kDevice + kRegScratch)), 0u);
    EXPECT_EQ(cpu.sync_ack(7000).time_ps(), 7000u);
    cpu.shutdown();
  });
}

TEST(SessionTest, ARestoredStateIsTheSavedOneAndWhatWasPendingIsReportedOnce) {
  run_session([](Cpu& cpu) {
    cpu.hello();
    cpu.access(1000, true, kDevice + kRegScratch, 42);
    // A posted write raises the line after the last answer: that change is
    // pending when the state is saved, and must be reported once, in the
    // next answer after the restore.
    pb::CpuMessage posted;
    pb::MemoryRequest* raise = posted.mutable_posted()->add_writes();
    raise->set_time_ps(1000);
    raise->set_write(true);
    raise->set_address(kDevice + kRegIrqRaise);
    raise->set_length(4);
    raise->set_data("\x01\x00\x00\x00", 4);
    cpu.send(posted);
    uint64_t time_ps = 0;
    std::string refusal;
    const std::string blob = cpu.save_state(time_ps, refusal);
    ASSERT_EQ(refusal, "");
    EXPECT_EQ(time_ps, 1000u);
    // Changed after the save, at the same time...
    pb::CpuMessage scratch;
    pb::MemoryRequest* write = scratch.mutable_posted()->add_writes();
    write->set_time_ps(1000);
    write->set_write(true);
    write->set_address(kDevice + kRegScratch);
    write->set_length(8);
    write->set_data(std::string(8, '\x07'));
    cpu.send(scratch);
    // ...and back.
    const pb::StateRestored done = cpu.restore_state(blob, time_ps);
    EXPECT_EQ(done.refusal(), "");
    EXPECT_EQ(done.events().interrupts_size(), 0);  // the CPU's own snapshot has the lines
    const pb::MemoryResponse read = cpu.access(2000, false, kDevice + kRegScratch);
    EXPECT_EQ(value_of(read), 42u);
    ASSERT_EQ(read.events().interrupts_size(), 1);
    EXPECT_TRUE(read.events().interrupts(0).level());
    EXPECT_EQ(read.events().interrupts(0).time_ps(), 1000u);
    cpu.shutdown();
  });
}

TEST(SessionTest, AStateFromBeforeTheServersTimeIsRefusedAndNothingChanges) {
  run_session([](Cpu& cpu) {
    cpu.hello();
    cpu.access(1000, true, kDevice + kRegScratch, 42);
    uint64_t time_ps = 0;
    std::string refusal;
    const std::string blob = cpu.save_state(time_ps, refusal);
    cpu.access(5000, true, kDevice + kRegScratch, 9);
    const pb::StateRestored done = cpu.restore_state(blob, time_ps);
    EXPECT_TRUE(done.too_late());
    EXPECT_EQ(done.refusal(), "server s0 is at 5000 ps, past the snapshot's 1000 ps (simulated time cannot go back: a "
                              "fresh server can take it)");
    EXPECT_EQ(value_of(cpu.access(6000, false, kDevice + kRegScratch)), 9u);
    cpu.shutdown();
  });
}

TEST(SessionTest, AStateOfOtherDevicesIsRefusedWithOneLine) {
  run_session([](Cpu& cpu) {
    cpu.hello();
    uint64_t time_ps = 0;
    std::string refusal;
    std::string blob = cpu.save_state(time_ps, refusal);
    const size_t at = blob.find("loom,test-device");
    ASSERT_NE(at, std::string::npos);
    blob[at] = 'X';
    const pb::StateRestored done = cpu.restore_state(blob, time_ps);
    EXPECT_FALSE(done.too_late());
    EXPECT_EQ(done.refusal(), "snapshot of server s0: section 'session': device dev (Xoom,test-device) where this "
                              "server has dev (loom,test-device)");
    cpu.shutdown();
  });
}

TEST(SessionTest, AConfigurationAccessChecksItsShape) {
  run_session([](Cpu& cpu) {
    cpu.hello();
    pb::CpuMessage config = cpu.request(1000, false, 0x8000, 0, 4);
    config.mutable_request()->set_space(pb::SPACE_CONFIG);
    cpu.send(config);
    const pb::ServerMessage none = cpu.receive();
    ASSERT_TRUE(none.has_response());
    EXPECT_EQ(none.response().status(), pb::STATUS_ADDRESS_ERROR);  // no function there: all-ones for the guest
    pb::CpuMessage odd = cpu.request(1000, false, 0x8001, 0, 2);
    odd.mutable_request()->set_space(pb::SPACE_CONFIG);
    cpu.send(odd);
    EXPECT_TRUE(contains(cpu.error().message(), "malformed configuration access"));
  });
}

TEST(SessionTest, ACpuThatGoesWithoutShutdownFailsTheSession) {
  const Outcome outcome = run_session([](Cpu& cpu) { cpu.hello(); });
  EXPECT_EQ(outcome.status, 1);
  EXPECT_FALSE(outcome.ended_by_cpu);
  EXPECT_FALSE(outcome.refused_stranger);
}

TEST(SystemcReportsTest, AWarningIsOneLineOnStderrAndNothingOnStdout) {
  route_systemc_reports_to_log();
  testing::internal::CaptureStdout();
  testing::internal::CaptureStderr();
  SC_REPORT_WARNING("loom/test", "uart0: something odd");
  SC_REPORT_INFO("loom/test", "for the record");
  const std::string out = testing::internal::GetCapturedStdout();
  const std::string err = testing::internal::GetCapturedStderr();
  EXPECT_EQ(out, "");
  EXPECT_EQ(err, "loom: warning: loom/test: uart0: something odd\nloom: loom/test: for the record\n");
  // Errors keep SystemC's handling: they throw, and the session reports them.
  EXPECT_THROW(SC_REPORT_ERROR("loom/test", "broken"), sc_core::sc_report);
}

}  // namespace
}  // namespace loom::bridge

// libsystemc's own main() refers to sc_main; GoogleTest's main() is the one
// that runs, so this is never called.
int sc_main(int, char*[]) { return 1; }
