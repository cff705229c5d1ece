"""The `journeymap` command line. Commands only call the library."""
