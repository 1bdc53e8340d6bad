// The shared-memory link without processes: a server end and a client end
// in one process, on a small ring so that messages wrap round its end.
// Ordering and content across wrapping, waiting on both sides (full and
// empty rings), cancellation, a peer that closes, a corrupt frame, and a
// message too large for the ring.
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>

#include <unistd.h>

#include "transport/shm_ring.h"
#include "transport/transport.h"

namespace loom::bridge {
namespace {

// The gRPC stream the client end takes over; unused here.
class NoStream final : public ClientTransport {
 public:
  bool send(const pb::CpuMessage&) override { return false; }
  bool receive(pb::ServerMessage&) override { return false; }
  void cancel() override {}
  void finish() override {}
  std::string failure() override { return "no stream"; }
};

struct Link {
  std::unique_ptr<ServerTransport> server;
  std::unique_ptr<ClientTransport> client;
  std::string path;
  explicit Link(uint32_t ring_bytes = 64 * 1024) {
    ShmSegment segment = ShmSegment::create(ring_bytes);
    path = segment.path();
    const auto self = static_cast<uint32_t>(::getpid());
    server = make_shm_server(std::move(segment), self);
    client = open_shm_client(path, self, std::make_unique<NoStream>());
  }
};

pb::CpuMessage sync_with_input(uint64_t id, size_t bytes) {
  pb::CpuMessage m;
  m.mutable_sync()->set_id(id);
  pb::ConsoleData* input = m.mutable_sync()->add_console_input();
  input->set_device("uart0");
  input->set_data(std::string(bytes, static_cast<char>('a' + id % 26)));
  return m;
}

TEST(ShmLink, TheCpuRemovesTheNameWhenItOpensTheLink) {
  Link link;
  EXPECT_NE(access(link.path.c_str(), F_OK), 0) << link.path << " is still in /dev/shm";
}

TEST(ShmLink, MessagesArriveInOrderAndWholeAcrossTheRingsEnd) {
  Link link;
  constexpr int kMessages = 3000;
  // The server echoes every sync's id back as a sync_ack: the client sends
  // faster than the 64 KiB ring drains, so both sides wait on a full or an
  // empty ring, and frames of every size wrap round its end.
  std::thread server([&] {
    for (int i = 0; i < kMessages; ++i) {
      pb::CpuMessage in;
      ASSERT_TRUE(link.server->receive(in));
      ASSERT_EQ(in.sync().id(), static_cast<uint64_t>(i));
      ASSERT_EQ(in.sync().console_input(0).data().size(), static_cast<size_t>(i * 7 % 9000));
      pb::ServerMessage out;
      out.mutable_sync_ack()->set_id(in.sync().id());
      ASSERT_TRUE(link.server->send(out));
    }
  });
  std::thread client_sender([&] {
    for (int i = 0; i < kMessages; ++i) ASSERT_TRUE(link.client->send(sync_with_input(i, i * 7 % 9000)));
  });
  for (int i = 0; i < kMessages; ++i) {
    pb::ServerMessage m;
    ASSERT_TRUE(link.client->receive(m)) << link.client->failure();
    ASSERT_EQ(m.sync_ack().id(), static_cast<uint64_t>(i));
  }
  client_sender.join();
  server.join();
}

TEST(ShmLink, CancelEndsAWaitingReceive) {
  Link link;
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    link.client->cancel();
  });
  pb::ServerMessage m;
  EXPECT_FALSE(link.client->receive(m));
  EXPECT_EQ(link.client->failure(), "cancelled");
  canceller.join();
}

TEST(ShmLink, AServerThatEndsItsSideIsSeenAfterItsLastMessage) {
  Link link;
  pb::ServerMessage last;
  last.mutable_error()->set_message("bye");
  ASSERT_TRUE(link.server->send(last));
  link.server.reset();  // closes its side
  pb::ServerMessage m;
  ASSERT_TRUE(link.client->receive(m));  // its last words are still there
  EXPECT_EQ(m.error().message(), "bye");
  EXPECT_FALSE(link.client->receive(m));
  EXPECT_EQ(link.client->failure(), "the server closed the session");
}

TEST(ShmLink, ACorruptFrameIsAnErrorNotACrash) {
  Link link;
  link.server->corrupt_for_test();
  pb::ServerMessage m;
  EXPECT_FALSE(link.client->receive(m));
  EXPECT_NE(link.client->failure().find("corrupt shared-memory ring"), std::string::npos) << link.client->failure();
}

TEST(ShmLink, AMessageLargerThanHalfTheRingIsRefused) {
  Link link(64 * 1024);
  EXPECT_FALSE(link.client->send(sync_with_input(1, 40 * 1024)));
  EXPECT_NE(link.client->failure().find("does not fit the shared-memory link"), std::string::npos)
      << link.client->failure();
}

TEST(ShmLink, ASegmentNamedOutsideDevShmIsRefused) {
  EXPECT_THROW(open_shm_client("/tmp/loom-link-x", 0, std::make_unique<NoStream>()), std::runtime_error);
  EXPECT_THROW(open_shm_client("/dev/shm/loom-link-../../etc/passwd", 0, std::make_unique<NoStream>()),
               std::runtime_error);
}

}  // namespace
}  // namespace loom::bridge
