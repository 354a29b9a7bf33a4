"""Accord deal."""
