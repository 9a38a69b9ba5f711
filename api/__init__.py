"""The HTTP API: a thin Flask layer over the subgraph core.

``create_app()`` loads and validates the graph once; an invalid graph stops
the application from starting. ``gunicorn "api:create_app()"`` and
``flask --app api run`` both work.
"""

from flask import Flask

from subgraph import load_graph

from .health import bp as health_bp

__all__ = ["create_app"]


def create_app(graph_dir=None, test_config=None):
    """Create the Flask application.

    Parameters
    ----------
    graph_dir : path-like, optional
        Graph directory; default ``$SUBGRAPH_GRAPH`` or the embedded graph.
    test_config : dict, optional
        Flask settings that override the defaults (tests).
    """
    app = Flask(__name__)
    app.config.from_mapping(MAX_CONTENT_LENGTH=1024 * 1024)
    app.json.sort_keys = False
    if test_config:
        app.config.update(test_config)
    app.extensions["subgraph"] = load_graph(graph_dir)
    app.register_blueprint(health_bp)
    return app
