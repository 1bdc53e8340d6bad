#include "ctl_command.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdio>

#include "loom/bridge/control.h"
#include "loom/log/log.h"
#include "number_option.h"
#include "run_command.h"

namespace loom::cli {
namespace {

void print_status(const bridge::ControlReply& reply, bool full) {
  std::printf("state: %s\n", reply.state.c_str());
  if (!full) return;
  std::printf("simulated time: %llu.%06llu ms\n", static_cast<unsigned long long>(reply.simulated_ps / 1'000'000'000),
              static_cast<unsigned long long>(reply.simulated_ps % 1'000'000'000 / 1000));
  std::printf("instructions retired: %llu\n", static_cast<unsigned long long>(reply.instructions));
  for (size_t hart = 0; hart < reply.pcs.size(); ++hart) {
    std::printf("hart %zu: pc 0x%llx\n", hart, static_cast<unsigned long long>(reply.pcs[hart]));
  }
  if (!reply.links.empty()) std::fputs(reply.links.c_str(), stdout);
}

}  // namespace

void add_ctl_command(CLI::App& app, CtlOptions& o) {
  CLI::App* ctl = app.add_subcommand("ctl", "Control a `loom run --control unix:PATH`: pause, resume, step, status, "
                                            "snapshots, quit");
  ctl->add_option("--control", o.control, "The run's control socket, unix:PATH")->required();
  add_number_option(ctl, "--timeout", o.timeout_ms, 1, 3'600'000, "Milliseconds to wait for the run's answer")
      ->capture_default_str();
  ctl->require_subcommand(1);
  auto verb = [&o](CLI::App* command) { command->callback([&o, command] { o.verb = command->get_name(); }); };
  verb(ctl->add_subcommand("status", "The board's state, simulated time, instructions, every hart's pc, links"));
  verb(ctl->add_subcommand("pause", "Stop every hart at an instruction boundary (device servers stand still)"));
  verb(ctl->add_subcommand("resume", "Go on, exactly as if never paused"));
  CLI::App* step = ctl->add_subcommand(
      "step", "Run N more instructions of the board (all harts, in their deterministic order), then stay paused");
  add_number_option(step, "count", o.count, 1, UINT64_MAX, "Instructions (default 1)");
  verb(step);
  CLI::App* snapshot = ctl->add_subcommand("snapshot", "snapshot save NAME | snapshot load NAME: the whole board");
  snapshot->add_option("action", o.snapshot_verb, "save or load")->required()->check(CLI::IsMember({"save", "load"}));
  snapshot->add_option("name", o.name, "The snapshot file")->required();
  verb(snapshot);
  verb(ctl->add_subcommand("quit", "End the run (loom run exits 0)"));
}

int ctl(const CtlOptions& o) {
  log::set_program("loom ctl");
  using Verb = bridge::ControlCommand::Verb;
  bridge::ControlCommand command;
  if (o.verb == "status") command.verb = Verb::Status;
  if (o.verb == "pause") command.verb = Verb::Pause;
  if (o.verb == "resume") command.verb = Verb::Resume;
  if (o.verb == "quit") command.verb = Verb::Quit;
  if (o.verb == "step") {
    command.verb = Verb::Step;
    command.count = o.count;
  }
  if (o.verb == "snapshot") {
    command.verb = o.snapshot_verb == "save" ? Verb::Save : Verb::Load;
    command.name = o.name;
  }
  bridge::ControlReply reply;
  try {
    reply = bridge::control_call(o.control, command, std::chrono::milliseconds(o.timeout_ms));
  } catch (const bridge::ControlError& e) {
    log::error("{}", e.what());
    return kExitError;
  }
  if (!reply.error.empty()) {
    log::error("{}", reply.error);
    return kExitError;
  }
  if (!reply.message.empty()) std::printf("%s\n", reply.message.c_str());
  print_status(reply, command.verb == Verb::Status || command.verb == Verb::Step);
  return 0;
}

}  // namespace loom::cli
