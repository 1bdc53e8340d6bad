#pragma once
// SystemC's own reports (a model's SC_REPORT_WARNING, the kernel's
// warnings) print several lines on stdout by default, where a spawned
// server's output is read line by line. Routed through loom::log instead:
// one line on stderr, as every other message of `loom serve`.

namespace loom::bridge {

// Installs the handler for the whole process (once is enough).
void route_systemc_reports_to_log();

}  // namespace loom::bridge
