"""Accord conflict."""
