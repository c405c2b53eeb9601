"""deploy/: the container runs `make run`'s app with the production settings, and nginx accepts the proxy config.

Docker cannot run here, so the container file is checked as text against the Makefile and the repository;
the nginx configuration is parsed by nginx itself (``nginx -t``) when Debian's package is installed.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import time
import tomllib
from pathlib import Path

import pytest

from tests.conftest import ROOT

DEPLOY = ROOT / "deploy"
CONTAINERFILE = DEPLOY / "Containerfile"
NGINX_CONF = DEPLOY / "nginx.conf"


def _instructions() -> list[tuple[str, str]]:
    """The container file's instructions (continuation lines joined, comments dropped)."""
    text = re.sub(r"\\\n\s*", " ", CONTAINERFILE.read_text(encoding="utf-8"))
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            out.append((word.upper(), rest.strip()))
    return out


def _one(name: str) -> str:
    found = [rest for word, rest in _instructions() if word == name]
    assert len(found) == 1, f"{CONTAINERFILE.name}: expected one {name}, found {len(found)}"
    return found[0]


def _make_run() -> list[str]:
    """`make run`'s command after the interpreter, with $(PORT) replaced by the Makefile's default."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    port = re.search(r"^PORT\s*\?=\s*(\d+)", makefile, re.M).group(1)
    recipe = re.search(r"^run:.*\n\t(.+)$", makefile, re.M).group(1)
    words = shlex.split(recipe.replace("$(PORT)", port))
    assert words[0] == "$(PY)", recipe
    return words[1:]


def test_the_container_runs_make_runs_command() -> None:
    cmd = json.loads(_one("CMD"))  # exec form: no shell between the signal and streamlit
    assert cmd[0] == "python"
    expected = _make_run()
    assert cmd[1 : 1 + len(expected)] == expected
    extra = cmd[1 + len(expected) :]
    assert extra == ["--server.address", "0.0.0.0"], "only the listening address may differ from `make run`"
    port = expected[expected.index("--server.port") + 1]
    assert _one("EXPOSE") == port
    assert f"127.0.0.1:{port}/_stcore/health" in _one("HEALTHCHECK")


def test_the_container_has_the_production_settings_and_every_package() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["headless"] is True
    assert config["server"]["fileWatcherType"] == "none"
    cmd = " ".join(json.loads(_one("CMD")))
    for section, settings in config.items():  # nothing on the command line overrides the production settings
        for key in settings:
            assert f"--{section}.{key}" not in cmd
    assert _one("FROM") == "python:3.11-slim"
    workdir = _one("WORKDIR")
    copied = {rest.split()[0].rstrip("/") for word, rest in _instructions() if word == "COPY"}
    assert ".streamlit" in copied  # streamlit reads .streamlit/config.toml from the working directory
    assert workdir == "/app"
    packages = {p.parent.name for p in ROOT.glob("*/*.py") if p.parent.name not in {"tests", "scripts", ".venv"}}
    assert packages, "no packages found"
    assert packages <= copied, f"not copied into the image: {sorted(packages - copied)}"
    assert {"data", "app.py"} <= copied
    assert any(word == "RUN" and "pip install -r requirements.txt" in rest for word, rest in _instructions())
    assert any(word == "RUN" and "install" in rest and "chromium" in rest for word, rest in _instructions())
    user = _one("USER")
    assert user not in {"root", "0"}
    assert any(word == "RUN" and "useradd" in rest and user in rest for word, rest in _instructions())


def _body_limit_mb(text: str) -> float:
    value = re.search(r"client_max_body_size\s+(\d+)([kKmM]?);", text)
    number, unit = int(value.group(1)), value.group(2).lower()
    return number / 1024 if unit == "k" else number if unit == "m" else number / 1024 / 1024


def test_the_proxy_is_sticky_upgrades_websockets_and_fits_the_upload_limit() -> None:
    text = NGINX_CONF.read_text(encoding="utf-8")
    upstream = re.search(r"upstream\s+(\w+)\s*\{(.*?)\}", text, re.S)
    name, body = upstream.group(1), upstream.group(2)
    assert re.search(r"^\s*hash\s+\$\w+\s+consistent;", body, re.M) or re.search(r"^\s*ip_hash;", body, re.M)
    assert len(re.findall(r"^\s*server\s+\S+", body, re.M)) >= 2
    stream = re.search(r"location\s+/_stcore/stream\s*\{(.*?)\}", text, re.S).group(1)
    assert f"proxy_pass http://{name};" in stream
    assert re.search(r"proxy_set_header\s+Upgrade\s+\$http_upgrade;", stream)
    assert re.search(r"proxy_set_header\s+Connection\s+\$connection_upgrade;", stream)
    assert re.search(r"proxy_http_version\s+1\.1;", text)
    upload = (ROOT / "pages" / "add-plan.py").read_text(encoding="utf-8")
    limit = max(int(mb) for mb in re.findall(r"max_upload_size=(\d+)", upload))
    assert limit <= _body_limit_mb(text) <= limit + 1  # the file plus its multipart envelope, not 200 MB


def _nginx_test(tmp_path: Path, conf: Path) -> subprocess.CompletedProcess[str]:
    """``nginx -t`` on ``conf`` with ``tmp_path`` as its prefix (skipped where nginx is not installed)."""
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if nginx is None:
        pytest.skip("nginx is not installed (apt-get install nginx): deploy/nginx.conf not parsed by nginx")
    (tmp_path / "logs").mkdir()
    (tmp_path / "tmp").mkdir()
    return subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(conf)], capture_output=True, text=True, timeout=60
    )


def test_nginx_accepts_the_configuration(tmp_path: Path) -> None:
    done = _nginx_test(tmp_path, NGINX_CONF)
    assert done.returncode == 0, done.stderr
    assert "syntax is ok" in done.stderr


def test_nginx_rejects_a_broken_configuration(tmp_path: Path) -> None:
    """The check above can fail: the same command on a config missing a brace is refused."""
    broken = tmp_path / "broken.conf"
    broken.write_text(NGINX_CONF.read_text(encoding="utf-8").rstrip().removesuffix("}"), encoding="utf-8")
    done = _nginx_test(tmp_path, broken)
    assert done.returncode != 0


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


BIG = 5_000_000


def test_a_browser_stays_on_its_replica_and_browsers_spread(tmp_path: Path) -> None:
    """nginx with this config in front of two stand-in replicas (each answers with its port): the first
    response sets the affinity cookie, the same cookie always reaches the same replica, and many browsers
    (one cookie each, as on loopback where they all share one IP) reach both replicas."""
    import http.client
    import http.server
    import threading

    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if nginx is None:
        pytest.skip("nginx is not installed (apt-get install nginx)")

    class Echo(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            # /big stands for the app's largest static file (the chart library's script, megabytes): more than
            # nginx's in-memory buffers, which it would spill to a temp file its workers may not write.
            body = b"x" * BIG if self.path == "/big" else str(self.server.server_address[1]).encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    replicas = [http.server.ThreadingHTTPServer(("127.0.0.1", 0), Echo) for _ in range(2)]
    for server in replicas:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    proxy_port = _free_port()
    servers = "".join(f"        server 127.0.0.1:{s.server_address[1]};\n" for s in replicas)
    text = NGINX_CONF.read_text(encoding="utf-8")
    text = re.sub(r"(# BEGIN replicas[^\n]*\n).*?(\s*# END replicas)", lambda m: m.group(1) + servers + m.group(2),
                  text, flags=re.S)  # fmt: skip
    text = re.sub(r"listen \d+;", f"listen 127.0.0.1:{proxy_port};", text)
    text = text.replace("worker_processes auto;", "worker_processes 1;\ndaemon off;")
    (tmp_path / "logs").mkdir()
    (tmp_path / "tmp").mkdir()
    conf = tmp_path / "nginx.conf"
    conf.write_text(text, encoding="utf-8")
    proc = subprocess.Popen([nginx, "-p", str(tmp_path), "-c", str(conf)], stderr=subprocess.PIPE)
    try:

        def get(cookie: str | None = None, path: str = "/") -> tuple[str, str | None]:
            for _ in range(100):  # nginx takes a moment to listen
                try:
                    conn = http.client.HTTPConnection("127.0.0.1", proxy_port, timeout=10)
                    conn.request("GET", path, headers={"Cookie": f"pce_replica={cookie}"} if cookie else {})
                    if path == "/big":
                        time.sleep(1)  # a slow reader, so nginx has the whole response to hold meanwhile
                    response = conn.getresponse()
                    return response.read().decode(), response.getheader("Set-Cookie")
                except ConnectionRefusedError:
                    time.sleep(0.1)
            raise AssertionError(f"nginx did not listen: {proc.stderr.read1().decode() if proc.stderr else ''}")

        first, set_cookie = get()
        assert set_cookie and set_cookie.startswith("pce_replica=")
        cookie = set_cookie.split(";")[0].split("=", 1)[1]
        assert {get(cookie)[0] for _ in range(10)} == {first}  # sticky
        assert get(cookie)[1] is None  # a browser with the cookie is not given a new one
        reached = {get(f"browser-{i}")[0] for i in range(40)}
        assert reached == {str(s.server_address[1]) for s in replicas}
        # Whole, even when nginx starts as root and its workers (nobody) cannot write the prefix's temp folder:
        # the chart library failed to load through the proxy that way, so no chart was ever drawn.
        assert len(get(cookie, "/big")[0]) == BIG
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        for server in replicas:
            server.shutdown()
