#include "loom/bridge/device_server.h"

#include <fmt/format.h>

#include <cstdlib>
#include <iostream>

#include "server/session.h"
#include "server/systemc_reports.h"
#include "transport/transport.h"
#include "loom/log/log.h"

namespace loom::bridge {

int run_device_server(const DeviceServerOptions& options) {
  if (!options.tls_cert.empty() != !options.tls_key.empty()) {
    log::error("TLS needs both --tls-cert and --tls-key");
    return 2;
  }
  // ":PORT" means loopback only; another host must be asked for explicitly.
  std::string address = options.listen;
  if (!address.empty() && address[0] == ':') address = "127.0.0.1" + address;
  const bool loopback = address.rfind("unix:", 0) == 0 || address.rfind("127.", 0) == 0 ||
                        address.rfind("localhost:", 0) == 0 || address.rfind("[::1]:", 0) == 0;
  if (!loopback && (options.tls_cert.empty() || options.token.empty())) {
    log::warn("{} is reachable from other hosts without {}", address,
                             options.tls_cert.empty() ? "TLS" : "a token");
  }
  route_systemc_reports_to_log();
  std::unique_ptr<Listener> listener;
  try {
    TlsServerOptions tls{options.tls_cert, options.tls_key};
    listener = listen_grpc(address, options.tls_cert.empty() ? nullptr : &tls);
  } catch (const std::exception& e) {
    log::error("{}", e.what());
    return 1;
  }
  if (!options.quiet) {
    std::cout << "loom serve: listening on " << listener->address() << std::endl;
  }
  if (options.fault == Fault::DieBeforeAccept) {
    log::error("fault: dying before accepting a CPU");
    std::_Exit(3);  // as a crash: no orderly shutdown of the listener
  }
  // One session, with the CPU. Peers refused before the handshake (no
  // token, not the protocol) do not count: accept again, within the time
  // the CPU has to come.
  const auto deadline = std::chrono::steady_clock::now() + options.accept_timeout;
  int status = 1;
  bool ended_by_cpu = false;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    std::unique_ptr<ServerTransport> transport =
        left.count() > 0 ? listener->accept(left) : std::unique_ptr<ServerTransport>();
    if (!transport) {
      log::error("no CPU connected to {} within {} ms", listener->address(),
                               options.accept_timeout.count());
      return 1;
    }
    bool refused = false;
    {
      Session session(*transport, options);
      try {
        status = session.run();
        ended_by_cpu = session.ended_by_cpu();
        refused = session.refused_stranger();
      } catch (const sc_core::sc_report& e) {
        log::error("SystemC error: {}", e.what());
      } catch (const std::exception& e) {
        log::error("{}", e.what());
      }
    }
    transport.reset();
    if (!refused) break;
  }
  // Unless the CPU ended the session, its last messages (an error, the end
  // of the stream) must reach the CPU before the rest is cancelled.
  listener->shutdown(std::chrono::milliseconds(ended_by_cpu ? 0 : 500));
  return status;
}

}  // namespace loom::bridge
