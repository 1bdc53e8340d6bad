#include "remote_spec.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <sstream>

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
  for (const std::string& spec : remotes) {
    const auto fields = split(spec, ':');
    if (fields.size() < 5 || fields.size() > 7) {
      throw UsageError(fmt::format("--remote {}: expected SERVER:NAME:TYPE:BASE:SIZE[:IRQS][:PARAMS]", spec));
    }
    if (fields[0].empty() || fields[1].empty() || fields[2].empty()) {
      throw UsageError(fmt::format("--remote {}: server, name and type must not be empty", spec));
    }
    bridge::RemoteDeviceConfig device;
    device.name = fields[1];
    device.type = fields[2];
    device.base = parse_number(fields[3], "base", spec);
    device.size = parse_number(fields[4], "size", spec);
    if (device.size == 0) throw UsageError(fmt::format("--remote {}: size must not be 0", spec));
    if (fields.size() > 5 && !fields[5].empty()) {
      for (const std::string& irq : split(fields[5], '+')) {
        device.irqs.push_back(static_cast<uint32_t>(parse_number(irq, "interrupt", spec)));
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
