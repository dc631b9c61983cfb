"""SalesDesk: sales performance appraisal for a small company's sales department."""

from salesdesk.runtime import keep_none_alive

__version__ = "0.1.0"

keep_none_alive()
