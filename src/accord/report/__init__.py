"""Accord report."""
