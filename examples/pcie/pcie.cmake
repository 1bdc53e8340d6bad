# The PCIe bring-up payload for the virt board, built like the SBI demo
# (included after sbi-demo.cmake, whose start-up code, SBI calls, linker
# script and flags it shares): ${examples_out}/pcie/pcie_probe.bin.
if(NOT RISCV_OBJCOPY)
  return()
endif()
set(pcie_probe_sources ${sbi_demo_dir}/start.S ${sbi_demo_dir}/sbi.c ${CMAKE_CURRENT_LIST_DIR}/pcie_probe.c)
set(pcie_probe_ELF ${examples_out}/pcie/pcie_probe.elf)
set(pcie_probe_BIN ${examples_out}/pcie/pcie_probe.bin)
add_custom_command(
  OUTPUT ${pcie_probe_ELF} ${pcie_probe_BIN}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${examples_out}/pcie
  COMMAND ${RISCV_GCC} ${sbi_demo_flags} -o ${pcie_probe_ELF} ${pcie_probe_sources}
  COMMAND ${RISCV_OBJCOPY} -O binary ${pcie_probe_ELF} ${pcie_probe_BIN}
  DEPENDS ${pcie_probe_sources} ${sbi_demo_dir}/sbi.h ${sbi_demo_dir}/supervisor.h ${sbi_demo_dir}/link.ld
          ${CMAKE_CURRENT_LIST_DIR}/pcie.cmake
  COMMENT "Building the PCIe bring-up payload for virt"
  VERBATIM)
