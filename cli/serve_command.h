#pragma once
// `loom serve`: a device server hosting SystemC models for one CPU.

#include "loom/bridge/device_server.h"

namespace CLI {
class App;
}

namespace loom::cli {

struct ServeOptions {
  bridge::DeviceServerOptions server;
  std::string fault = "none";
  uint64_t accept_timeout_ms = 60000;
};

void add_serve_command(CLI::App& app, ServeOptions& options);
int serve(ServeOptions& options);

}  // namespace loom::cli
