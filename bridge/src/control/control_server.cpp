// The run-control endpoint: a gRPC server on a unix socket whose handler
// queues each command for the CPU thread and waits for its answer.
#include <fmt/format.h>
#include <grpcpp/grpcpp.h>

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>

#include "loom/bridge/control.h"
#include "loom/control/v1/control.grpc.pb.h"

namespace loom::bridge {
namespace pbc = loom::control::v1;

namespace {

// How long a command waits for the run to take it up: the run answers
// between instructions, or within 100 ms while it stands still, unless it
// is stuck in a device server (whose own deadline then ends the run).
constexpr auto kAnswerWait = std::chrono::seconds(30);

bool someone_listens(const std::string& path) {
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::strncpy(address.sun_path, path.c_str(), sizeof address.sun_path - 1);
  const bool connected = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  ::close(fd);
  return connected;
}

}  // namespace

std::string control_socket_path(const std::string& address) {
  if (address.rfind("unix:", 0) != 0 || address.size() == 5) {
    throw ControlError(fmt::format("--control {}: expected unix:PATH (a local socket)", address));
  }
  const std::string path = address.substr(5);
  if (path.size() >= sizeof(sockaddr_un{}.sun_path)) {
    throw ControlError(fmt::format("--control {}: the path is too long for a unix socket", address));
  }
  return path;
}

struct ControlServer::Impl final : pbc::Control::Service {
  struct Waiting {
    ControlCommand command;
    ControlReply reply;
    bool answered = false;
  };

  std::string path;
  std::function<void()> wake;
  mutable std::mutex mutex;
  std::condition_variable changed;
  std::deque<Waiting*> queue;  // commands not taken yet
  Waiting* taken = nullptr;    // the command the CPU thread works on
  bool stopping = false;
  std::unique_ptr<grpc::Server> server;

  grpc::Status Command(grpc::ServerContext*, const pbc::ControlRequest* request, pbc::ControlReply* out) override {
    Waiting waiting;
    waiting.command.verb = static_cast<ControlCommand::Verb>(request->verb());
    waiting.command.count = request->count();
    waiting.command.name = request->name();
    if (request->verb() > pbc::ControlRequest::QUIT) {
      out->set_error(fmt::format("unknown command {}", static_cast<int>(request->verb())));
      return grpc::Status::OK;
    }
    std::unique_lock<std::mutex> lock(mutex);
    if (stopping) return grpc::Status(grpc::StatusCode::UNAVAILABLE, "the run is ending");
    queue.push_back(&waiting);
    changed.notify_all();
    lock.unlock();
    if (wake) wake();
    lock.lock();
    if (!changed.wait_for(lock, kAnswerWait, [&] { return waiting.answered || stopping; })) {
      // Not answered in time: withdrawn, unless the CPU thread has it.
      for (auto it = queue.begin(); it != queue.end(); ++it) {
        if (*it == &waiting) {
          queue.erase(it);
          return grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED, "the run did not take the command up");
        }
      }
      changed.wait(lock, [&] { return waiting.answered || stopping; });
    }
    if (!waiting.answered) {
      for (auto it = queue.begin(); it != queue.end(); ++it) {
        if (*it == &waiting) {
          queue.erase(it);
          break;
        }
      }
      if (taken == &waiting) taken = nullptr;
      return grpc::Status(grpc::StatusCode::UNAVAILABLE, "the run ended");
    }
    const ControlReply& reply = waiting.reply;
    out->set_error(reply.error);
    out->set_state(reply.state);
    out->set_simulated_ps(reply.simulated_ps);
    out->set_instructions(reply.instructions);
    for (uint64_t pc : reply.pcs) out->add_pcs(pc);
    out->set_links(reply.links);
    out->set_message(reply.message);
    return grpc::Status::OK;
  }
};

ControlServer::ControlServer(const std::string& address, std::function<void()> wake)
    : impl_(std::make_unique<Impl>()) {
  Impl& m = *impl_;
  m.path = control_socket_path(address);
  m.wake = std::move(wake);
  struct stat st {};
  if (::lstat(m.path.c_str(), &st) == 0) {
    if (!S_ISSOCK(st.st_mode)) {
      throw ControlError(fmt::format("--control {}: a file that is not a socket is there; not replacing it", address));
    }
    if (someone_listens(m.path)) throw ControlError(fmt::format("--control {}: another run listens there", address));
    ::unlink(m.path.c_str());  // a socket left by a run that is gone
  }
  grpc::ServerBuilder builder;
  builder.AddListeningPort(address, grpc::InsecureServerCredentials());
  builder.RegisterService(&m);
  m.server = builder.BuildAndStart();
  if (!m.server) throw ControlError(fmt::format("--control {}: cannot listen there", address));
}

ControlServer::~ControlServer() {
  Impl& m = *impl_;
  {
    std::lock_guard<std::mutex> lock(m.mutex);
    m.stopping = true;
  }
  m.changed.notify_all();
  if (m.server) m.server->Shutdown(std::chrono::system_clock::now() + std::chrono::milliseconds(500));
  ::unlink(m.path.c_str());
}

bool ControlServer::next(ControlCommand& command, std::chrono::milliseconds wait) {
  Impl& m = *impl_;
  std::unique_lock<std::mutex> lock(m.mutex);
  if (!m.changed.wait_for(lock, wait, [&] { return !m.queue.empty(); })) return false;
  m.taken = m.queue.front();
  m.queue.pop_front();
  command = m.taken->command;
  return true;
}

void ControlServer::answer(const ControlReply& reply) {
  Impl& m = *impl_;
  std::lock_guard<std::mutex> lock(m.mutex);
  if (!m.taken) return;
  m.taken->reply = reply;
  m.taken->answered = true;
  m.taken = nullptr;
  m.changed.notify_all();
}

bool ControlServer::pending() const {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return !impl_->queue.empty();
}

const std::string& ControlServer::path() const { return impl_->path; }

}  // namespace loom::bridge
