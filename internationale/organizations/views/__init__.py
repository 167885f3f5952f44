"""The pages of the directory: entries, applications to join, CSV files, pasted lists."""
