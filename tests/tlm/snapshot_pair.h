#pragma once
// Two instances of one model in one elaboration, for snapshot tests: the
// first is driven into some state and saved at time t; the second, reset at
// t as a device server resets a fresh model, takes the state back; from
// then on both are driven alike, outside any process, as a device server
// drives its models between simulation steps, and must behave alike.

#include <string>

#include "loom/state/state.h"
#include "testbench.h"

namespace loom::tlm_devices::testing {

class SnapshotPair {
 public:
  SnapshotPair(const std::string& type, uint64_t size, const ModelParams& params = {})
      : a("a", type, size, &services_a, params), b("b", type, size, &services_b, params) {
    sc_start(SC_ZERO_TIME);  // end of elaboration
    settle();
  }

  // Advances to `t` and runs the deltas due then, as Session::advance_to.
  static void advance_to(const sc_time& t) {
    if (t > sc_time_stamp()) sc_start(t - sc_time_stamp());
    settle();
  }
  static void settle() {
    while (sc_pending_activity_at_current_time()) sc_start(SC_ZERO_TIME);
  }

  // a's state now, b reset and given it.
  void copy_a_to_b() {
    state::StateWriter out = state::StateWriter::part();
    a.device->save(out);
    b.device->reset();
    settle();
    state::StateReader in = state::StateReader::part(out.data(), "test");
    b.device->restore(in);
    EXPECT_TRUE(in.at_end());
    settle();
    copied_at = sc_time_stamp();
  }

  // The edges of output `n` after the copy (b's own, from the restore's
  // levels, compared with a's).
  static std::vector<SignalProbe::Edge> edges_after(const std::vector<SignalProbe::Edge>& edges, const sc_time& t) {
    std::vector<SignalProbe::Edge> out;
    for (const SignalProbe::Edge& e : edges)
      if (e.time > t) out.push_back(e);
    return out;
  }
  void expect_same_edges_since_copy(unsigned n) const {
    const auto ea = edges_after(a.irq_edges(n), copied_at), eb = edges_after(b.irq_edges(n), copied_at);
    ASSERT_EQ(ea.size(), eb.size()) << "output " << n;
    for (size_t i = 0; i < ea.size(); ++i) {
      EXPECT_EQ(ea[i].time, eb[i].time) << "output " << n << " edge " << i;
      EXPECT_EQ(ea[i].level, eb[i].level) << "output " << n << " edge " << i;
    }
    EXPECT_EQ(a.device->interrupts().at(n)->read(), b.device->interrupts().at(n)->read()) << "output " << n;
  }

  FakeHostServices services_a, services_b;
  Testbench a, b;
  sc_time copied_at;
};

// The one-line refusal a restore of `blob` into a model gives, or "".
inline std::string restore_error(Model& model, const std::string& blob) {
  try {
    state::StateReader in = state::StateReader::part(blob, "test");
    model.restore(in);
  } catch (const state::SnapshotError& e) {
    return e.what();
  }
  return {};
}

}  // namespace loom::tlm_devices::testing
