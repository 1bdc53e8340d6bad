// libsystemc's own main() refers to sc_main; libFuzzer's main() is the one
// that runs, in every target that links SystemC (the device registry).
#include <systemc>

int sc_main(int, char*[]) { return 1; }
