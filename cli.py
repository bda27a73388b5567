"""Guide's command line."""
