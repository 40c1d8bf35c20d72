"""Where conversations are kept, and how long: the retention purge."""
