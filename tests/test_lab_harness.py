"""The lab harness's own logic: manifests, task regions, wrk reports, ratios."""

import http.server
import threading
import urllib.parse

import pytest

from lab.harness import checks, manifest, measure, wrk
from lab.harness.manifest import ManifestError

WRK_OUTPUT = """Running 5s test @ http://127.0.0.1:40000/hello
  1 threads and 64 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    17.29ms    2.01ms  30.55ms   90.00%
    Req/Sec     3.70k   200.00     4.00k    80.00%
  Latency Distribution
     50%  850.00us
     75%   18.00ms
     90%   19.00ms
     99%    1.25s
  18441 requests in 5.00s, 2.71MB read
  Socket errors: connect 0, read 3, write 0, timeout 2
  Non-2xx or 3xx responses: 5
Requests/sec:   3686.50
Transfer/sec:    555.11KB
"""

SEED = ["bottle", "cherrypy", "dash", "django", "fastapi", "flask", "micropie", "pyramid",
        "quart", "sanic", "starlette", "tornado", "turbogears"]


def test_wrk_reports_are_read_with_their_units():
    result = wrk.parse(WRK_OUTPUT)
    assert result.rps == 3686.50
    assert result.requests == 18441
    assert result.p50_ms == pytest.approx(0.85)
    assert result.p99_ms == pytest.approx(1250.0)
    assert result.errors == 3 + 2 + 5


def test_a_clean_wrk_report_has_no_errors():
    clean = WRK_OUTPUT.replace("  Socket errors: connect 0, read 3, write 0, timeout 2\n", "")
    assert wrk.parse(clean.replace("  Non-2xx or 3xx responses: 5\n", "")).errors == 0


def test_a_wrk_report_without_percentiles_is_refused():
    with pytest.raises(ValueError, match="unexpected wrk output"):
        wrk.parse(WRK_OUTPUT.split("  Latency Distribution")[0] + "Requests/sec: 10\n")


def test_wrk_only_loads_the_local_machine():
    assert wrk.command("http://127.0.0.1:8000/hello", 64, 5)[-1] == "http://127.0.0.1:8000/hello"
    assert "-c64" in wrk.command("http://127.0.0.1:8000/hello", 64, 5)
    with pytest.raises(ValueError, match=r"127\.0\.0\.1"):
        wrk.command("http://example.com/hello", 1, 5)


def _manifest(**changes):
    data = {
        "name": "Demo",
        "distribution": "demo",
        "server": "gunicorn",
        "command": ["gunicorn", "--bind", "127.0.0.1:{port}", "app:app"],
        "baseline": "wsgi",
        "tasks": {
            "hello-json": {"files": ["app.py"]},
            "params": {"files": ["app.py"]},
            "template": {"files": ["app.py"]},
            "json-body": {"files": ["app.py"]},
            "websocket": {"not_supported": "WSGI cannot hold a WebSocket."},
            "csrf-form": {"not_supported": "No CSRF protection."},
            "streaming": {"files": ["app.py"]},
        },
    }
    data.update(changes)
    return data


def test_a_complete_manifest_is_accepted():
    m = manifest.parse("demo", _manifest())
    assert m.supported_tasks() == ["hello-json", "params", "template", "json-body", "streaming"]
    assert m.tasks["websocket"].not_supported == "WSGI cannot hold a WebSocket."
    assert m.command_for(8123)[2] == "127.0.0.1:8123"
    assert "chart" not in m.tasks


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"command": ["gunicorn", "app:app"]}, "must bind to"),
        ({"baseline": "cgi"}, "`baseline` must be one of"),
        ({"distribution": ""}, "`distribution` is missing"),
    ],
)
def test_a_manifest_missing_what_the_harness_needs_is_refused(changes, problem):
    with pytest.raises(ManifestError, match=problem):
        manifest.parse("demo", _manifest(**changes))


def test_every_task_must_be_implemented_or_declined_with_a_reason():
    data = _manifest()
    del data["tasks"]["streaming"]
    with pytest.raises(ManifestError, match="`streaming` is neither implemented nor declined"):
        manifest.parse("demo", data)
    data = _manifest()
    data["tasks"]["streaming"] = {"files": ["app.py"], "not_supported": "both"}
    with pytest.raises(ManifestError, match="either `files` or a `not_supported` reason"):
        manifest.parse("demo", data)


def test_fewer_than_five_implemented_tasks_is_refused():
    data = _manifest()
    data["tasks"]["params"] = {"not_supported": "no"}
    with pytest.raises(ManifestError, match="fewer than 5 tasks"):
        manifest.parse("demo", data)


def test_a_data_app_may_do_fewer_tasks_but_not_none():
    data = _manifest(data_app=True)
    data["tasks"] = {task: {"not_supported": "no way"} for task in manifest.TASKS}
    with pytest.raises(ManifestError, match="fewer than 1 tasks"):
        manifest.parse("demo", data)
    data["tasks"]["chart"] = {"files": ["app.py"]}
    assert manifest.parse("demo", data).supported_tasks() == ["chart"]


def test_fewer_than_five_tasks_need_a_reason_that_stays_true():
    data = _manifest()
    data["tasks"]["params"] = {"not_supported": "no"}
    data["fewer_tasks"] = "An unmaintained library with no way to stream."
    assert manifest.parse("demo", data).fewer_tasks.startswith("An unmaintained")
    data["tasks"]["params"] = {"files": ["app.py"]}
    with pytest.raises(ManifestError, match="`fewer_tasks` given, but 5 or more"):
        manifest.parse("demo", data)


def test_a_data_app_must_also_do_the_chart():
    with pytest.raises(ManifestError, match="`chart`"):
        manifest.parse("demo", _manifest(data_app=True))


def test_a_manifest_naming_a_missing_file_is_refused(tmp_path):
    with pytest.raises(ManifestError, match=r"missing file app\.py"):
        manifest.parse("demo", _manifest(), folder=tmp_path)


SOURCE = """import json

# lab:start hello-json
def hello():
    return {}
# lab:end hello-json

class Handler:
    # lab:start params
    # lab:start json-body
    def items(self):
        pass
    # lab:end json-body
    def more(self):
        pass
    # lab:end params

# lab:start hello-json
ROUTES = ["/hello"]
# lab:end hello-json
"""


def test_a_task_region_is_cut_out_without_markers_and_dedented():
    assert manifest.extract_region(SOURCE, "json-body") == "def items(self):\n    pass\n"
    assert manifest.extract_region(SOURCE, "params") == (
        "def items(self):\n    pass\ndef more(self):\n    pass\n"
    )


def test_several_regions_of_one_task_are_joined():
    assert manifest.extract_region(SOURCE, "hello-json") == (
        "def hello():\n    return {}\n\nROUTES = [\"/hello\"]\n"
    )


def test_a_file_without_markers_is_shown_whole_and_a_missing_task_is_none():
    assert manifest.extract_region("<h1>{{ name }}</h1>", "template") == "<h1>{{ name }}</h1>\n"
    assert manifest.extract_region(SOURCE, "streaming") is None


def test_every_framework_has_a_valid_manifest_with_five_tasks_or_a_chart():
    assert set(SEED) <= set(manifest.framework_slugs())
    for slug in manifest.framework_slugs():
        m = manifest.load(slug)
        if m.data_app:
            assert m.tasks["chart"].supported, slug
        elif m.fewer_tasks:
            assert 1 <= len(m.supported_tasks()) < 5, slug
        else:
            assert len(m.supported_tasks()) >= 5, slug
        for task in m.supported_tasks():
            assert manifest.sample_files(m, task), f"{slug}/{task} shows no code"
    assert manifest.load("dash").tasks["chart"].supported


def test_ratios_divide_by_the_baseline_and_skip_a_zero_baseline():
    metrics = dict.fromkeys(measure.METRICS, 10.0)
    base = {**dict.fromkeys(measure.METRICS, 4.0), "install_dists": 0}
    result = measure.ratios(metrics, base)
    assert result["rps_hello_c1"] == 2.5
    assert result["install_dists"] is None


def test_a_figure_is_the_median_of_its_rounds_with_the_lowest_and_highest_beside_it():
    rounds = [{"rps_hello_c1": v, "instr_hello": i}
              for v, i in [(900, 1000), (100, 1010), (1000, 990), (950, 1000), (980, 1005)]]
    metrics, intervals = measure.summarise(rounds, ("rps_hello_c1", "instr_hello"))
    assert metrics == {"rps_hello_c1": 950, "instr_hello": 1000}
    assert intervals["rps_hello_c1"] == [100, 1000]


def _entry(baseline="asgi", same=True, **metrics):
    return {"baseline": baseline, "same_server_as_baseline": same, "metrics": metrics,
            "intervals": {k: [v * 0.99, v * 1.01] for k, v in metrics.items()}}


def test_a_framework_cheaper_than_its_own_bare_app_stops_the_run():
    baselines = {"asgi": _entry(instr_per_request=160_000, rps_hello_c64=8000)}
    cheaper = _entry(instr_per_request=120_000, rps_hello_c64=7000)
    heavier = _entry(instr_per_request=300_000, rps_hello_c64=5000)
    assert measure.plausibility(baselines, {"x": heavier}) == []
    problems = measure.plausibility(baselines, {"x": cheaper})
    assert len(problems) == 1 and "instr_per_request" in problems[0]
    # On another server (Granian, Robyn's) beating bare-ASGI-on-Uvicorn is possible.
    elsewhere = {**cheaper, "same_server_as_baseline": False}
    assert measure.plausibility(baselines, {"x": elsewhere}) == []


def test_a_p99_ten_times_its_median_is_listed_for_investigation_not_stored():
    entry = _entry(p99_json_c64_ms=2300.0, p50_json_c64_ms=40.0,
                   p99_hello_c64_ms=30.0, p50_hello_c64_ms=10.0)
    flagged = measure.tails(entry)
    assert [f["figure"] for f in flagged] == ["p99_json_c64_ms"]
    assert entry["metrics"]["p99_json_c64_ms"] is None
    assert entry["metrics"]["p99_hello_c64_ms"] == 30.0


def _rounds(*pairs):
    """An entry whose rounds measured these (p99, median) pairs for the JSON task."""
    entry = _entry(p50_json_c64_ms=40.0)
    entry["rounds"] = [{"round": n, "wrk": {"p99_json_c64_ms": p99, "p50_json_c64_ms": p50}}
                       for n, (p99, p50) in enumerate(pairs, 1)]
    return entry


def test_a_stalled_round_is_named_and_left_out_the_other_rounds_make_the_figure():
    entry = _rounds((120.0, 40.0), (2300.0, 40.0), (100.0, 40.0), (140.0, 40.0),
                    (110.0, 40.0))
    flagged = measure.tails(entry)
    assert [(f["figure"], f["round"]) for f in flagged] == [("p99_json_c64_ms", 2)]
    assert entry["metrics"]["p99_json_c64_ms"] == 115.0  # median of 100, 110, 120, 140
    assert entry["intervals"]["p99_json_c64_ms"] == [100.0, 140.0]


def test_a_p99_is_unknown_only_when_every_round_stalled():
    entry = _rounds((900.0, 40.0), (2300.0, 40.0), (500.0, 40.0))
    assert len(measure.tails(entry)) == 3
    assert entry["metrics"]["p99_json_c64_ms"] is None
    assert "p99_json_c64_ms" not in entry["intervals"]


def test_memory_counts_the_processes_that_served_not_an_idle_supervisor():
    before = {100: 50, 101: 10}
    after = {100: 51, 101: 210}  # the master ticked once, its worker served
    assert measure.app_processes(before, after) == [101]
    assert measure.app_processes({7: 3}, {7: 90}) == [7]


def test_frameworks_on_their_baselines_server_are_told_apart_from_the_others():
    assert measure.same_server("flask", "wsgi")
    assert measure.same_server("starlette", "asgi")
    assert not measure.same_server("aiohttp", "wsgi")  # gunicorn, but aiohttp's worker
    assert not measure.same_server("emmett", "asgi")  # Granian


class _Handler(http.server.BaseHTTPRequestHandler):
    """A deliberately wrong sample: greets without escaping, buffers its "stream"."""

    def log_message(self, *args):
        pass

    def do_GET(self):
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
        if self.path.startswith("/greet"):
            body = f"<h1>Hello, {query['name'][0]}!</h1>".encode()
            kind = "text/html"
        else:
            body, kind = checks.STREAM.encode(), "text/plain"
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def wrong_sample():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_the_template_check_catches_an_unescaped_value(wrong_sample):
    with pytest.raises(checks.CheckFailed, match="unescaped"):
        checks.template(wrong_sample)


def test_the_streaming_check_catches_a_buffered_body(wrong_sample):
    with pytest.raises(checks.CheckFailed, match="buffered"):
        checks.streaming(wrong_sample)
