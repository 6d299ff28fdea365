"""Consistency and provenance checks of the dataset, one module per theme."""
