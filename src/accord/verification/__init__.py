"""Accord verification."""
