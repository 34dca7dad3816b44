"""The FastAPI web service: public chat API, website widget and staff consoles."""
