"""Browser tests: the real platform, started the way `./run demo` starts it, in a subprocess on its
own database, driven by Debian's Chromium through Playwright (no `playwright install`)."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
DEMO_PASSWORD = "Gongjiang@2025"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "-m", "gongjiang.manage", *args], env=env, check=True,
                   capture_output=True, timeout=600)


@pytest.fixture(scope="session")
def platform(tmp_path_factory):
    """Base URL of a running platform with the demo district loaded."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    admin_url = None
    if env.get("DATABASE_URL"):
        base = env["DATABASE_URL"].rsplit("/", 1)[0]
        name = f"gj_browser_{uuid.uuid4().hex[:8]}"
        admin_url = f"{base}/postgres"
        subprocess.run(["psql", admin_url, "-c", f"CREATE DATABASE {name}"], check=True, capture_output=True)
        env["DATABASE_URL"] = f"{base}/{name}"
    else:
        env["GONGJIANG_SQLITE_PATH"] = str(tmp_path_factory.mktemp("platform") / "browser.sqlite3")
    env["GONGJIANG_FAST_PASSWORD_HASHER"] = "1"
    _manage(env, "migrate", "--noinput")
    _manage(env, "demo_load", "--workers", "400", "--quiet")
    _manage(env, "income_demo_load", "--years", "2023", "2024")
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "gongjiang.manage", "runserver", f"127.0.0.1:{port}",
                               "--noreload"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              cwd=Path(__file__).resolve().parents[2])
    url = f"http://127.0.0.1:{port}"
    try:
        # Up to two minutes: on a loaded machine the server's imports and system checks alone can
        # take longer than the twenty seconds this used to wait.
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(f"{url}/healthz", timeout=5)  # noqa: S310 (loopback only)
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("the platform did not start") from None
                time.sleep(0.5)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)
        if admin_url:
            subprocess.run(["psql", admin_url, "-c", f"DROP DATABASE IF EXISTS {env['DATABASE_URL'].rsplit('/', 1)[1]}"],
                           capture_output=True)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    yield page
    context.close()


def login(page, platform: str, username: str) -> None:
    page.goto(f"{platform}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
