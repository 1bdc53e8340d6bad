// The bridge's message stream over a shared-memory ring pair (shm_ring.h),
// for a CPU and a device server on one host. The session starts on gRPC;
// once the handshake agrees on the link, both sides carry every further
// message here, in the same order with the same meaning. The gRPC stream
// stays open beside it, unused, and ends the session as before.
//
// A side waits for its peer by spinning for a short budget (a round trip on
// a busy board is a few microseconds), then sleeping on the ring's futex in
// slices; between slices it checks that the peer process still lives (a
// pidfd) and that nobody cancelled the wait (the CPU's deadline watchdog).
#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <poll.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "transport/shm_ring.h"
#include "transport/transport.h"

namespace loom::bridge {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::chrono::microseconds kSleepSlice{10'000};  // how often a sleeper looks at its peer

// How long a side spins before it sleeps: LOOM_SHM_SPIN_US, default 50 us
// (bench/shm.sh measures where it should sit).
std::chrono::nanoseconds spin_budget() {
  static const std::chrono::nanoseconds budget = [] {
    const char* text = std::getenv("LOOM_SHM_SPIN_US");
    const long us = text ? std::strtol(text, nullptr, 10) : 50;
    return std::chrono::nanoseconds(std::max(0L, std::min(us, 10'000L)) * 1000);
  }();
  return budget;
}

inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

// The peer process, watched through a pidfd: readable once it has exited.
class PeerWatch {
 public:
  explicit PeerWatch(uint32_t pid) : fd_(pid ? static_cast<int>(syscall(SYS_pidfd_open, pid, 0)) : -1) {}
  ~PeerWatch() {
    if (fd_ >= 0) ::close(fd_);
  }
  PeerWatch(const PeerWatch&) = delete;
  PeerWatch& operator=(const PeerWatch&) = delete;
  bool alive() const {
    if (fd_ < 0) return true;
    pollfd p{fd_, POLLIN, 0};
    return poll(&p, 1, 0) == 0;
  }

 private:
  int fd_;
};

// One side of the link: sends on one ring, receives on the other.
class ShmEndpoint {
 public:
  ShmEndpoint(ShmSegment segment, int side, uint32_t peer_pid, std::string peer_name)
      : segment_(std::move(segment)),
        side_(side),
        out_(segment_.ring(side)),
        in_(segment_.ring(1 - side)),
        peer_(peer_pid),
        peer_name_(std::move(peer_name)) {}

  template <typename Message>
  bool send(const Message& m) {
    if (!failure_.empty()) return false;
    const size_t bytes = m.ByteSizeLong();
    if (bytes > out_.max_message()) {
      failure_ = fmt::format("a {}-byte message does not fit the shared-memory link ({} bytes at most)", bytes,
                             out_.max_message());
      return false;
    }
    const auto size = static_cast<uint32_t>(bytes);
    if (!out_.has_room(size) && !wait([&] { return out_.has_room(size); }, false)) return false;
    out_.publish(size, [&](uint8_t* first, uint32_t first_size, uint8_t* second) {
      if (first_size == size) {
        m.SerializeWithCachedSizesToArray(first);
        return;
      }
      scratch_.resize(size);
      m.SerializeWithCachedSizesToArray(scratch_.data());
      std::memcpy(first, scratch_.data(), first_size);
      std::memcpy(second, scratch_.data() + first_size, size - first_size);
    });
    return true;
  }

  template <typename Message>
  bool receive(Message& m) {
    if (!failure_.empty()) return false;
    uint32_t size = 0;
    std::string error;
    if (!in_.peek(size, error)) {
      if (!error.empty()) return fail(error);
      if (!wait([&] { return in_.peek(size, error) || !error.empty(); }, true)) return false;
      if (!error.empty()) return fail(error);
    }
    const uint8_t* first = nullptr;
    const uint8_t* second = nullptr;
    uint32_t first_size = 0;
    in_.payload(size, first, first_size, second);
    bool parsed;
    if (first_size == size) {
      parsed = m.ParseFromArray(first, static_cast<int>(size));
    } else {
      scratch_.resize(size);
      std::memcpy(scratch_.data(), first, first_size);
      std::memcpy(scratch_.data() + first_size, second, size - first_size);
      parsed = m.ParseFromArray(scratch_.data(), static_cast<int>(size));
    }
    in_.release(size);
    if (!parsed) return fail(fmt::format("malformed {}-byte message on the shared-memory link", size));
    return true;
  }

  void cancel() {
    cancelled_.store(true);
    in_.wake_all();
    out_.wake_all();
  }
  // This side ends the link on purpose: the peer stops waiting for it.
  void close() {
    segment_.header().closed[side_].store(1, std::memory_order_seq_cst);
    in_.wake_all();
    out_.wake_all();
  }
  const std::string& failure() const { return failure_; }
  void corrupt_for_test() { out_.publish_garbage(); }

 private:
  bool fail(std::string why) {
    failure_ = std::move(why);
    return false;
  }

  // Spins, then sleeps in slices until `ready`; false (with the reason)
  // once the wait is cancelled, or the peer closed the link or died.
  template <typename Ready>
  bool wait(Ready ready, bool receiving) {
    // Spinning pays only while the peer answers within the budget (a busy
    // board, a core each). After a spin that came to nothing (the peer
    // idles, or waits for a core itself on a loaded host), the next waits
    // sleep at once; spinning is tried again now and then. (Yielding in the
    // spin instead would hand the core to any other process, and come back
    // milliseconds later on a loaded host.)
    if (skip_spins_ > 0) {
      --skip_spins_;
    } else {
      const auto spin_until = Clock::now() + spin_budget();
      do {
        for (int i = 0; i < 64; ++i) {
          if (ready()) {
            failed_spins_ = 0;
            return true;
          }
          cpu_relax();
        }
      } while (Clock::now() < spin_until);
      // 1, 2, 4 ... 64 waits without spinning after failures in a row: one
      // slow answer in a busy loop costs little, an idle peer soon costs
      // nothing.
      failed_spins_ = std::min(failed_spins_ + 1, kMaxSkipShift);
      skip_spins_ = (1 << failed_spins_) - 1;
    }
    for (;;) {
      if (cancelled_.load()) return fail("cancelled");
      // Before each sleep: a peer that is gone will not wake us (its last
      // words, if any, are read first).
      if (segment_.header().closed[1 - side_].load()) {
        if (ready()) return true;
        return fail(fmt::format("the {} closed the session", peer_name_));
      }
      if (!peer_.alive()) {
        if (ready()) return true;
        return fail(fmt::format("the {} process has exited", peer_name_));
      }
      if (receiving ? in_.wait_published(ready, kSleepSlice) : out_.wait_released(ready, kSleepSlice)) return true;
    }
  }

  ShmSegment segment_;
  int side_;
  ShmRing out_, in_;
  PeerWatch peer_;
  std::string peer_name_;
  static constexpr int kMaxSkipShift = 6;
  int failed_spins_ = 0;  // spins in a row that came to nothing
  int skip_spins_ = 0;    // waits left that sleep at once
  std::atomic<bool> cancelled_{false};
  std::string failure_;
  std::vector<uint8_t> scratch_;
};

class ShmClientTransport final : public ClientTransport {
 public:
  ShmClientTransport(ShmSegment segment, uint32_t server_pid, std::unique_ptr<ClientTransport> grpc)
      : link_(std::move(segment), 0, server_pid, "server"), grpc_(std::move(grpc)) {}
  bool send(const pb::CpuMessage& m) override { return link_.send(m); }
  bool receive(pb::ServerMessage& m) override { return link_.receive(m); }
  void cancel() override {
    link_.cancel();
    grpc_->cancel();
  }
  void finish() override {
    link_.close();
    grpc_->finish();
  }
  std::string failure() override { return link_.failure().empty() ? grpc_->failure() : link_.failure(); }

 private:
  ShmEndpoint link_;
  std::unique_ptr<ClientTransport> grpc_;
};

class ShmServerTransport final : public ServerTransport {
 public:
  ShmServerTransport(ShmSegment segment, uint32_t cpu_pid) : link_(std::move(segment), 1, cpu_pid, "CPU") {}
  ~ShmServerTransport() override { link_.close(); }
  bool send(const pb::ServerMessage& m) override { return link_.send(m); }
  bool receive(pb::CpuMessage& m) override { return link_.receive(m); }
  void corrupt_for_test() override { link_.corrupt_for_test(); }

 private:
  ShmEndpoint link_;
};

}  // namespace

std::unique_ptr<ClientTransport> open_shm_client(const std::string& path, uint32_t server_pid,
                                                 std::unique_ptr<ClientTransport> grpc) {
  return std::make_unique<ShmClientTransport>(ShmSegment::open_and_unlink(path), server_pid, std::move(grpc));
}

std::unique_ptr<ServerTransport> make_shm_server(ShmSegment segment, uint32_t cpu_pid) {
  return std::make_unique<ShmServerTransport>(std::move(segment), cpu_pid);
}

}  // namespace loom::bridge
