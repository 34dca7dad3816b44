"""Rasa custom actions (rasa-sdk): thin adapters that call the pure modules in `knowledge`."""
