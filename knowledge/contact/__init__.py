"""Where residents are sent when the assistant cannot help: phone lines and their hours.

Owns opening-hours arithmetic (:mod:`.hours`: weekly hours, 2nd Saturday, holidays,
year-end closure, the Monday-holiday rule) and choosing and describing the line for a
hand-off (:mod:`.handoff`). The lines themselves are data in ``knowledge/contacts.yml``.
"""
