// libsystemc's own main() refers to sc_main; GoogleTest's main() is the one
// that runs, so this is never called. (<systemc> declares it extern "C".)
#include <systemc>

int sc_main(int, char*[]) { return 1; }
