#include <fmt/format.h>
#include <grpcpp/grpcpp.h>

#include <condition_variable>
#include <fstream>
#include <future>
#include <mutex>
#include <sstream>
#include <stdexcept>

#include "loom/bridge/v1/bridge.grpc.pb.h"
#include "transport/transport.h"

namespace loom::bridge {
namespace {

std::string read_file(const std::string& path, const char* what) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(fmt::format("cannot read {} file {}", what, path));
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

grpc::ChannelArguments channel_arguments() {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_ENABLE_HTTP_PROXY, 0);  // a proxy in the environment must not capture the link
  args.SetMaxReceiveMessageSize(-1);
  args.SetMaxSendMessageSize(-1);
  // A spawned server's socket appears a few ms after the CPU starts
  // connecting: retry quickly instead of gRPC's default 1 s back-off.
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 5);
  args.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, 5);
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 100);
  return args;
}

class GrpcClientTransport final : public ClientTransport {
 public:
  explicit GrpcClientTransport(std::shared_ptr<grpc::Channel> channel)
      : stub_(pb::DeviceServer::NewStub(channel)), stream_(stub_->Session(&context_)) {}

  bool send(const pb::CpuMessage& m) override { return stream_->Write(m); }
  bool receive(pb::ServerMessage& m) override { return stream_->Read(&m); }
  void cancel() override { context_.TryCancel(); }
  void finish() override {
    stream_->WritesDone();
    pb::ServerMessage ignored;
    while (stream_->Read(&ignored)) {
    }
    status_ = stream_->Finish();
    finished_ = true;
  }
  std::string failure() override {
    if (!finished_) {
      status_ = stream_->Finish();
      finished_ = true;
    }
    if (status_.ok()) return "the server closed the session";
    return fmt::format("{} (gRPC status {})", status_.error_message(), static_cast<int>(status_.error_code()));
  }

 private:
  std::unique_ptr<pb::DeviceServer::Stub> stub_;
  grpc::ClientContext context_;
  std::unique_ptr<grpc::ClientReaderWriter<pb::CpuMessage, pb::ServerMessage>> stream_;
  grpc::Status status_;
  bool finished_ = false;
};

// The gRPC handler thread lends its stream to the server's main (SystemC)
// thread and waits; the main thread then reads and writes directly, so a
// round trip costs no thread hand-off.
class SessionService final : public pb::DeviceServer::Service {
 public:
  grpc::Status Session(grpc::ServerContext*,
                       grpc::ServerReaderWriter<pb::ServerMessage, pb::CpuMessage>* stream) override {
    std::promise<void> done;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (taken_ || closed_) {
        return grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED, "this device server already serves a CPU");
      }
      taken_ = true;
      pending_stream_ = stream;
      pending_done_ = &done;
    }
    ready_.notify_all();
    done.get_future().wait();
    return grpc::Status::OK;
  }

  std::unique_ptr<ServerTransport> accept(std::chrono::milliseconds timeout);
  // The session handed out has ended: another peer may open one (the
  // server refused the last one before its handshake).
  void release() {
    std::lock_guard<std::mutex> lock(mutex_);
    taken_ = false;
  }
  void close() {
    std::lock_guard<std::mutex> lock(mutex_);
    closed_ = true;
  }

 private:
  std::mutex mutex_;
  std::condition_variable ready_;
  bool taken_ = false;
  bool closed_ = false;
  grpc::ServerReaderWriter<pb::ServerMessage, pb::CpuMessage>* pending_stream_ = nullptr;
  std::promise<void>* pending_done_ = nullptr;
};

class GrpcServerTransport final : public ServerTransport {
 public:
  GrpcServerTransport(grpc::ServerReaderWriter<pb::ServerMessage, pb::CpuMessage>* stream, std::promise<void>* done,
                      SessionService* service)
      : stream_(stream), done_(done), service_(service) {}
  ~GrpcServerTransport() override {
    done_->set_value();
    service_->release();
  }
  bool send(const pb::ServerMessage& m) override { return stream_->Write(m); }
  bool receive(pb::CpuMessage& m) override { return stream_->Read(&m); }

 private:
  grpc::ServerReaderWriter<pb::ServerMessage, pb::CpuMessage>* stream_;
  std::promise<void>* done_;
  SessionService* service_;
};

std::unique_ptr<ServerTransport> SessionService::accept(std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mutex_);
  if (!ready_.wait_for(lock, timeout, [this] { return pending_stream_ != nullptr; })) return nullptr;
  auto transport = std::make_unique<GrpcServerTransport>(pending_stream_, pending_done_, this);
  pending_stream_ = nullptr;
  return transport;
}

class GrpcListener final : public Listener {
 public:
  GrpcListener(const std::string& address, const TlsServerOptions* tls) {
    std::shared_ptr<grpc::ServerCredentials> credentials = grpc::InsecureServerCredentials();
    if (tls) {
      grpc::SslServerCredentialsOptions options;
      options.pem_key_cert_pairs.push_back(
          {read_file(tls->key_file, "TLS key"), read_file(tls->cert_file, "TLS certificate")});
      credentials = grpc::SslServerCredentials(options);
    }
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort(address, credentials, &port);
    builder.RegisterService(&service_);
    builder.SetMaxReceiveMessageSize(-1);
    server_ = builder.BuildAndStart();
    if (!server_ || (address.rfind("unix:", 0) != 0 && port == 0)) {
      throw std::runtime_error(fmt::format("cannot listen on {}", address));
    }
    address_ = address;
    if (address.rfind("unix:", 0) != 0) {
      const auto colon = address.rfind(':');
      address_ = address.substr(0, colon) + ":" + std::to_string(port);
    }
  }
  ~GrpcListener() override { shutdown(std::chrono::milliseconds(0)); }
  std::unique_ptr<ServerTransport> accept(std::chrono::milliseconds timeout) override {
    return service_.accept(timeout);
  }
  void shutdown(std::chrono::milliseconds grace) override {
    service_.close();
    if (server_) {
      // A session the CPU ended is over: cancel what is left at once rather
      // than wait for the peer's half-close, which adds its latency to every
      // run's exit. Any other end gives its last messages (an error reply,
      // the end of the stream) time to arrive, so that the CPU reports them
      // and not a cancelled call.
      server_->Shutdown(std::chrono::system_clock::now() + grace);
      server_.reset();
    }
  }
  std::string address() const override { return address_; }

 private:
  SessionService service_;
  std::unique_ptr<grpc::Server> server_;
  std::string address_;
};

}  // namespace

std::unique_ptr<ClientTransport> connect_grpc(const std::string& address, const TlsClientOptions* tls,
                                              std::chrono::milliseconds timeout,
                                              const std::function<std::string()>& gone) {
  std::shared_ptr<grpc::ChannelCredentials> credentials = grpc::InsecureChannelCredentials();
  grpc::ChannelArguments args = channel_arguments();
  if (tls) {
    grpc::SslCredentialsOptions options;
    options.pem_root_certs = read_file(tls->ca_file, "TLS CA");
    credentials = grpc::SslCredentials(options);
    if (!tls->server_name_override.empty()) {
      args.SetSslTargetNameOverride(tls->server_name_override);
    }
  }
  auto channel = grpc::CreateCustomChannel(address, credentials, args);
  // In short steps, so that a server that died meanwhile is reported now.
  constexpr auto kStep = std::chrono::milliseconds(50);
  const auto end = std::chrono::system_clock::now() + timeout;
  for (;;) {
    const auto now = std::chrono::system_clock::now();
    if (now >= end) throw std::runtime_error(fmt::format("cannot connect to {} within {} ms", address, timeout.count()));
    if (channel->WaitForConnected(std::min(end, now + kStep))) break;
    if (gone) {
      if (const std::string why = gone(); !why.empty()) {
        throw ServerGone(fmt::format("cannot connect to {}: {}", address, why));
      }
    }
  }
  return std::make_unique<GrpcClientTransport>(channel);
}

std::unique_ptr<Listener> listen_grpc(const std::string& address, const TlsServerOptions* tls) {
  return std::make_unique<GrpcListener>(address, tls);
}

}  // namespace loom::bridge
