"""Accord cli."""
