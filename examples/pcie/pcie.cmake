# The PCIe bring-up payloads, built like the SBI demo (included after
# sbi-demo.cmake, whose start-up code, SBI calls, linker script and flags
# they share): ${examples_out}/pcie/pcie_probe.bin for virt (BARs, DMA,
# INTx through the PLIC) and ${examples_out}/pcie/pcie_msi.bin for virt-aia
# (MSI and MSI-X into the IMSIC).
if(NOT RISCV_OBJCOPY)
  return()
endif()
foreach(payload pcie_probe pcie_msi)
  set(sources ${sbi_demo_dir}/start.S ${sbi_demo_dir}/sbi.c ${CMAKE_CURRENT_LIST_DIR}/pcie_lib.c
              ${CMAKE_CURRENT_LIST_DIR}/${payload}.c)
  set(${payload}_ELF ${examples_out}/pcie/${payload}.elf)
  set(${payload}_BIN ${examples_out}/pcie/${payload}.bin)
  add_custom_command(
    OUTPUT ${${payload}_ELF} ${${payload}_BIN}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${examples_out}/pcie
    COMMAND ${RISCV_GCC} ${sbi_demo_flags} -o ${${payload}_ELF} ${sources}
    COMMAND ${RISCV_OBJCOPY} -O binary ${${payload}_ELF} ${${payload}_BIN}
    DEPENDS ${sources} ${sbi_demo_dir}/sbi.h ${sbi_demo_dir}/supervisor.h ${sbi_demo_dir}/link.ld
            ${CMAKE_CURRENT_LIST_DIR}/pcie_lib.h ${CMAKE_CURRENT_LIST_DIR}/pcie.cmake
    COMMENT "Building the PCIe payload ${payload}"
    VERBATIM)
endforeach()
