/* A guest that exits with EXIT_CODE (the HTIF exit code), for the CLI's
 * exit-status tests. */
int main(void) { return EXIT_CODE; }
