# The RTL DMA example's S-mode payload for the virt board, built like the
# SBI demo (included after sbi-demo.cmake, whose start-up code, SBI calls,
# linker script and flags it shares): ${examples_out}/rtl-dma/dma_virt.bin.
if(NOT RISCV_OBJCOPY)
  return()
endif()
set(dma_virt_sources ${sbi_demo_dir}/start.S ${sbi_demo_dir}/sbi.c ${CMAKE_CURRENT_LIST_DIR}/dma_virt.c)
set(dma_virt_ELF ${examples_out}/rtl-dma/dma_virt.elf)
set(dma_virt_BIN ${examples_out}/rtl-dma/dma_virt.bin)
add_custom_command(
  OUTPUT ${dma_virt_ELF} ${dma_virt_BIN}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${examples_out}/rtl-dma
  COMMAND ${RISCV_GCC} ${sbi_demo_flags} -o ${dma_virt_ELF} ${dma_virt_sources}
  COMMAND ${RISCV_OBJCOPY} -O binary ${dma_virt_ELF} ${dma_virt_BIN}
  DEPENDS ${dma_virt_sources} ${sbi_demo_dir}/sbi.h ${sbi_demo_dir}/supervisor.h ${sbi_demo_dir}/link.ld
          ${CMAKE_CURRENT_LIST_DIR}/dma-virt.cmake
  COMMENT "Building the RTL DMA example's payload for virt"
  VERBATIM)
