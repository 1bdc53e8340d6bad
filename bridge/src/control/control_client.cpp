// `loom ctl`'s end of run control: one call with a deadline.
#include <fmt/format.h>
#include <grpcpp/grpcpp.h>

#include <sys/stat.h>

#include "loom/bridge/control.h"
#include "loom/control/v1/control.grpc.pb.h"

namespace loom::bridge {
namespace pbc = loom::control::v1;

ControlReply control_call(const std::string& address, const ControlCommand& command,
                          std::chrono::milliseconds deadline) {
  const std::string path = control_socket_path(address);
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    throw ControlError(fmt::format("{}: no such socket (is `loom run --control {}` running?)", address, address));
  }
  if (!S_ISSOCK(st.st_mode)) throw ControlError(fmt::format("{}: not a socket", address));
  auto channel = grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
  auto stub = pbc::Control::NewStub(channel);
  pbc::ControlRequest request;
  request.set_verb(static_cast<pbc::ControlRequest::Verb>(command.verb));
  request.set_count(command.count);
  request.set_name(command.name);
  pbc::ControlReply reply;
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + deadline);
  const grpc::Status status = stub->Command(&context, request, &reply);
  if (!status.ok()) {
    if (status.error_code() == grpc::StatusCode::UNAVAILABLE) {
      throw ControlError(fmt::format("{}: nobody answers there ({})", address, status.error_message()));
    }
    if (status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED) {
      throw ControlError(fmt::format("{}: no answer within {} ms", address, deadline.count()));
    }
    throw ControlError(fmt::format("{}: {}", address, status.error_message()));
  }
  ControlReply out;
  out.error = reply.error();
  out.state = reply.state();
  out.simulated_ps = reply.simulated_ps();
  out.instructions = reply.instructions();
  out.pcs.assign(reply.pcs().begin(), reply.pcs().end());
  out.links = reply.links();
  out.message = reply.message();
  return out;
}

}  // namespace loom::bridge
