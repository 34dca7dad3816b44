"""The web API's infrastructure, shared by its routes.

Admin token checks (``auth``), rate limits (``rate_limit``), ASGI middleware (size limit and
security headers), exception handlers (``errors``), the app's lifespan and its housekeeping
(``lifespan``, ``retention``), talking to Rasa (``rasa_client``) and merging its replies
(``reply``), the template environment (``templates``) and the console's SVG charts (``charts``).
Nothing here defines a route.
"""
