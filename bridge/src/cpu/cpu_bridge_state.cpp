// The bridge's part of a snapshot (docs/debugging.md, "Snapshots"): which
// servers, how far a replay had got, then each server's section.
#include <fmt/format.h>

#include "cpu/bridge_impl.h"

namespace loom::bridge {

void Bridge::save(cpu::StateWriter& out) const {
  const Impl& m = *impl_;
  if (m.config.pipelined) {
    throw cpu::SnapshotError("--pipelined: the servers run a quantum behind, at times no snapshot can hold");
  }
  out.begin("bridge", 1);
  out.u64(m.links.size());
  for (const auto& link : m.links) out.string(link->name());
  out.u64(m.replay ? m.replay->delivered() : 0);
  out.end();
  for (const auto& link : m.links) link->save(out);
}

void Bridge::restore(cpu::StateReader& in) {
  Impl& m = *impl_;
  if (m.config.pipelined) in.fail("--pipelined: the servers run a quantum behind, at times no snapshot can hold");
  if (m.recorder && m.recorder->recorded() > 0) {
    in.fail("--record: this recording cannot go back in time; record from the snapshot instead "
            "(loom run --restore FILE --record NEW)");
  }
  // Everything read and checked before anything changes.
  in.begin("bridge", 1);
  if (in.u64() != m.links.size()) in.fail("another set of device servers (a snapshot of another platform)");
  for (const auto& link : m.links) {
    if (const std::string name = in.string(); name != link->name()) {
      in.fail(fmt::format("server {} where this board has server {}", name, link->name()));
    }
  }
  const uint64_t delivered = in.u64();
  in.end();
  std::vector<ServerLink::Saved> saved;
  for (const auto& link : m.links) saved.push_back(link->read_saved(in));
  if (m.replay && delivered > m.replay->events()) {
    in.fail(fmt::format("--replay: the snapshot had delivered {} recorded inputs; the recording has {}", delivered,
                        m.replay->events()));
  }
  // From the first server on, the board is changing: a failure is the run's
  // (a SimulationError), except that the first server's refusal to go back
  // in time leaves everything as it was.
  const std::string snapshot = "snapshot " + in.origin();
  auto failed = [&snapshot](const std::exception& e) {
    return cpu::SimulationError(fmt::format("{}: {}", snapshot, e.what()));
  };
  for (size_t i = 0; i < m.links.size(); ++i) {
    ServerLink& link = *m.links[i];
    std::string too_late;
    try {
      too_late = link.restore(saved[i]);
    } catch (const std::exception& e) {
      throw failed(e);
    }
    if (too_late.empty()) continue;
    if (!m.config.respawn_server || !link.config().spawned) {
      const std::string why = fmt::format("{}: {}; it runs elsewhere ({}): restart it and start the run from "
                                          "the snapshot (loom run --restore FILE)",
                                          snapshot, too_late, link.config().address);
      if (i == 0) throw cpu::SnapshotError(why);
      throw cpu::SimulationError(why);
    }
    try {
      link.shutdown("restoring a snapshot in a fresh server");
      link.reconnect(m.config.respawn_server(link.name()), m.machine.config().slice_ps);
      too_late = link.restore(saved[i]);
    } catch (const std::exception& e) {  // a fresh server that did not start, or refused
      throw failed(e);
    }
    if (!too_late.empty()) throw cpu::SimulationError(fmt::format("{}: a fresh server refused it: {}", snapshot, too_late));
  }
  // The servers took it: the rest of the bridge follows.
  if (m.replay) m.replay->rewind(delivered);
  std::lock_guard<std::mutex> lock(m.input_mutex);  // typed before the load: not for the loaded board
  m.input.clear();
  m.input_pending.store(false);
}

}  // namespace loom::bridge
