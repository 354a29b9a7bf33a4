"""Accord ledger."""
