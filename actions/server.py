"""The action server: rasa-sdk's app on loopback, answering only callers that present the internal token.

``python -m actions.server --port 5055`` replaces ``python -m rasa_sdk --actions actions``
(same options). It listens on ``NENKIN_ACTIONS_HOST`` (127.0.0.1 unless a private network
needs more, as in ``deploy/compose.yml``) and requires ``NENKIN_INTERNAL_TOKEN`` in the
``X-Nenkin-Internal-Token`` header of every request but ``GET /health``; Rasa sends it
(``action_endpoint.headers`` in ``bot/endpoints.yml``). Without the header, or with a
wrong one, the answer is 401 and no action runs, so nobody else can create tickets or
read what the actions would say.
"""

from __future__ import annotations

import argparse
import hmac
import logging
import sys
from collections.abc import Sequence

from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from actions.settings import get_action_settings
from knowledge.settings import INTERNAL_TOKEN_HEADER

__all__ = ["MIN_TOKEN_LENGTH", "OPEN_PATHS", "create_action_app", "main"]

log = logging.getLogger("actions.server")  # not __main__ under `python -m`


OPEN_PATHS = frozenset({"/health"})
"""Paths answered without the token (the launcher and the API poll them)."""

MIN_TOKEN_LENGTH = 16


def create_action_app(
    token: str, *, actions: str = "actions", cors_origins: Sequence[str] | None = None, auto_reload: bool = False
) -> Sanic:
    """rasa-sdk's Sanic app for ``actions``, refusing every request without ``token`` except :data:`OPEN_PATHS`.

    Raises:
        ValueError: If ``token`` is shorter than :data:`MIN_TOKEN_LENGTH`.
    """
    if len(token) < MIN_TOKEN_LENGTH:
        raise ValueError(
            f"NENKIN_INTERNAL_TOKEN must have at least {MIN_TOKEN_LENGTH} characters (got {len(token)}): "
            "set the secret Rasa sends (python -m api.serve generates one into var/internal-token)"
        )
    from rasa_sdk.endpoint import create_app

    app = create_app(actions, cors_origins=list(cors_origins) if cors_origins else None, auto_reload=auto_reload)
    expected = token.encode()

    @app.on_request
    async def require_internal_token(request: Request) -> HTTPResponse | None:
        if request.path in OPEN_PATHS:
            return None
        presented = request.headers.get(INTERNAL_TOKEN_HEADER, "").encode()
        if hmac.compare_digest(presented, expected):
            return None
        log.warning("refused %s %s without the internal token from %s", request.method, request.path, request.ip)
        return response.json({"error": f"missing or wrong {INTERNAL_TOKEN_HEADER}"}, status=401)

    return app


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    from rasa_sdk.endpoint import create_argument_parser

    parser = create_argument_parser()
    parser.set_defaults(actions="actions")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the action server until stopped (options as ``python -m rasa_sdk``)."""
    from rasa_sdk import utils
    from rasa_sdk.constants import APPLICATION_ROOT_LOGGER_NAME
    from rasa_sdk.endpoint import create_ssl_context
    from rasa_sdk.plugin import plugin_manager

    args = _arguments(argv)
    settings = get_action_settings()
    try:
        app = create_action_app(
            settings.internal_token, actions=args.actions, cors_origins=args.cors, auto_reload=args.auto_reload
        )
    except ValueError as exc:
        print(f"the action server cannot start: {exc}", file=sys.stderr)
        return 2
    utils.configure_colored_logging(args.loglevel)
    utils.configure_file_logging(
        logging.getLogger(APPLICATION_ROOT_LOGGER_NAME), args.log_file, args.loglevel, args.logging_config_file
    )
    utils.update_sanic_log_level()
    plugin_manager().hook.attach_sanic_app_extensions(app=app)
    ssl_context = create_ssl_context(args.ssl_certificate, args.ssl_keyfile, args.ssl_password)
    log.info("action server on %s:%d (token required)", settings.actions_host, args.port)
    app.run(settings.actions_host, args.port, ssl=ssl_context, workers=utils.number_of_sanic_workers())
    return 0


if __name__ == "__main__":
    sys.exit(main())
