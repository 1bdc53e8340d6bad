#include "transport/memory_transport.h"

#include <condition_variable>
#include <deque>
#include <mutex>

namespace loom::bridge {
namespace {

// What both ends share: a queue each way, and who has gone.
struct Shared {
  std::mutex mutex;
  std::condition_variable changed;
  std::deque<pb::CpuMessage> to_server;
  std::deque<pb::ServerMessage> to_cpu;
  bool cpu_gone = false, server_gone = false, cancelled = false;
};

class MemoryClient final : public ClientTransport {
 public:
  explicit MemoryClient(std::shared_ptr<Shared> s) : s_(std::move(s)) {}
  ~MemoryClient() override { finish(); }
  bool send(const pb::CpuMessage& m) override {
    std::lock_guard<std::mutex> lock(s_->mutex);
    if (s_->server_gone || s_->cancelled) return false;
    s_->to_server.push_back(m);
    s_->changed.notify_all();
    return true;
  }
  bool receive(pb::ServerMessage& m) override {
    std::unique_lock<std::mutex> lock(s_->mutex);
    s_->changed.wait(lock, [&] { return !s_->to_cpu.empty() || s_->server_gone || s_->cancelled; });
    if (s_->cancelled || s_->to_cpu.empty()) return false;
    m = std::move(s_->to_cpu.front());
    s_->to_cpu.pop_front();
    return true;
  }
  void cancel() override {
    std::lock_guard<std::mutex> lock(s_->mutex);
    s_->cancelled = true;
    s_->changed.notify_all();
  }
  void finish() override {
    std::lock_guard<std::mutex> lock(s_->mutex);
    s_->cpu_gone = true;
    s_->changed.notify_all();
  }
  std::string failure() override {
    std::lock_guard<std::mutex> lock(s_->mutex);
    return s_->cancelled ? "cancelled" : "the server closed the session";
  }

 private:
  std::shared_ptr<Shared> s_;
};

class MemoryServer final : public ServerTransport {
 public:
  explicit MemoryServer(std::shared_ptr<Shared> s) : s_(std::move(s)) {}
  ~MemoryServer() override {
    std::lock_guard<std::mutex> lock(s_->mutex);
    s_->server_gone = true;
    s_->changed.notify_all();
  }
  bool send(const pb::ServerMessage& m) override {
    std::lock_guard<std::mutex> lock(s_->mutex);
    if (s_->cpu_gone) return false;
    s_->to_cpu.push_back(m);
    s_->changed.notify_all();
    return true;
  }
  bool receive(pb::CpuMessage& m) override {
    std::unique_lock<std::mutex> lock(s_->mutex);
    s_->changed.wait(lock, [&] { return !s_->to_server.empty() || s_->cpu_gone; });
    if (s_->to_server.empty()) return false;
    m = std::move(s_->to_server.front());
    s_->to_server.pop_front();
    return true;
  }

 private:
  std::shared_ptr<Shared> s_;
};

}  // namespace

MemoryLink make_memory_link() {
  auto shared = std::make_shared<Shared>();
  return {std::make_unique<MemoryClient>(shared), std::make_unique<MemoryServer>(shared)};
}

}  // namespace loom::bridge
