# find_package(Loom): what an installed Loom offers to projects outside its
# tree: loom::device_api (the model interface), loom::rtl_cosim (the RTL
# adapters) and loom_add_rtl_device(). Loom's own dependencies come from
# the same Debian packages it was built with.
include(CMakeFindDependencyMacro)
find_dependency(PkgConfig)
if(NOT TARGET PkgConfig::SYSTEMC)
  pkg_check_modules(SYSTEMC REQUIRED IMPORTED_TARGET systemc)
endif()
find_dependency(fmt)
find_dependency(verilator)
if(NOT TARGET Verilator::systemc)
  add_library(Verilator::systemc INTERFACE IMPORTED GLOBAL)
  target_link_libraries(Verilator::systemc INTERFACE PkgConfig::SYSTEMC)
endif()
include(${CMAKE_CURRENT_LIST_DIR}/LoomTargets.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/LoomRtlDevice.cmake)
