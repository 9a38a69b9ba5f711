"""The baseline: a bare Flask app answering a small JSON POST, nothing else."""

from flask import Flask, request


def create_app():
    app = Flask(__name__)

    @app.get("/healthz")
    def healthz():  # so it is started and waited for as the real service is
        return {"status": "ok"}

    @app.post("/v1/recommendations")
    def echo():
        body = request.get_json()
        return {"decision": "keep", "service": body.get("service")}

    return app
