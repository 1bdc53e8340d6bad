// The bridge's server side (Session: handshake, elaboration of the models,
// requests in stream order, DMA) against a hostile CPU: every message after
// the handshake comes from the input, and so may the handshake's device
// list. The session must answer each request, sync and reset it handles
// with the same id, in order, or end with one error message; nothing may
// crash, and no exception may escape but the one-line ones `loom serve`
// reports (device_server.cpp).
//
// SystemC elaborates once per simulation context, and a session elaborates
// its models: each input gets a fresh context (and a fresh disk image), so
// that every input is a fresh session, a pure function of its bytes.
//
// Input (message_stream.h): pb::CpuMessage chunks. A first message that is
// a hello replaces the default one, with what could reach outside the
// process taken out: plugins (dlopen) and disk image paths (the target's
// own image is used), shared memory and tokens.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "message_stream.h"
#include "protocol.h"
#include "scripted_peer.h"
#include "server/session.h"

namespace {

using namespace loom;
namespace pb = bridge::pb;

constexpr size_t kMaxDevices = 8;  // a few models make every interaction; more only slow elaboration

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "fuzz_session: %s\n", what.c_str());
  std::abort();
}

// The disk image of every virtio-blk model: rewritten before each input, as
// sessions write to it.
class DiskImage {
 public:
  DiskImage() {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/loom-fuzz-session.XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) fail("cannot make a temporary directory");
    directory_ = pattern;
    path_ = directory_ + "/disk.img";
  }
  ~DiskImage() { std::filesystem::remove_all(directory_); }
  const std::string& fresh() {
    std::string sectors(8 * 512, '\0');
    for (size_t i = 0; i < sectors.size(); ++i) sectors[i] = static_cast<char>(i * 7);
    std::ofstream(path_, std::ios::binary | std::ios::trunc) << sectors;
    return path_;
  }

 private:
  std::string directory_, path_;
};

void add_device(pb::Hello& hello, const char* name, const char* type, uint64_t base, uint64_t size,
                std::vector<uint32_t> irqs) {
  pb::DeviceSpec* spec = hello.add_devices();
  spec->set_name(name);
  spec->set_type(type);
  spec->set_base(base);
  spec->set_size(size);
  for (uint32_t irq : irqs) spec->add_irqs(irq);
}

// virt's device server, plus the test device and a PCIe function.
pb::CpuMessage default_hello() {
  pb::CpuMessage message;
  pb::Hello& hello = *message.mutable_hello();
  hello.set_version(bridge::kProtocolVersion);
  hello.set_server_name("io");
  hello.set_quantum_ps(10'000'000);
  hello.set_epoch_ns(1'767'225'600'000'000'000ull);
  add_device(hello, "test", "sifive,test1", 0x100000, 0x1000, {});
  add_device(hello, "rtc", "google,goldfish-rtc", 0x101000, 0x1000, {11});
  add_device(hello, "uart0", "ns16550a", 0x10000000, 0x100, {10});
  add_device(hello, "disk", "loom,virtio-blk", 0x10001000, 0x1000, {1});
  add_device(hello, "dev", "loom,test-device", 0x10002000, 0x1000, {2});
  add_device(hello, "ep", "loom,pci-endpoint-test", 0, 0, {32, 33, 34, 35});
  hello.mutable_devices(5)->mutable_pcie()->set_device(1);
  return message;
}

void sanitize(pb::Hello& hello, const std::string& image) {
  hello.clear_token();
  hello.set_offer_shm(false);
  hello.clear_host();
  while (static_cast<size_t>(hello.devices_size()) > kMaxDevices) hello.mutable_devices()->RemoveLast();
  for (pb::DeviceSpec& spec : *hello.mutable_devices()) {
    spec.mutable_params()->erase("plugin");
    if (spec.type() == "loom,virtio-blk" || spec.params().count("image")) (*spec.mutable_params())["image"] = image;
  }
}

// Answers (responses, sync and reset acks) name the requests, syncs and
// resets of the script in order; an error ends the answers.
void check_answers(const std::deque<pb::CpuMessage>& script, const std::vector<pb::ServerMessage>& answers) {
  std::vector<std::pair<pb::ServerMessage::KindCase, uint64_t>> expected;
  for (const pb::CpuMessage& m : script) {
    if (m.has_request()) expected.emplace_back(pb::ServerMessage::kResponse, m.request().id());
    if (m.has_sync()) expected.emplace_back(pb::ServerMessage::kSyncAck, m.sync().id());
    if (m.has_reset()) expected.emplace_back(pb::ServerMessage::kResetAck, m.reset().id());
    if (m.has_save_state()) expected.emplace_back(pb::ServerMessage::kStateChunk, m.save_state().id());
    if (m.has_restore_state() && m.restore_state().last()) {
      expected.emplace_back(pb::ServerMessage::kStateRestored, m.restore_state().id());
    }
  }
  size_t next = 0;
  for (size_t i = 0; i < answers.size(); ++i) {
    const pb::ServerMessage& a = answers[i];
    if (i == 0 && !a.has_hello_ack() && !a.has_error()) fail("the first answer is neither hello_ack nor error");
    if (a.has_error() && i + 1 != answers.size()) fail("answers after an error");
    if (i == 0 || a.has_error() || a.has_dma_request()) continue;
    const uint64_t id = a.has_response()         ? a.response().id()
                        : a.has_sync_ack()       ? a.sync_ack().id()
                        : a.has_reset_ack()      ? a.reset_ack().id()
                        : a.has_state_chunk()    ? a.state_chunk().id()
                        : a.has_state_restored() ? a.state_restored().id()
                                                 : ~0ull;
    if (next >= expected.size() || expected[next].first != a.kind_case() || expected[next].second != id) {
      fail("an answer out of order or to nothing: id " + std::to_string(id));
    }
    if (a.has_state_chunk() && !a.state_chunk().last()) continue;  // a saved state comes in pieces
    ++next;
  }
}

void run_session(std::deque<pb::CpuMessage> script) {
  const std::deque<pb::CpuMessage> sent = script;
  fuzz::ScriptedCpu cpu(std::move(script));
  bridge::DeviceServerOptions options;
  options.quiet = true;
  {
    bridge::Session session(cpu, options);
    try {
      session.run();
    } catch (const sc_core::sc_report& e) {
      if (std::string(e.what()).empty()) fail("a SystemC error without a message");
    } catch (const std::exception& e) {
      const std::string message = e.what();
      if (message.empty() || message.find('\n') != std::string::npos) fail("error is not one line: " + message);
    }
  }
  check_answers(sent, cpu.answers());
}

}  // namespace

// SystemC runs its processes on stacks of its own (QuickThreads coroutines),
// which AddressSanitizer does not see switched: its fake stacks for
// use-after-return detection (on by default since LLVM 15) lose a frame at
// the first switch, and LeakSanitizer, once a coroutine ran, no longer finds
// what the main stack points to (it reports libFuzzer's own objects). So
// this target checks no leaks; the CPU-side target does.
extern "C" const char* __asan_default_options() { return "detect_stack_use_after_return=0:detect_leaks=0"; }

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static DiskImage disk;
  const std::string& image = disk.fresh();
  std::deque<pb::CpuMessage> script = fuzz::parse_messages<pb::CpuMessage>(fuzz::split_chunks(data, size), 0);
  if (script.empty() || !script.front().has_hello()) script.push_front(default_hello());
  sanitize(*script.front().mutable_hello(), image);

  // A fresh SystemC kernel; the session's models are gone before it goes.
  auto* context = new sc_core::sc_simcontext;
  sc_core::sc_curr_simcontext = context;
  sc_core::sc_default_global_context = context;
  run_session(std::move(script));
  sc_core::sc_curr_simcontext = nullptr;
  sc_core::sc_default_global_context = nullptr;
  delete context;
  return 0;
}
