// Placeholder until the Feeds part lands.
