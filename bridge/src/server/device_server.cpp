#include "loom/bridge/device_server.h"

#include <fmt/format.h>

#include <cstdlib>
#include <iostream>

#include "server/session.h"
#include "transport/transport.h"

namespace loom::bridge {

int run_device_server(const DeviceServerOptions& options) {
  if (!options.tls_cert.empty() != !options.tls_key.empty()) {
    std::cerr << "loom serve: TLS needs both --tls-cert and --tls-key\n";
    return 2;
  }
  std::unique_ptr<Listener> listener;
  try {
    TlsServerOptions tls{options.tls_cert, options.tls_key};
    listener = listen_grpc(options.listen, options.tls_cert.empty() ? nullptr : &tls);
  } catch (const std::exception& e) {
    std::cerr << "loom serve: " << e.what() << '\n';
    return 1;
  }
  if (!options.quiet) {
    std::cout << "loom serve: listening on " << listener->address() << std::endl;
  }
  std::unique_ptr<ServerTransport> transport = listener->accept(options.accept_timeout);
  if (!transport) {
    std::cerr << fmt::format("loom serve: no CPU connected to {} within {} ms\n", listener->address(),
                             options.accept_timeout.count());
    return 1;
  }
  int status = 1;
  {
    Session session(*transport, options);
    try {
      status = session.run();
    } catch (const sc_core::sc_report& e) {
      std::cerr << "loom serve: SystemC error: " << e.what() << '\n';
    } catch (const std::exception& e) {
      std::cerr << "loom serve: " << e.what() << '\n';
    }
  }
  transport.reset();
  listener->shutdown();
  return status;
}

}  // namespace loom::bridge
