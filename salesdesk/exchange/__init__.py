"""Workbook readers and writers, scheme JSON, rating packets."""
