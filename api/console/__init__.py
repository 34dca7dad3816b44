"""The staff console's rendering: the page frame, refusals shown as pages, and the analytics dashboard.

The pages themselves are routes (:mod:`api.routes.console`); their templates live in
``api/templates/console/`` and their words in ``knowledge/messages.yml`` (``console_*``).
"""
