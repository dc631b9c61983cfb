"""Plain-Python appraisal rules: no Qt, no SQLAlchemy, no I/O."""
