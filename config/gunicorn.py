"""Production server settings: `gunicorn -c config/gunicorn.py config.wsgi`.

Environment: WEB_CONCURRENCY (worker processes, default one per core), GUNICORN_THREADS
(threads per worker, default 8), GUNICORN_TIMEOUT (seconds, default 30), PORT (default
8000), BIND (default 127.0.0.1:$PORT; put a TLS-terminating proxy or load balancer in
front).

Threaded workers (`gthread`): a connection a browser opens and leaves idle waits for
its request in a thread for at most 5 s, then in the worker's poller, and the worker
keeps telling the arbiter it is alive meanwhile, so idle connections cannot hold a
worker until the timeout kills it. (With sync workers they did: gunicorn killed the
worker after 30 s and wrote its bare "Internal Server Error" into the idle socket,
which the visitor saw on their next click.)
"""

import multiprocessing
import os
import sys

workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count()))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
bind = os.environ.get("BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
# Load the app once, before the fork: workers start with Django set up and its
# modules imported (nothing connects to the database or starts a thread at import;
# the background renderers start in each worker on first use).
preload_app = True
# No max_requests: recycling a worker throws away its scoring matrix and, with the
# local-memory cache, every page it kept, and no leak has been measured that would
# call for it (bench/run.py reports worker restarts during each run).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
# Behind a proxy that keeps connections open: answer on the same connection for a
# few seconds; idle connections wait in the poller meanwhile.
keepalive = 5
accesslog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def post_fork(server, worker):  # type: ignore[no-untyped-def]
    # A thread rendering an uncached page holds the interpreter for up to the switch
    # interval at a time while a thread of the same worker waits to answer /healthz
    # or a cached page: 1 ms instead of Python's 5 ms keeps that wait short.
    sys.setswitchinterval(0.001)
