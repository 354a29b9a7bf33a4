"""Renderers: terminal (rich), JSON and HTML."""
