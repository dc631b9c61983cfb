"""Report workbook, PDF forms, pay sheet."""
