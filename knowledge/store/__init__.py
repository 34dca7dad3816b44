"""Persistence: hand-off tickets, feedback, conversation events and console sessions (SQLAlchemy 1.4, 2.0 style).

Owns the tables and connections (:mod:`.database`), reading and writing records
(:mod:`.records`), deleting old data (:mod:`.retention`), the analytics queries
(:mod:`.analytics`) and the staff console's logins (:mod:`.sessions`). SQLite in WAL mode by
default (``var/nenkin.db``); set ``NENKIN_DATABASE_URL`` to a PostgreSQL URL to share one database
between replicas.
Everything stored here has already been redacted by :mod:`knowledge.text.redaction`.
"""
