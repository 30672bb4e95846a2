"""Quality objectives: `/qms objective` (set one, list them, show one) and entering a manual value."""
