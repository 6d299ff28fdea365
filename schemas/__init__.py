"""Pandera models of the dataset's tables: one module per table, named after it."""
