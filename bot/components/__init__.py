"""Custom Rasa graph components (thin wrappers around the pure modules in ``knowledge``)."""
