"""Accord scenario."""
