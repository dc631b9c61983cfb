"""SalesDesk: sales performance appraisal for a small company's sales department."""

__version__ = "0.1.0"
