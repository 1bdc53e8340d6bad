// A shared library without Loom's entry point.
extern "C" int not_a_loom_plugin() { return 0; }
