"""The knowledge engine: FAQ files, their validation, the embedding index and search.

Pure Python: imports neither rasa nor fastapi, so it is usable from the CLI,
the Rasa action server and the web API alike.
"""
