// Placeholder until the Dedupe part lands.
