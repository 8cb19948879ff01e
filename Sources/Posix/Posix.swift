// Placeholder until the Posix part lands.
