"""Answers and short texts in every language: translation files, their provenance and a facts check."""
