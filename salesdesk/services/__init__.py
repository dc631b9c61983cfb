"""Use cases: the only code that opens a Session. Each call is one transaction and returns
frozen DTOs, never ORM objects."""
