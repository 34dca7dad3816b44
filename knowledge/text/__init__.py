"""Pure text processing, applied to a message once where it enters the system.

Owns redaction of personal numbers (:mod:`.redaction`), language identification
(:mod:`.langid`, its word lists and its evaluation), Japanese word segmentation
(:mod:`.japanese`) and grouping of similar texts for analytics (:mod:`.grouping`).
"""
