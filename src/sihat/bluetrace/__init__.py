"""MySJ Trace: the BlueTrace/OpenTrace-compatible Bluetooth tracing server (devices, TempIDs and
their keys, upload codes and tokens, encounter uploads turned into close contacts)."""
