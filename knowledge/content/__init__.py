"""The knowledge files staff maintain, read into frozen dataclasses with file/line errors.

Owns the schema (:mod:`.schema`), reading located YAML (:mod:`.yaml_source`,
:mod:`.field_reader`), the issues it reports (:mod:`.issues`), the loaders of FAQ
entries, topics and contact lines, messages and the romanised-term glossary, and
:mod:`.loader`, which loads a whole knowledge folder and cross-checks it. Nothing
here embeds text or touches a database.
"""
