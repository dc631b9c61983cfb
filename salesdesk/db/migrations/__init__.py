"""Alembic migrations, shipped inside the package and applied whenever a database opens."""
