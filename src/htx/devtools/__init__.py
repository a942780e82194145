"""Developer tools (the layering check)."""
