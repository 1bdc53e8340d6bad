# loom_add_guest_program(NAME <name> OUTPUT <elf> SOURCES <file>...
#                        [HEADERS <file>...] [COMPILE_OPTIONS <flag>...])
#
# Builds one bare-metal RV64GC program with the example runtime in this
# folder (start-up, HTIF console under picolibc's stdio, trap dispatch) into
# <elf>, rebuilding it when a source, a listed header or the runtime changes.
# Sets <name>_ELF in the caller's scope. Needs RISCV_GCC
# (riscv64-unknown-elf-gcc with picolibc).

set(LOOM_GUEST_RUNTIME_DIR ${CMAKE_CURRENT_LIST_DIR})

function(loom_add_guest_program)
  cmake_parse_arguments(PARSE_ARGV 0 arg "" "NAME;OUTPUT" "SOURCES;HEADERS;COMPILE_OPTIONS")
  if(NOT arg_NAME OR NOT arg_OUTPUT OR NOT arg_SOURCES)
    message(FATAL_ERROR "loom_add_guest_program: NAME, OUTPUT and SOURCES are required")
  endif()
  if(NOT RISCV_GCC)
    message(FATAL_ERROR "loom_add_guest_program(${arg_NAME}): RISCV_GCC is not set")
  endif()

  set(rt ${LOOM_GUEST_RUNTIME_DIR})
  set(runtime_sources ${rt}/crt0.S ${rt}/start.c ${rt}/htif.c ${rt}/trap.c)
  set(runtime_depends ${runtime_sources} ${rt}/link.ld ${rt}/loom_rt.h ${rt}/riscv_csr.h ${rt}/csr_access.h)
  # rv64gc/lp64d selects picolibc's rv64imafdc multilib; medany because RAM
  # is at 0x80000000, outside the +-2 GiB that medlow code can address.
  # PICOLIBC_DOUBLE_PRINTF_SCANF: printf with full double support.
  set(flags
    -march=rv64gc -mabi=lp64d -mcmodel=medany
    --specs=picolibc.specs -DPICOLIBC_DOUBLE_PRINTF_SCANF
    -nostartfiles -static
    -O2 -g -Wall -Wextra -ffunction-sections -fdata-sections
    -I${rt}
    -T ${rt}/link.ld
    -Wl,--no-warn-rwx-segments)

  get_filename_component(out_dir ${arg_OUTPUT} DIRECTORY)
  add_custom_command(
    OUTPUT ${arg_OUTPUT}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${out_dir}
    COMMAND ${RISCV_GCC} ${flags} ${arg_COMPILE_OPTIONS}
            -o ${arg_OUTPUT} ${runtime_sources} ${arg_SOURCES}
    DEPENDS ${arg_SOURCES} ${arg_HEADERS} ${runtime_depends}
    COMMENT "Building RISC-V program ${arg_NAME}"
    VERBATIM)
  set(${arg_NAME}_ELF ${arg_OUTPUT} PARENT_SCOPE)
endfunction()
