#pragma once
// Device plugins: a shared library that adds one model type to a device
// server without changing Loom (docs/rtl-cosim.md, "Plugins"). A platform
// file names it (`type: rtl/<name>`, `plugin: path/to/lib.so`); the server
// loads it and refuses one built against another Loom or ABI.
//
// A plugin defines its entry point with LOOM_DEVICE_PLUGIN(type, factory).

#include <memory>
#include <string>

#include "loom/tlm_devices/model.h"
#include "loom/tlm_devices/version.h"

namespace loom::tlm_devices {

using ModelFactory = std::unique_ptr<Model> (*)(const std::string& name, uint64_t size, const ModelParams& params,
                                                HostServices* services);

#define LOOM_PLUGIN_STRINGIFY_(x) #x
#define LOOM_PLUGIN_STRINGIFY(x) LOOM_PLUGIN_STRINGIFY_(x)
// Everything a plugin and its server must share, as text compared whole:
// Loom's version and plugin interface, the compiler's C++ ABI, SystemC.
#ifndef LOOM_PLUGIN_ABI
#define LOOM_PLUGIN_ABI                                                                               \
  "loom " LOOM_VERSION ", device plugin interface 2, g++ " LOOM_PLUGIN_STRINGIFY(__GNUC__) " C++ ABI " \
  LOOM_PLUGIN_STRINGIFY(__GXX_ABI_VERSION) " cxx11 strings " LOOM_PLUGIN_STRINGIFY(                  \
      _GLIBCXX_USE_CXX11_ABI) ", SystemC " LOOM_PLUGIN_STRINGIFY(SC_VERSION_MAJOR) "." LOOM_PLUGIN_STRINGIFY(SC_VERSION_MINOR) "." LOOM_PLUGIN_STRINGIFY(SC_VERSION_PATCH)
#endif

struct PluginInfo {
  const char* abi;        // LOOM_PLUGIN_ABI as the plugin was built
  const char* type_name;  // the type it provides, e.g. "rtl/dma"
  ModelFactory create;
};

// The server's own LOOM_PLUGIN_ABI.
const char* plugin_abi();

// Loads (once per path) the plugin at `path`, checks it, and returns its
// factory for `type`. Throws ModelError with one line naming the plugin.
ModelFactory load_plugin(const std::string& path, const std::string& type);

}  // namespace loom::tlm_devices

#define LOOM_DEVICE_PLUGIN(type, factory)                                                            \
  extern "C" __attribute__((visibility("default"))) const ::loom::tlm_devices::PluginInfo*          \
  loom_device_plugin() {                                                                            \
    static const ::loom::tlm_devices::PluginInfo info{LOOM_PLUGIN_ABI, type, factory};              \
    return &info;                                                                                   \
  }
