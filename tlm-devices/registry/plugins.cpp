// Loading device plugins: dlopen once per path, then check that the plugin
// was built against this Loom (the ABI text compared whole) and provides
// the type the platform names.
#include <dlfcn.h>

#include <map>
#include <mutex>

#include "loom/tlm_devices/plugin.h"

namespace loom::tlm_devices {

const char* plugin_abi() { return LOOM_PLUGIN_ABI; }

ModelFactory load_plugin(const std::string& path, const std::string& type) {
  static std::mutex mutex;
  static std::map<std::string, const PluginInfo*> loaded;  // never unloaded: models keep its code
  std::lock_guard<std::mutex> lock(mutex);
  const PluginInfo* info = nullptr;
  if (const auto it = loaded.find(path); it != loaded.end()) {
    info = it->second;
  } else {
    void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) throw ModelError("device plugin " + path + ": cannot load it: " + dlerror());
    using Entry = const PluginInfo* (*)();
    auto entry = reinterpret_cast<Entry>(dlsym(handle, "loom_device_plugin"));
    if (!entry) {
      dlclose(handle);
      throw ModelError("device plugin " + path + ": no loom_device_plugin entry point (not a Loom device plugin)");
    }
    info = entry();
    if (std::string(info->abi) != plugin_abi()) {
      dlclose(handle);
      throw ModelError("device plugin " + path + " was built for '" + info->abi + "', this device server is '" +
                       plugin_abi() + "': rebuild it against this Loom");
    }
    loaded[path] = info;
  }
  if (type != info->type_name) {
    throw ModelError("device plugin " + path + " provides type '" + info->type_name + "', not '" + type + "'");
  }
  return info->create;
}

}  // namespace loom::tlm_devices
