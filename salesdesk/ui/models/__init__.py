"""Table models (QAbstractTableModel) and their proxies."""
