"""Persistence: hand-off tickets, feedback and conversation events (SQLAlchemy 1.4, 2.0-style API).

Owns the tables and connections (:mod:`.database`), reading and writing records
(:mod:`.records`), deleting old data (:mod:`.retention`) and the analytics queries
(:mod:`.analytics`). SQLite in WAL mode by default (``var/nenkin.db``); set
``NENKIN_DATABASE_URL`` to a PostgreSQL URL to share one database between replicas.
Everything stored here has already been redacted by :mod:`knowledge.text.redaction`.
"""
