"""The FastAPI web service: the public chat API, the website widget and the staff console.

``main.create_app`` assembles the app; ``routes/`` holds one router per resource; ``deps``
the dependencies routes take (``StateDep``, the admin check); ``schemas`` every request and
response body; ``state`` what routes share; ``i18n`` what the widget and console say (from
``knowledge/messages.yml``); ``core/`` the infrastructure (auth, limits, middleware, Rasa
client, templates, charts); ``console/`` the console's page rendering and dashboard.
"""
