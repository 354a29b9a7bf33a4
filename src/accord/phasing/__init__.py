"""Accord phasing."""
