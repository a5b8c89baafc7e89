"""Production server settings: `gunicorn -c config/gunicorn.py config.wsgi`.

Environment: WEB_CONCURRENCY (worker processes, default one per core), GUNICORN_THREADS
(threads per worker, default 8), GUNICORN_TIMEOUT (seconds, default 30), PORT (default
8000), BIND (default 127.0.0.1:$PORT; put a TLS-terminating proxy or load balancer in
front), TASK_WORKER (1: start the task worker beside the web workers, the default; 0:
it runs elsewhere).

Threaded workers (`gthread`): a connection a browser opens and leaves idle waits for
its request in a thread for at most 5 s, then in the worker's poller, and the worker
keeps telling the arbiter it is alive meanwhile, so idle connections cannot hold a
worker until the timeout kills it. (With sync workers they did: gunicorn killed the
worker after 30 s and wrote its bare "Internal Server Error" into the idle socket,
which the visitor saw on their next click.)
"""

import gc
import multiprocessing
import os
import subprocess
import sys
from pathlib import Path

workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count()))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
bind = os.environ.get("BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
# Load the app once, before the fork: workers start with Django set up and its
# modules imported (nothing connects to the database or starts a thread at import;
# background work, the warming after an edit and pages served stale rendered again,
# runs on the task worker below, never in a web worker).
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


def pre_fork(server, worker):  # type: ignore[no-untyped-def]
    # The application is loaded before the fork (preload_app): its objects go to the
    # garbage collector's permanent generation, so a worker's full collections do
    # not walk them again (nor write to their pages, which the workers then share).
    gc.freeze()


def post_fork(server, worker):  # type: ignore[no-untyped-def]
    # A thread rendering an uncached page holds the interpreter for up to the switch
    # interval at a time while a thread of the same worker waits to answer /healthz
    # or a cached page: 1 ms instead of Python's 5 ms keeps that wait short.
    sys.setswitchinterval(0.001)


# The task worker (`manage.py db_worker`): the warming after an edit, pages served
# stale rendered again, the daily package-index refresh. The arbiter starts one beside
# the web workers and stops it on exit; TASK_WORKER=0 when it runs elsewhere (one per
# site is enough), and none with TASKS_BACKEND=immediate (tasks then run where asked).
TASK_WORKER_POLL_SECONDS = os.environ.get("TASK_WORKER_POLL_SECONDS", "0.5")
TASK_WORKER_NICENESS = "10"
_task_worker: subprocess.Popen | None = None


def when_ready(server):  # type: ignore[no-untyped-def]
    global _task_worker
    wanted = os.environ.get("TASK_WORKER", "1") != "0"
    if wanted and os.environ.get("TASKS_BACKEND", "database") == "database":
        # At a lower priority, as the warming thread it replaces was: a render for the
        # cache never takes a core from a visitor's request.
        _task_worker = subprocess.Popen(
            [
                "nice",
                "-n",
                TASK_WORKER_NICENESS,
                sys.executable,
                "manage.py",
                "db_worker",
                "--no-reload",
                "--interval",
                TASK_WORKER_POLL_SECONDS,
            ],
            cwd=Path(__file__).resolve().parent.parent,
        )


def on_exit(server):  # type: ignore[no-untyped-def]
    if _task_worker is not None and _task_worker.poll() is None:
        _task_worker.terminate()
        try:
            _task_worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            _task_worker.kill()
