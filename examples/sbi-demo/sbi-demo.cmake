# Build rule of the SBI demo, included by examples/CMakeLists.txt (which has
# found RISCV_GCC and set examples_out). The demo is an S-mode payload for
# OpenSBI's fw_jump: its own start-up code and linker script (linked at
# 0x80200000), not the M-mode runtime of the other examples.
#
# Produces ${examples_out}/sbi-demo.elf (for debuggers and objdump) and the
# raw image ${examples_out}/sbi-demo.bin that `--kernel` / QEMU's `-kernel`
# load at 0x80200000. Sets sbi_demo_ELF and sbi_demo_BIN, or leaves them
# empty (with a message) when objcopy is missing.

get_filename_component(sbi_demo_toolchain_dir ${RISCV_GCC} DIRECTORY)
find_program(RISCV_OBJCOPY riscv64-unknown-elf-objcopy HINTS ${sbi_demo_toolchain_dir})
if(NOT RISCV_OBJCOPY)
  message(STATUS "examples: riscv64-unknown-elf-objcopy not found, sbi-demo is not built")
  return()
endif()

set(sbi_demo_dir ${CMAKE_CURRENT_LIST_DIR})
set(sbi_demo_sources ${sbi_demo_dir}/start.S ${sbi_demo_dir}/main.c ${sbi_demo_dir}/sbi.c)
set(sbi_demo_ELF ${examples_out}/sbi-demo.elf)
set(sbi_demo_BIN ${examples_out}/sbi-demo.bin)

# No FPU: the payload has no F/D registers to save on traps, so rv64imac
# with picolibc's rv64imac/lp64 libraries. -misa-spec=2.2 keeps the CSR
# instructions in the base ISA (newer specs move them to Zicsr, and naming
# _zicsr in -march would miss picolibc's multilib). Integer-only printf.
set(sbi_demo_flags
  -march=rv64imac -misa-spec=2.2 -mabi=lp64 -mcmodel=medany
  --specs=picolibc.specs -DPICOLIBC_INTEGER_PRINTF_SCANF
  -nostartfiles -static
  -O2 -g -Wall -Wextra -ffunction-sections -fdata-sections
  -T ${sbi_demo_dir}/link.ld
  -Wl,--no-warn-rwx-segments)

add_custom_command(
  OUTPUT ${sbi_demo_ELF} ${sbi_demo_BIN}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${examples_out}
  COMMAND ${RISCV_GCC} ${sbi_demo_flags} -o ${sbi_demo_ELF} ${sbi_demo_sources}
  COMMAND ${RISCV_OBJCOPY} -O binary ${sbi_demo_ELF} ${sbi_demo_BIN}
  DEPENDS ${sbi_demo_sources}
          ${sbi_demo_dir}/sbi.h ${sbi_demo_dir}/supervisor.h ${sbi_demo_dir}/../runtime/csr_access.h
          ${sbi_demo_dir}/link.ld
          ${sbi_demo_dir}/sbi-demo.cmake
  COMMENT "Building RISC-V S-mode payload sbi-demo"
  VERBATIM)
