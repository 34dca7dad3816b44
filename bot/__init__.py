"""The Rasa project: data files plus Rasa-specific components."""
