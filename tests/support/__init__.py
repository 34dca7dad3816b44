"""Helpers shared by tests of several packages (not tests themselves)."""
