"""Production server settings: `gunicorn -c config/gunicorn.py config.wsgi`.

Environment: WEB_CONCURRENCY (workers, default 2 per core), PORT (default 8000),
BIND (default 127.0.0.1:$PORT; put a TLS-terminating proxy or load balancer in front).
"""

import multiprocessing
import os

workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2))
bind = os.environ.get("BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
# Pages are cached and queries are few: sync workers are enough; keep them fresh.
max_requests = 5000
max_requests_jitter = 500
timeout = 30
graceful_timeout = 20
accesslog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
