#include "remote_spec.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <sstream>

#include "loom/cpu/bare_platform.h"
#include "loom/platforms/platform.h"
#include "loom/platforms/units.h"

namespace loom::cli {
namespace {

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(text);
  while (std::getline(in, part, separator)) parts.push_back(part);
  if (!text.empty() && text.back() == separator) parts.emplace_back();
  return parts;
}

uint64_t parse_number(const std::string& text, const std::string& what, const std::string& spec) {
  try {
    return platforms::parse_size(text);
  } catch (const platforms::UnitError&) {
    throw UsageError(fmt::format("--remote {}: {} '{}' is not a number", spec, what, text));
  }
}

}  // namespace

uint64_t parse_duration_ps(const std::string& text) {
  try {
    return platforms::parse_duration_ps(text);
  } catch (const platforms::UnitError& e) {
    throw UsageError(fmt::format("--quantum: {} (expected e.g. 10us; units ps, ns, us, ms)", e.what()));
  }
}

std::vector<bridge::ServerConfig> build_server_configs(const std::vector<std::string>& remotes,
                                                       const std::vector<std::string>& servers,
                                                       std::vector<ServerPlacement>& placements) {
  std::map<std::string, std::string> addresses;
  for (const std::string& s : servers) {
    const auto eq = s.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == s.size()) {
      throw UsageError(fmt::format("--server {}: expected NAME=spawn or NAME=ADDRESS", s));
    }
    const std::string value = s.substr(eq + 1);
    if (value != "spawn") {
      try {
        platforms::check_server_address(value, false);
      } catch (const platforms::UnitError& e) {
        throw UsageError(fmt::format("--server {}: {}", s, e.what()));
      }
    }
    addresses[s.substr(0, eq)] = value == "spawn" ? "" : value;
  }

  std::vector<bridge::ServerConfig> configs;
  auto server_named = [&](const std::string& name) -> bridge::ServerConfig& {
    for (auto& c : configs)
      if (c.name == name) return c;
    configs.emplace_back();
    configs.back().name = name;
    return configs.back();
  };
  std::map<uint64_t, std::string> irq_owner;  // interrupt line -> device
  std::map<std::string, std::string> devices;  // name -> its spec
  for (const std::string& spec : remotes) {
    const auto fields = split(spec, ':');
    if (fields.size() < 5 || fields.size() > 7) {
      throw UsageError(fmt::format("--remote {}: expected SERVER:NAME:TYPE:BASE:SIZE[:IRQS][:PARAMS]", spec));
    }
    if (fields[2].empty()) throw UsageError(fmt::format("--remote {}: the type must not be empty", spec));
    for (const auto& [name, what] : {std::pair{fields[0], "server"}, std::pair{fields[1], "device"}}) {
      if (!platforms::is_valid_name(name)) {
        throw UsageError(fmt::format("--remote {}: {} name '{}' is not a name: a letter, then letters, digits, '_' "
                                     "or '-'",
                                     spec, what, name));
      }
    }
    bridge::RemoteDeviceConfig device;
    device.name = fields[1];
    device.type = fields[2];
    device.base = parse_number(fields[3], "base", spec);
    device.size = parse_number(fields[4], "size", spec);
    if (device.size == 0) throw UsageError(fmt::format("--remote {}: size must not be 0", spec));
    if (device.base + (device.size - 1) < device.base) {
      throw UsageError(fmt::format("--remote {}: the range runs past the end of the 64-bit address space", spec));
    }
    if (fields.size() > 5 && !fields[5].empty()) {
      for (const std::string& irq : split(fields[5], '+')) {
        const uint64_t line = parse_number(irq, "interrupt", spec);
        if (line == 0 || line >= cpu::bare_map::kPlicSources) {
          throw UsageError(fmt::format("--remote {}: interrupt {} is out of range (1..{})", spec, line,
                                       cpu::bare_map::kPlicSources - 1));
        }
        if (const auto owner = irq_owner.find(line); owner != irq_owner.end()) {
          throw UsageError(fmt::format("--remote {}: interrupt {} is already device {}'s", spec, line, owner->second));
        }
        irq_owner[line] = device.name;
        device.irqs.push_back(static_cast<uint32_t>(line));
      }
    }
    if (fields.size() > 6 && !fields[6].empty()) {
      for (const std::string& kv : split(fields[6], ',')) {
        const auto eq = kv.find('=');
        if (eq == std::string::npos || eq == 0) {
          throw UsageError(fmt::format("--remote {}: parameter '{}' is not KEY=VALUE", spec, kv));
        }
        device.params[kv.substr(0, eq)] = kv.substr(eq + 1);
      }
    }
    if (!devices.emplace(device.name, spec).second) {
      throw UsageError(fmt::format("--remote {}: device {} is already --remote {}", spec, device.name,
                                   devices[device.name]));
    }
    server_named(fields[0]).devices.push_back(std::move(device));
  }
  for (const auto& [name, address] : addresses) {
    if (std::none_of(configs.begin(), configs.end(), [&](const auto& c) { return c.name == name; })) {
      throw UsageError(fmt::format("--server {}: no --remote device uses this server", name));
    }
  }
  for (auto& c : configs) {
    const auto it = addresses.find(c.name);
    placements.push_back({c.name, it == addresses.end() ? "" : it->second});
    if (it != addresses.end()) c.address = it->second;
  }
  return configs;
}

}  // namespace loom::cli
