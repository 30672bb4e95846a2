"""Alembic migrations, shipped inside the package so `trellis` can migrate itself."""
