"""Starts servers for a test on 127.0.0.1, waits (bounded) until they answer,
and stops each one by its process group."""

import os
import signal
import socket
import subprocess
import time
from contextlib import contextmanager

import httpx


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stop(process: subprocess.Popen, grace: float = 10.0) -> None:
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=grace)
    except ProcessLookupError:
        pass


@contextmanager
def serving(command: list[str], *, cwd: str, env: dict, ready_path: str, port: int, timeout: float = 30.0):
    """Runs `command` (which must listen on 127.0.0.1:`port`) until the block ends."""
    log = open(os.path.join(env.get("LOG_DIR", "/tmp"), f"server-{port}.log"), "w+")
    process = subprocess.Popen(
        command, cwd=cwd, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                log.seek(0)
                raise RuntimeError(f"{command} exited with {process.returncode}:\n{log.read()}")
            try:
                httpx.get(base_url + ready_path, timeout=1.0)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    log.seek(0)
                    raise TimeoutError(f"{command} did not answer within {timeout} s:\n{log.read()}")
                time.sleep(0.2)
        yield base_url
    finally:
        stop(process)
        log.close()


def run(command: list[str], *, cwd: str, env: dict, timeout: float = 60.0) -> str:
    result = subprocess.run(
        command, cwd=cwd, env={**os.environ, **env}, capture_output=True, text=True, timeout=timeout
    )
    if result.returncode != 0:
        raise RuntimeError(f"{command} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


PG_BIN = "/usr/lib/postgresql/18/bin"


@contextmanager
def postgresql(timeout: float = 30.0):
    """A throwaway PostgreSQL 18 server on 127.0.0.1 (run as user postgres in a
    temporary folder), with an empty database `lab`. Yields its URL."""
    import shutil
    import tempfile

    import psycopg

    folder = tempfile.mkdtemp(prefix="lab-pg-")
    shutil.chown(folder, "postgres", "postgres")
    as_postgres = ["runuser", "-u", "postgres", "--"]
    run([*as_postgres, f"{PG_BIN}/initdb", "-D", f"{folder}/data", "-U", "postgres", "-A", "trust", "--no-sync"],
        cwd=folder, env={}, timeout=120)
    port = free_port()
    log = open(f"{folder}/server.log", "w+")
    process = subprocess.Popen(
        [*as_postgres, f"{PG_BIN}/postgres", "-D", f"{folder}/data", "-p", str(port), "-k", folder,
         "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off"],
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    admin_url = f"postgresql://postgres@127.0.0.1:{port}/postgres"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with psycopg.connect(admin_url, autocommit=True, connect_timeout=2) as connection:
                    connection.execute("CREATE DATABASE lab")
                break
            except psycopg.OperationalError:
                if process.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise RuntimeError(f"PostgreSQL did not start:\n{log.read()}")
                time.sleep(0.3)
        yield f"postgresql://postgres@127.0.0.1:{port}/lab"
    finally:
        # SIGINT is PostgreSQL's fast shutdown: it disconnects clients and stops.
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGINT)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        log.close()
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def start_worker(command: list[str], *, cwd: str, env: dict):
    """Runs a background worker (no port to wait on) until the block ends."""
    import tempfile

    log = tempfile.TemporaryFile("w+")
    process = subprocess.Popen(
        command, cwd=cwd, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        time.sleep(0.5)
        if process.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"{command} exited with {process.returncode}:\n{log.read()}")
        yield process
    finally:
        stop(process)
        log.close()


def wait_for(check, *, timeout: float = 30.0, interval: float = 0.1, what: str = "condition"):
    """Polls `check()` until it returns something truthy; bounded by `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} not reached within {timeout} s")
        time.sleep(interval)
