"""How `make run` serves the app: gunicorn settings and a worker that slow clients cannot stall."""
