"""Accord service."""
