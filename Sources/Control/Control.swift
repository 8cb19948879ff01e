// Placeholder until the Control part lands.
