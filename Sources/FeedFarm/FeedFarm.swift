// Placeholder until the FeedFarm part lands.
