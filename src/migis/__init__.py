"""migis: a migration governance information system."""

__version__ = "0.1.0"
