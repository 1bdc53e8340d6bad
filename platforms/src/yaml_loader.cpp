// Platform files: YAML -> PlatformDescription, with every error naming the
// file, the line and the field.
#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <vector>

#include "loom/platforms/platform.h"
#include "loom/platforms/units.h"
#include "platform_checks.h"
#include "reader.h"

namespace loom::platforms {
namespace {

// What a platform file may say of a device that lives in the CPU process.
struct LocalDeviceType {
  const char* name;
  std::vector<std::string> parameters;
};

const LocalDeviceType kLocalTypes[] = {
    {kClintType, {}}, {kPlicType, {}}, {kPcieHostType, {}}, {kImsicType, {"level"}},
    {kAplicType, {"delivery", "level"}},
};

// More nodes than any platform file has: YAML aliases of aliases expand
// exponentially (a 500-byte file can name 10^9 nodes), and every walk of
// the document would follow them.
constexpr size_t kMaxNodes = 100'000;

// yaml-cpp keeps every pair of a mapping, and looking a key up finds the
// first: a key given twice would silently lose its second value. `nodes`
// counts the nodes walked, aliases expanded, against kMaxNodes.
void reject_duplicate_keys(const Reader& r, const YAML::Node& node, const std::string& field, size_t& nodes) {
  if (++nodes > kMaxNodes) {
    r.fail(node, field.empty() ? "platform" : field,
           fmt::format("more than {} YAML nodes (aliases that expand to ever more?)", kMaxNodes));
  }
  if (node.IsSequence()) {
    for (size_t i = 0; i < node.size(); ++i) {
      reject_duplicate_keys(r, node[i], fmt::format("{}[{}]", field, i), nodes);
    }
  }
  if (!node.IsMap()) return;
  std::map<std::string, int> seen;
  for (const auto& kv : node) {
    const std::string key = kv.first.IsScalar() ? kv.first.as<std::string>() : "?";
    const std::string child = field.empty() ? key : field + "." + key;
    if (const auto [at, fresh] = seen.emplace(key, r.line(kv.first)); !fresh) {
      r.fail(kv.first, child, fmt::format("given twice (first at line {})", at->second));
    }
    reject_duplicate_keys(r, kv.second, child, nodes);
  }
}

// Counts the documents of a YAML stream, noting where each of the first
// three starts, without building them.
class DocumentCounter final : public YAML::EventHandler {
 public:
  int documents = 0;
  YAML::Mark starts[3] = {YAML::Mark::null_mark(), YAML::Mark::null_mark(), YAML::Mark::null_mark()};

  void OnDocumentStart(const YAML::Mark&) override { ++documents; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { node_at(mark); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override { node_at(mark); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t, const std::string&) override {
    node_at(mark);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    node_at(mark);
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    node_at(mark);
  }
  void OnMapEnd() override {}

 private:
  void node_at(const YAML::Mark& mark) {
    if (documents <= 3 && starts[documents - 1].is_null()) starts[documents - 1] = mark;
  }
};

YAML::Node read_document(const Reader& r, const std::string& path) {
  YAML::Node document;
  DocumentCounter counter;
  try {
    document = YAML::LoadFile(path);
    // Not YAML::LoadAll: on some malformed input (a stray ',') yaml-cpp's
    // parser returns one empty document after another without reading on,
    // and LoadAll collects them until memory runs out. Three documents are
    // as many as it takes to know there is more than one, and whether the
    // parser is stuck.
    std::ifstream in(path);
    YAML::Parser parser(in);
    while (counter.documents < 3 && parser.HandleNextDocument(counter)) {
    }
  } catch (const YAML::Exception& e) {
    throw PlatformError(fmt::format("{}:{}: {}", path, e.mark.line + 1, e.msg));
  }
  if (counter.documents == 0) throw PlatformError(fmt::format("{}: the platform file is empty", path));
  if (counter.documents > 1) {
    const YAML::Mark& second = counter.starts[1];
    // A third "document" where the second began: the parser is stuck there.
    if (counter.documents > 2 && counter.starts[2].pos == second.pos) {
      throw PlatformError(fmt::format("{}:{}: platform: not YAML that can be read from column {} on (a stray ','?)",
                                      r.file(), second.line + 1, second.column + 1));
    }
    throw PlatformError(fmt::format("{}:{}: platform: a second YAML document: a platform file holds one (remove the '---')",
                                    r.file(), second.line + 1));
  }
  size_t nodes = 0;
  reject_duplicate_keys(r, document, "", nodes);
  return document;
}

void read_memory(const Reader& r, const YAML::Node& list, PlatformDescription& p) {
  if (!list.IsSequence()) r.fail(list, "memory", "expected a list of regions");
  for (size_t i = 0; i < list.size(); ++i) {
    const YAML::Node& n = list[i];
    const std::string where = fmt::format("memory[{}]", i);
    r.only_fields(n, where, {"name", "base", "size"});
    if (!n["base"] || !n["size"]) r.fail(n, where, "needs base and size");
    MemoryRegion m{n["name"] ? r.name(n["name"], where + ".name") : fmt::format("ram{}", i),
                   r.address(n["base"], where + ".base"), r.size(n["size"], where + ".size"), r.line(n)};
    r.region(n["size"], where + ".size", m.base, m.size);
    p.memory.push_back(m);
  }
}

void read_servers(const Reader& r, const YAML::Node& list, PlatformDescription& p) {
  if (!list.IsSequence()) r.fail(list, "servers", "expected a list of servers");
  for (size_t i = 0; i < list.size(); ++i) {
    const YAML::Node& n = list[i];
    const std::string where = fmt::format("servers[{}]", i);
    r.only_fields(n, where, {"name", "address", "token", "tls-ca", "tls-server-name"});
    if (!n["name"]) r.fail(n, where, "needs a name");
    ServerDescription s;
    s.name = r.name(n["name"], where + ".name");
    if (s.name == "local") r.fail(n["name"], where + ".name", "'local' means the CPU process; pick another name");
    if (n["address"]) {
      s.address = r.text(n["address"], where + ".address");
      try {
        check_server_address(s.address, false);
      } catch (const UnitError& e) {
        r.fail(n["address"], where + ".address", e.what());
      }
    }
    if (n["token"]) s.token = r.text(n["token"], where + ".token");
    if (n["tls-ca"]) s.tls_ca = r.existing_file(n["tls-ca"], where + ".tls-ca");
    if (n["tls-server-name"]) s.tls_server_name = r.text(n["tls-server-name"], where + ".tls-server-name");
    s.line = r.line(n);
    for (const auto& other : p.servers)
      if (other.name == s.name) r.fail(n["name"], where + ".name", fmt::format("server '{}' is declared twice", s.name));
    p.servers.push_back(s);
  }
}

PcieSlot read_pcie_slot(const Reader& r, const YAML::Node& n, const std::string& where) {
  if (!n.IsMap()) r.fail(n, where, "expected { slot: N } (and optionally function: F, bus: B)");
  r.only_fields(n, where, {"slot", "function", "bus"});
  if (!n["slot"]) r.fail(n, where, "needs 'slot'");
  const auto field = [&](const char* name, uint64_t limit) -> uint32_t {
    return n[name] ? static_cast<uint32_t>(r.bounded(n[name], where + "." + name, 0, limit)) : 0;
  };
  return PcieSlot{field("bus", 255), field("slot", 31), field("function", 7)};
}

PcieHostWindows read_host_windows(const Reader& r, const YAML::Node& n, const std::string& where) {
  if (!n.IsMap()) r.fail(n, where, "expected { mmio: [BASE, SIZE], mmio64: [BASE, SIZE], pio: [BASE, SIZE] }");
  r.only_fields(n, where, {"mmio", "mmio64", "pio"});
  PcieHostWindows w;
  const auto window = [&](const char* name, AddressWindow& out) {
    const YAML::Node& x = n[name];
    if (!x) return;
    if (!x.IsSequence() || x.size() != 2) r.fail(x, where + "." + name, "expected [BASE, SIZE]");
    out.base = r.address(x[0], where + "." + name);
    out.size = r.size(x[1], where + "." + name);
    r.region(x[1], where + "." + name, out.base, out.size);
  };
  window("mmio", w.mmio32);
  window("mmio64", w.mmio64);
  window("pio", w.pio);
  return w;
}

// The interrupt lines a device drives: in range, one device per line, no
// more than the type has outputs.
void read_irqs(const Reader& r, const YAML::Node& irq, const std::string& field, DeviceDescription& d,
               const ServerDeviceType* type, std::map<uint32_t, const DeviceDescription*>& taken) {
  std::vector<YAML::Node> items;
  if (irq.IsSequence()) {
    for (const auto& x : irq) items.push_back(x);
  } else {
    items.push_back(irq);
  }
  const bool local = is_local_device_type(d.type);
  const bool has_outputs = local ? d.type == kPcieHostType : !type || type->interrupts > 0;
  if (!has_outputs) r.fail(irq, field, fmt::format("a {} has no interrupt output", d.type));
  if (type && items.size() > type->interrupts) {
    r.fail(irq, field, fmt::format("{} interrupts, but a {} has {} output{}", items.size(), d.type, type->interrupts,
                                   type->interrupts == 1 ? "" : "s"));
  }
  for (const YAML::Node& x : items) {
    const uint64_t number = r.number(x, field, parse_number, "an interrupt number");
    if (number == 0 || number >= kPlicSources) {
      r.fail(x, field, fmt::format("interrupt {} is out of range (1..{})", number, kPlicSources - 1));
    }
    const auto v = static_cast<uint32_t>(number);
    if (const auto [at, fresh] = taken.emplace(v, &d); !fresh) {
      r.fail(x, field,
             at->second == &d ? fmt::format("interrupt {} is listed twice", v)
                              : fmt::format("interrupt {} is already device {}'s (line {})", v, at->second->name,
                                            at->second->line));
    }
    d.irqs.push_back(v);
  }
}

const ServerDeviceType* find_type(const std::vector<ServerDeviceType>& types, const std::string& name) {
  for (const ServerDeviceType& t : types)
    if (t.name == name) return &t;
  return nullptr;
}

void read_devices(const Reader& r, const YAML::Node& list, PlatformDescription& p,
                  const std::vector<ServerDeviceType>& server_types) {
  if (!list.IsSequence()) r.fail(list, "devices", "expected a list of devices");
  std::map<uint32_t, const DeviceDescription*> taken;  // interrupt line -> device
  p.devices.reserve(list.size());                      // `taken` points into it
  for (size_t i = 0; i < list.size(); ++i) {
    const YAML::Node& n = list[i];
    const std::string where = fmt::format("devices[{}]", i);
    r.only_fields(n, where,
                  {"name", "type", "base", "size", "irq", "server", "params", "plugin", "clock", "pcie", "windows"});
    const bool function = static_cast<bool>(n["pcie"]);
    for (const char* required : {"name", "type", "base", "size"}) {
      if (function && (required == std::string("base") || required == std::string("size"))) continue;
      if (!n[required]) r.fail(n, where, fmt::format("needs '{}'", required));
    }
    DeviceDescription d;
    d.name = r.name(n["name"], where + ".name");
    d.type = r.text(n["type"], where + ".type");
    d.line = r.line(n);
    for (const auto& other : p.devices) {
      if (other.name == d.name) {
        r.fail(n["name"], where + ".name", fmt::format("device '{}' is declared twice (line {})", d.name, other.line));
      }
    }
    const bool local = is_local_device_type(d.type);
    const ServerDeviceType* type = n["plugin"] ? nullptr : find_type(server_types, d.type);
    if (local && n["plugin"]) r.fail(n["plugin"], where + ".plugin", fmt::format("{} is built in", d.type));
    if (!local && !n["plugin"] && !type) {
      std::string known;
      for (const auto& t : local_device_types()) known += (known.empty() ? "" : ", ") + t;
      for (const auto& t : server_types) known += ", " + t.name;
      r.fail(n["type"], where + ".type", fmt::format("unknown device type '{}' (known: {})", d.type, known));
    }
    if (function) {
      for (const char* field : {"base", "size", "irq"}) {
        if (n[field]) {
          r.fail(n[field], where + "." + field,
                 "a PCIe function has none: its BARs and INTx come from its slot and the guest");
        }
      }
      if (local) r.fail(n["pcie"], where + ".pcie", fmt::format("{} is not a PCIe function", d.type));
      d.pcie = read_pcie_slot(r, n["pcie"], where + ".pcie");
      for (const auto& other : p.devices) {
        if (other.pcie && other.pcie->bus == d.pcie->bus && other.pcie->device == d.pcie->device &&
            other.pcie->function == d.pcie->function) {
          r.fail(n["pcie"], where + ".pcie",
                 fmt::format("bus {} slot {} function {} is already {}'s (line {})", d.pcie->bus, d.pcie->device,
                             d.pcie->function, other.name, other.line));
        }
      }
    } else {
      d.base = r.address(n["base"], where + ".base");
      d.size = r.size(n["size"], where + ".size");
      r.region(n["size"], where + ".size", d.base, d.size);
      if (type && d.size < type->min_size) {
        r.fail(n["size"], where + ".size",
               fmt::format("{:#x} is smaller than a {}'s register map ({:#x})", d.size, d.type, type->min_size));
      }
    }
    if (n["windows"]) {
      if (d.type != kPcieHostType) r.fail(n["windows"], where + ".windows", fmt::format("only a {} has windows", kPcieHostType));
      d.windows = read_host_windows(r, n["windows"], where + ".windows");
    }
    // A plugin brings its own type (the device server checks that it does).
    if (n["plugin"]) d.params["plugin"] = r.existing_file(n["plugin"], where + ".plugin");
    if (n["clock"]) {
      if (!n["plugin"]) r.fail(n["clock"], where + ".clock", "only an RTL device (a plugin) has a clock");
      r.frequency(n["clock"], where + ".clock");  // checked here; the model reads the text
      d.params["clock"] = r.text(n["clock"], where + ".clock");
    }
    d.server = n["server"] ? r.text(n["server"], where + ".server") : "local";
    if (local && d.server != "local") {
      r.fail(n["server"], where + ".server", fmt::format("{} lives in the CPU process: server must be 'local'", d.type));
    }
    if (!local && d.server == "local") {
      r.fail(n, where + ".server", fmt::format("{} is a SystemC model: name the device server that hosts it", d.type));
    }
    if (!local && std::none_of(p.servers.begin(), p.servers.end(), [&](const auto& s) { return s.name == d.server; })) {
      r.fail(n["server"], where + ".server", fmt::format("no server named '{}' in servers:", d.server));
    }
    p.devices.push_back(d);
    if (n["irq"]) read_irqs(r, n["irq"], where + ".irq", p.devices.back(), type, taken);
  }
}

void read_boot(const Reader& r, const YAML::Node& n, PlatformDescription& p) {
  r.only_fields(n, "boot", {"rom", "firmware", "firmware-address", "kernel", "kernel-address", "initrd",
                            "initrd-address", "dtb-address", "bootargs"});
  BootDescription& b = p.boot;
  if (n["rom"]) b.rom_base = r.address(n["rom"], "boot.rom");
  if (n["rom"]) r.region(n["rom"], "boot.rom", b.rom_base, kRomSize);
  if (n["firmware"]) b.firmware = r.image_path(n["firmware"], "boot.firmware", b.firmware_where);
  if (n["firmware-address"]) b.firmware_address = r.address(n["firmware-address"], "boot.firmware-address");
  if (n["kernel"]) b.kernel = r.image_path(n["kernel"], "boot.kernel", b.kernel_where);
  if (n["kernel-address"]) b.kernel_address = r.address(n["kernel-address"], "boot.kernel-address");
  if (n["initrd"]) b.initrd = r.image_path(n["initrd"], "boot.initrd", b.initrd_where);
  if (n["initrd-address"]) b.initrd_address = r.address(n["initrd-address"], "boot.initrd-address");
  if (n["dtb-address"]) {
    b.dtb_address = r.address(n["dtb-address"], "boot.dtb-address");
    b.dtb_where = r.where(n["dtb-address"], "boot.dtb-address");
  }
  if (n["bootargs"]) b.bootargs = r.device_tree_text(n["bootargs"], "boot.bootargs");
}

// Params may need the file's directory (disk images): resolve "image".
// Their names are checked against the type's; their values, for a server's
// model, by the server.
void read_device_params(const Reader& r, const YAML::Node& list, PlatformDescription& p,
                        const std::vector<ServerDeviceType>& server_types) {
  for (size_t i = 0; i < list.size(); ++i) {
    const YAML::Node& params = list[i]["params"];
    if (!params) continue;
    const std::string where = fmt::format("devices[{}].params", i);
    if (!params.IsMap()) r.fail(params, where, "expected KEY: VALUE pairs");
    DeviceDescription& d = p.devices[i];
    const std::vector<std::string>* known = nullptr;  // null: a plugin's, which its server checks
    for (const LocalDeviceType& t : kLocalTypes)
      if (d.type == t.name) known = &t.parameters;
    if (const ServerDeviceType* t = find_type(server_types, d.type); t && !d.params.count("plugin")) {
      known = &t->parameters;
    }
    for (const auto& kv : params) {
      const std::string key = r.text(kv.first, where);
      const std::string field = where + "." + key;
      if (known && std::find(known->begin(), known->end(), key) == known->end()) {
        std::string list;
        for (const std::string& k : *known) list += (list.empty() ? "" : ", ") + k;
        r.fail(kv.first, field,
               fmt::format("a {} has no parameter '{}' (known: {})", d.type, key, list.empty() ? "none" : list));
      }
      if (d.params.count(key)) r.fail(kv.first, field, fmt::format("'{}' is a field of the device, not a parameter", key));
      d.params[key] = key == "image" ? r.existing_file(kv.second, field) : r.text(kv.second, field);
    }
  }
}

// clock, timebase and quantum: each in range, and possible together.
void read_timing(const Reader& r, const YAML::Node& root, PlatformDescription& p) {
  if (root["clock"]) {
    p.clock_hz = r.frequency(root["clock"], "clock");
    if (p.clock_hz > kPicosecondsPerSecond) r.fail(root["clock"], "clock", "must be at most 1THz (1 ps per instruction)");
  }
  if (root["timebase"]) p.timebase_hz = r.frequency(root["timebase"], "timebase");
  const YAML::Node& timebase = root["timebase"] ? root["timebase"] : root["clock"];
  if (kPicosecondsPerSecond % p.timebase_hz != 0) {
    r.fail(timebase, "timebase", fmt::format("{} Hz does not divide 1 THz (a tick must be a whole number of ps)",
                                             p.timebase_hz));
  }
  if (p.timebase_hz > p.clock_hz) {
    r.fail(timebase, "timebase",
           fmt::format("{} Hz is faster than the clock ({} Hz): mtime would tick between instructions",
                       p.timebase_hz, p.clock_hz));
  }
  if (root["quantum"]) p.quantum_ps = r.duration(root["quantum"], "quantum");
  if (const std::string problem = quantum_problem(p.clock_hz, p.quantum_ps); !problem.empty()) {
    r.fail(root["quantum"] ? root["quantum"] : root["clock"], "quantum", problem);
  }
}

}  // namespace

PlatformDescription load_platform(const std::string& path, const std::vector<ServerDeviceType>& server_types) {
  Reader r(path);
  if (!std::filesystem::is_regular_file(path)) throw PlatformError(fmt::format("{}: no such platform file", path));
  const YAML::Node root = read_document(r, path);
  PlatformDescription p;
  p.file = path;
  r.only_fields(root, "platform", {"name", "harts", "isa", "clock", "timebase", "quantum", "skip-idle", "memory",
                                   "servers", "devices", "boot"});
  p.name = root["name"] ? r.text(root["name"], "name") : std::filesystem::path(path).stem().string();
  if (root["harts"]) p.harts = static_cast<uint32_t>(r.bounded(root["harts"], "harts", 1, 64));
  if (root["isa"]) p.isa = r.device_tree_text(root["isa"], "isa");
  read_timing(r, root, p);
  if (root["skip-idle"]) {
    const std::string v = r.text(root["skip-idle"], "skip-idle");
    if (v != "true" && v != "false") r.fail(root["skip-idle"], "skip-idle", "expected true or false");
    p.skip_idle = v == "true";
  }
  if (!root["memory"]) r.fail(root, "memory", "a platform needs memory");
  read_memory(r, root["memory"], p);
  if (root["servers"]) read_servers(r, root["servers"], p);
  if (root["devices"]) {
    read_devices(r, root["devices"], p, server_types);
    read_device_params(r, root["devices"], p, server_types);
  }
  p.boot.dtb_where = fmt::format("{}: boot.dtb-address", path);
  if (root["boot"]) read_boot(r, root["boot"], p);
  check_overlaps(p, root["boot"] && root["boot"]["rom"] ? r.line(root["boot"]["rom"]) : 0);
  check_device_set(p);
  return p;
}

bool is_valid_name(const std::string& name) {
  const auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  return !name.empty() && letter(name[0]) &&
         std::all_of(name.begin(), name.end(), [&](char c) { return letter(c) || digit(c) || c == '_' || c == '-'; });
}

bool is_local_device_type(const std::string& type) {
  const auto types = local_device_types();
  return std::find(types.begin(), types.end(), type) != types.end();
}

std::vector<std::string> local_device_types() {
  std::vector<std::string> names;
  for (const LocalDeviceType& t : kLocalTypes) names.emplace_back(t.name);
  return names;
}

bool is_machine_level(const DeviceDescription& d) {
  const auto it = d.params.find("level");
  return it == d.params.end() || it->second == "m";
}

const DeviceDescription* wired_interrupt_controller(const PlatformDescription& p) {
  for (const DeviceDescription& d : p.devices) {
    if (d.type == kPlicType || (d.type == kAplicType && is_machine_level(d))) return &d;
  }
  return nullptr;
}

std::vector<uint32_t> pcie_intx_irqs(const DeviceDescription& host, const PcieSlot& slot) {
  std::vector<uint32_t> irqs;
  for (uint32_t pin = 0; pin < 4; ++pin) irqs.push_back(host.irqs[(pin + slot.device) % 4]);
  return irqs;
}

const DeviceDescription* PlatformDescription::find_device_of_type(const std::string& type) const {
  for (const auto& d : devices)
    if (d.type == type) return &d;
  return nullptr;
}

}  // namespace loom::platforms
