"""One widget per navigation page."""
