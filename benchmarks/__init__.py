"""Accord's benchmarks: ``python -m benchmarks [NAME ...]`` (or ``make bench``)."""
