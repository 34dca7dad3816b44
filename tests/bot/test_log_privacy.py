import logging

import structlog

from bot.log_privacy import HIDDEN, hide, hide_message_texts


def test_message_contents_are_hidden_and_the_rest_kept():
    event = {"event": "rest.message.received.failure", "text": "番号は[PHONE]", "user_message": "x", "level": "error"}
    assert hide(None, "error", dict(event)) == {**event, "text": HIDDEN, "user_message": HIDDEN}


def test_rasas_logging_set_up_uses_it(caplog):
    from rasa.utils import log_utils

    original = log_utils._anonymizer
    try:
        assert hide_message_texts() is True
        log_utils.configure_structlog(logging.INFO)
        structlog.get_logger().error("rest.message.received.failure", text="my phone is [PHONE]")
        out = caplog.text
        assert "rest.message.received.failure" in out and "my phone" not in out and HIDDEN in out
    finally:
        log_utils._anonymizer = original
        structlog.reset_defaults()
