// Placeholder until the Daemon part lands.
