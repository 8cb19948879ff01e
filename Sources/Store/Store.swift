// Placeholder until the Store part lands.
