#include "server/systemc_reports.h"

#include <systemc>

#include "loom/log/log.h"

namespace loom::bridge {
namespace {

void handle_report(const sc_core::sc_report& report, const sc_core::sc_actions& actions) {
  // Errors and fatals keep SystemC's handling (they throw or stop), and the
  // session turns them into its one-line error; only the display moves.
  const bool display = (actions & sc_core::SC_DISPLAY) != 0;
  if (display && report.get_severity() <= sc_core::SC_WARNING) {
    const bool warning = report.get_severity() == sc_core::SC_WARNING;
    const std::string line = fmt::format("{}: {}", report.get_msg_type(), report.get_msg());
    if (warning) {
      log::warn("{}", line);
    } else {
      log::info("{}", line);
    }
    sc_core::sc_report_handler::default_handler(report, actions & ~sc_core::SC_DISPLAY);
    return;
  }
  sc_core::sc_report_handler::default_handler(report, actions);
}

}  // namespace

void route_systemc_reports_to_log() { sc_core::sc_report_handler::set_handler(handle_report); }

}  // namespace loom::bridge
