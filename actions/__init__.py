"""Rasa custom actions (rasa-sdk): thin adapters that call the pure modules in `knowledge`.

With ``NENKIN_PRELOAD_SERVICES=1`` (set by the launcher), the knowledge, index and encoder are
loaded when the action server imports this package, so its ``/health`` answers only once it can
really answer, and the first resident does not wait for the model.
"""

from actions.settings import get_action_settings

if get_action_settings().preload_services:
    from actions.services import get_services

    get_services()
