// Placeholder until the Extract part lands.
