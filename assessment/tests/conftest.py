"""Fixtures are in the root conftest.py (the URL × persona test needs them too)."""
