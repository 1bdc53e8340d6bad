#include "loom/log/log.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <mutex>

namespace loom::log {
namespace {

// One stderr sink, shared by the prefixed logger and the relay, so that
// lines from threads (server monitor, watchdog) never interleave. Every
// line is flushed at once: stderr must be in order with the guest's stdout
// and with what a dying process printed last.
struct Loggers {
  std::shared_ptr<spdlog::logger> messages;
  std::shared_ptr<spdlog::logger> relay;
  Loggers() {
    auto sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
    messages = std::make_shared<spdlog::logger>("loom", sink);
    relay = std::make_shared<spdlog::logger>("relay", sink);
    for (auto& logger : {messages, relay}) {
      logger->set_pattern("%v");
      logger->set_level(spdlog::level::info);
      logger->flush_on(spdlog::level::info);
    }
  }
};

Loggers& loggers() {
  static Loggers instance;  // first use, from any thread
  return instance;
}

std::mutex program_mutex;
std::string program = "loom";

}  // namespace

void set_program(std::string_view name) {
  std::lock_guard<std::mutex> lock(program_mutex);
  program = name;
}

void write(Level level, std::string_view message) {
  std::string prefix;
  {
    std::lock_guard<std::mutex> lock(program_mutex);
    prefix = program;
  }
  switch (level) {
    case Level::info: loggers().messages->info("{}: {}", prefix, message); break;
    case Level::warning: loggers().messages->warn("{}: warning: {}", prefix, message); break;
    case Level::error: loggers().messages->error("{}: {}", prefix, message); break;
  }
}

void relay(std::string_view text) {
  while (!text.empty()) {
    const size_t end = text.find('\n');
    loggers().relay->info("{}", text.substr(0, end));
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
}

}  // namespace loom::log
