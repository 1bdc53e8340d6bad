#include "serve_command.h"

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <map>

#include "loom/platforms/units.h"
#include "number_option.h"
#include "loom/log/log.h"

namespace loom::cli {
namespace {

const std::map<std::string, bridge::Fault>& fault_names() {
  static const std::map<std::string, bridge::Fault> faults = {
      {"none", bridge::Fault::None},
      {"stall", bridge::Fault::Stall},
      {"malformed", bridge::Fault::Malformed},
      {"close", bridge::Fault::Close},
      {"crash", bridge::Fault::Crash},
      {"version", bridge::Fault::Version},
      {"crash-in-dma", bridge::Fault::CrashInDma},
      {"corrupt-link", bridge::Fault::CorruptLink},
      {"die-before-accept", bridge::Fault::DieBeforeAccept}};
  return faults;
}

}  // namespace

void add_serve_command(CLI::App& app, ServeOptions& o) {
  CLI::App* serve = app.add_subcommand(
      "serve", "Run a device server: SystemC models for one CPU, which chooses them in the handshake");
  serve->add_option("--listen", o.server.listen,
                    "unix:/path, :PORT (127.0.0.1 only), or HOST:PORT (e.g. 0.0.0.0:7000 for other hosts: use TLS and a "
                    "token); port 0 picks a free port, printed at start")
      ->capture_default_str()
      ->check([](const std::string& address) -> std::string {
        try {
          platforms::check_server_address(address, true);
        } catch (const platforms::UnitError& e) {
          return e.what();
        }
        return {};
      });
  serve->add_option("--token", o.server.token, "Refuse a CPU that does not present this shared secret");
  serve->add_option("--tls-cert", o.server.tls_cert, "Serve TLS with this certificate (PEM)")->check(CLI::ExistingFile);
  serve->add_option("--tls-key", o.server.tls_key, "...and this private key (PEM)")->check(CLI::ExistingFile);
  add_number_option(serve, "--accept-timeout", o.accept_timeout_ms, 1, 24 * 3'600'000,
                    "Give up if no CPU connects within this many ms");
  serve->add_flag("--quiet", o.server.quiet, "Do not print the listening address");
  serve->add_option("--fault", o.fault, "Misbehave on purpose, for failure tests")
      ->check(CLI::IsMember(fault_names()))
      ->group("Testing");
  add_number_option(serve, "--fault-after", o.server.fault_after, 0, UINT64_MAX,
                    "Requests to answer normally before the fault")
      ->group("Testing");
}

int serve(ServeOptions& o) {
  o.server.fault = fault_names().at(o.fault);
  o.server.accept_timeout = std::chrono::milliseconds(o.accept_timeout_ms);
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1);  // keep the terminal for the guest
  log::set_program("loom serve");
  return bridge::run_device_server(o.server);
}

}  // namespace loom::cli

// libsystemc's own main() calls sc_main; loom has its own main(), and the
// library still needs the symbol to link. It is never called.
extern "C" int sc_main(int, char*[]) { return 2; }
