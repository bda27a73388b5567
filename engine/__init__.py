"""Guide's engine (public API assembled as modules land)."""
