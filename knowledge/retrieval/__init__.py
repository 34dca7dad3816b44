"""Finding the FAQ entry a resident means.

Owns the encoder (:mod:`.embedding`) and its caches (:mod:`.caches`: on disk for
builds, in memory for questions), the faiss index and its builds (:mod:`.index`), the
entry classifier (:mod:`.entry_classifier`), search with confidence tiers
(:mod:`.search`), the validator's ambiguity check (:mod:`.ambiguity`) and retrieval
evaluation (:mod:`.evaluation`). Reads no settings: :mod:`knowledge.retrieval_setup`
assembles it from them.
"""
