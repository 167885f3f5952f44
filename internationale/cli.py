"""The `internationale` command: one entry point for operators and developers."""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

COMMANDS_HELP = {
    "serve": "migrate, then run the web server and the worker",
    "worker": "run the background worker (mail and other tasks)",
    "demo": "load the demo data (running it twice changes nothing)",
    "migrate": "create or upgrade the database and reference data",
    "createadmin": "create a secretariat account (asks for a password)",
    "check": "check the settings; --deploy for production",
    "manage": "run a Django management command",
    "import-list": "preview or import a pasted list of organizations",
    "tally": "count an election from a ballot file",
    "apportion": "share delegate seats among sections",
}


def _setup_django() -> None:
    """Set Django up, once per process.

    ``django.setup()`` configures logging again each time it is called, onto
    whatever ``sys.stderr`` is at that moment: called a second time in one
    process (the tests run commands in-process), it would leave the log writing
    to a stream that may since have been closed.
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()


def _data_dir() -> Path:
    from django.conf import settings

    path = Path(settings.DATA_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


def ensure_secret_key() -> None:
    """Make a secret key under DATA_DIR unless one is configured, and point to it."""
    if os.environ.get("SECRET_KEY") or os.environ.get("SECRET_KEY_FILE"):
        return
    base = Path(os.environ.get("DATA_DIR") or Path(__file__).resolve().parent.parent / "data")
    base.mkdir(parents=True, exist_ok=True)
    key_file = base / "secret_key"
    if not key_file.exists():
        key_file.touch(mode=0o600)
        key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
    os.environ["SECRET_KEY_FILE"] = str(key_file)


def _call(*args: str) -> None:
    from django.core.management import call_command

    call_command(*args)


def _migrate(verbosity: int) -> None:
    """Bring the database up to date: the migrations, and the database cache's table."""
    _setup_django()
    _data_dir()
    _call("migrate", "--no-input", "--verbosity", str(verbosity))
    _call("createcachetable")  # the log-in counters' table (settings, caches)


def cmd_migrate(_: argparse.Namespace) -> int:
    _migrate(verbosity=1)
    return 0


def cmd_demo(_: argparse.Namespace) -> int:
    _setup_django()
    from internationale.accounts.demo import DEMO_LOGINS
    from internationale.demo import load_demo

    summary = load_demo(base_url=f"http://127.0.0.1:{os.environ.get('PORT', '8000')}/")
    print(summary)
    for role, email, password in DEMO_LOGINS:
        print(f"  {role:<22} {email}  /  {password}")
    return 0


def cmd_createadmin(args: argparse.Namespace) -> int:
    _setup_django()
    import getpass

    from internationale.accounts.services import create_secretariat_user

    email = args.email or input("E-mail address: ").strip()
    password = os.environ.get("INTERNATIONALE_ADMIN_PASSWORD") or getpass.getpass("Password: ")
    try:
        user = create_secretariat_user(email=email, password=password)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(
        f"Secretariat account ready: {user.email}. It must enrol a second factor at first log-in."
    )
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    _setup_django()
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    try:
        call_command("check", deploy=args.deploy, fail_level="WARNING")
    except SystemCheckError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


def cmd_manage(args: argparse.Namespace) -> int:
    _setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["internationale manage", *args.rest])
    return 0


def cmd_import_list(args: argparse.Namespace) -> int:
    """Parse a pasted list; print one line per entry; import only without --dry-run."""
    from internationale.cli_lists import import_list

    return import_list(args, setup_django=_setup_django)


#: Seconds between two deletions of the database cache's expired entries (core.cache).
EXPIRED_CACHE_EVERY = 60.0


def _sweeper(stop: threading.Event, every: float) -> None:
    """Every ``every`` seconds, enqueue the work whose commit enqueued no task.

    Mail retries come due this way, and so do the messages and the signatures'
    confirmations whose commit enqueued nothing (core.tasks.enqueue_after_commit
    enqueues at most once a second per process, and not when the database went
    away just after the commit).
    Every minute it also deletes the database cache's expired entries.
    """
    from django.db import DatabaseError, close_old_connections

    from internationale.core.cache import delete_expired
    from internationale.declarations.tasks import enqueue_confirmations_if_due
    from internationale.mail.tasks import enqueue_if_due

    cleaned_at = time.monotonic()
    while not stop.wait(every):
        try:
            enqueue_confirmations_if_due()
            enqueue_if_due()
            if time.monotonic() - cleaned_at >= EXPIRED_CACHE_EVERY:
                delete_expired()  # log-in counters name addresses: none kept past its window
                cleaned_at = time.monotonic()
        except DatabaseError as error:  # the database restarts: look again next time
            print(f"sweeper: {error}", file=sys.stderr)
        finally:
            close_old_connections()


def _refused_without_mail() -> bool:
    """Say so and return True when mail has nowhere safe to go (production without SMTP)."""
    _setup_django()
    from internationale.mail.checks import delivery_problem

    problem = delivery_problem()
    if problem is not None:
        print(f"error: {problem}", file=sys.stderr)
    return problem is not None


def cmd_worker(args: argparse.Namespace) -> int:
    if _refused_without_mail():
        return 1
    if not args.batch and hasattr(os, "nice"):
        # The running worker yields the processor to the web server under load: a
        # burst of signatures is answered first, its mail follows from the outbox.
        os.nice(int(os.environ.get("WORKER_NICE", "10")))
    options = ["db_worker", "--queue-name", "*", "--interval", str(args.interval)]
    if args.batch:
        from internationale.core.cache import delete_expired

        delete_expired()
        _enqueue_stranded()
        _call(*options, "--batch")
        return 0
    stop = threading.Event()
    sweeper = threading.Thread(target=_sweeper, args=(stop, 1.0), daemon=True)
    sweeper.start()
    try:
        _run_until_stopped(options)
    finally:
        stop.set()
    return 0


def _enqueue_stranded() -> None:
    """Give a task to the work committed just before a crash or an outage (none was enqueued)."""
    from internationale.declarations.tasks import enqueue_confirmations_if_due
    from internationale.mail.tasks import enqueue_if_due

    enqueue_confirmations_if_due()
    enqueue_if_due()


def _run_until_stopped(options: list[str]) -> None:
    """Run the task worker; when the database goes away, wait and start it again.

    django-tasks-db's worker stops at a lost connection (PostgreSQL restarting);
    the platform's worker outlives the outage instead of taking `serve` down.
    """
    from django.db import InterfaceError, OperationalError, connections

    pause = 1.0
    while True:
        try:
            _enqueue_stranded()  # the database may be out of reach from the start
            _call(*options)
            return  # stopped by a signal
        except (OperationalError, InterfaceError) as error:
            print(
                f"worker: database out of reach ({error}); again in {pause:.0f} s", file=sys.stderr
            )
            connections.close_all()
            time.sleep(pause)
            pause = min(pause * 2, 30.0)


def prepare(*, demo: bool, url: str) -> None:
    """Everything `serve` does before the server starts (the demo's mails link to ``url``)."""
    _migrate(verbosity=0)
    _call("collectstatic", "--no-input", "--verbosity", "0")
    if demo:
        from internationale.demo import load_demo

        print(load_demo(base_url=url))


def cmd_serve(args: argparse.Namespace) -> int:
    if args.demo:
        # Read by the settings of this process and of the server and worker it starts:
        # the demo may print its mail to the output (settings, Mail).
        os.environ["INTERNATIONALE_DEMO"] = "true"
    if _refused_without_mail():
        return 1
    url = f"http://{args.host}:{args.port}/"
    prepare(demo=args.demo, url=url)
    env = dict(os.environ)
    if args.floor_streams:
        env["FLOOR_STREAMS"] = str(args.floor_streams)
    server = subprocess.Popen(gunicorn_command(args), env=env)
    processes = [server]
    if not args.no_worker:
        processes.append(
            subprocess.Popen([sys.executable, "-m", "internationale.cli", "worker"], env=env)
        )
    if not _wait_until_listening(args.host, args.port, server):
        print("error: the web server did not start; see the messages above", file=sys.stderr)
        return _supervise(processes, stop_now=True) or 1
    if not args.no_worker:
        _wait_for_mail_sent(processes[-1])
    _print_banner(url, demo=args.demo)
    return _supervise(processes)


#: Threads a worker keeps for the other pages beside the floor's streams.
THREADS_BESIDE_STREAMS = 8


def gunicorn_command(args: argparse.Namespace) -> list[str]:
    """The web server's command line for `serve`'s options."""
    streams = args.floor_streams
    return [
        sys.executable, "-m", "gunicorn", "config.wsgi:application",
        # threads, time limits, request limits and logging (config/gunicorn.py)
        "--config", "python:config.gunicorn",
        "--bind", f"{args.host}:{args.port}",
        "--workers", str(args.workers),
        "--control-socket", str(_data_dir() / "gunicorn.ctl"),
        # With no access log named, gunicorn does not even format one (nor the IP in it).
        *(["--access-logfile", "-"] if args.access_log else []),
        # Each open stream of the live floor holds a thread (decision 0027). A worker's
        # connections are not split evenly, so each worker gets threads for all of them.
        *(
            ["--threads", str(streams + THREADS_BESIDE_STREAMS),
             "--worker-connections", str(2 * (streams + THREADS_BESIDE_STREAMS))]
            if streams else []
        ),
    ]  # fmt: skip


def _wait_until_listening(host: str, port: int, server: subprocess.Popen[bytes]) -> bool:
    """Wait until the server accepts connections, so the printed URL works at once."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and server.poll() is None:
        try:
            with socket.create_connection((host, port), timeout=1):
                return True
        except OSError:
            time.sleep(0.2)
    return False


def _wait_for_mail_sent(worker: subprocess.Popen[bytes], seconds: float = 120.0) -> None:
    """Let the (niced) worker send the demo's mail first, so the banner comes after it.

    Waited for: the messages due or leased (a lease away at most), and the
    confirmations still to be written; not past ``seconds``, nor a dead worker.
    """
    from internationale.declarations.services.confirmations import confirmations_due
    from internationale.mail.delivery import due_or_leased

    deadline = time.monotonic() + seconds
    while due_or_leased().exists() or confirmations_due():
        if worker.poll() is not None or time.monotonic() > deadline:
            return
        time.sleep(0.2)


def _mail_goes() -> str:
    """Where the worker delivers mail, in one line for the banner."""
    from django.conf import settings

    delivery = settings.OUTBOX_DELIVERY
    if "console" in str(delivery.get("EMAIL_BACKEND", "")):
        return "Mail is printed in this terminal, above; none leaves this machine."
    return f"Mail is sent through {delivery.get('EMAIL_HOST')}:{delivery.get('EMAIL_PORT')}."


def _print_banner(url: str, *, demo: bool) -> None:
    print()
    print(f"Internationale is running: open {url}")
    print(_mail_goes())
    if demo:
        from internationale.accounts.demo import DEMO_LOGINS

        print("Demo log-ins (staff are asked to enrol an authenticator app at first log-in):")
        for role, email, password in DEMO_LOGINS:
            print(f"  {role:<22} {email}  /  {password}")
    print("Press Ctrl+C to stop.")
    print(flush=True)


def _supervise(processes: list[subprocess.Popen[bytes]], *, stop_now: bool = False) -> int:
    """Wait until one child stops or we are told to; then stop them all."""
    stopping = threading.Event()
    if stop_now:
        stopping.set()

    def handle(signum: int, _frame: object) -> None:
        stopping.set()

    signal.signal(signal.SIGINT, handle)
    signal.signal(signal.SIGTERM, handle)
    code = 0
    while not stopping.is_set():
        for process in processes:
            if process.poll() is not None:
                code = process.returncode or 0
                stopping.set()
        time.sleep(0.2)
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
    return code


def _pure(name: str) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        import importlib

        tallycli = importlib.import_module("internationale.tallycli")
        main: Callable[[list[str]], int] = getattr(tallycli, f"main_{name}")
        return main(args.rest)

    return run


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="internationale",
        description="Internationale: the platform an international federation runs on.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(
        name: str, handler: Callable[[argparse.Namespace], int], *, own_help: bool = True
    ) -> argparse.ArgumentParser:
        command = sub.add_parser(
            name, help=COMMANDS_HELP[name], description=COMMANDS_HELP[name], add_help=own_help
        )
        command.set_defaults(handler=handler)
        return command

    serve = add("serve", cmd_serve)
    serve.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    serve.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    serve.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", "2")))
    serve.add_argument("--demo", action="store_true", help="load the demo data first")
    serve.add_argument("--no-worker", action="store_true", help="do not start the worker")
    serve.add_argument("--access-log", action="store_true", help="log every request")
    serve.add_argument(
        "--floor-streams",
        type=int,
        default=int(os.environ.get("FLOOR_STREAMS", "0") or 0),
        metavar="N",
        help="keep up to N live floor pages open per worker as streams, for a congress in "
        "session (more threads; decision 0027); 0, the default, has them poll",
    )

    worker = add("worker", cmd_worker)
    worker.add_argument("--batch", action="store_true", help="run what is due, then exit")
    worker.add_argument("--interval", type=float, default=1.0, help="seconds between polls")

    add("demo", cmd_demo)
    add("migrate", cmd_migrate)
    createadmin = add("createadmin", cmd_createadmin)
    createadmin.add_argument("--email")
    import_list = add("import-list", cmd_import_list)
    import_list.add_argument("file", help="a UTF-8 text file, one organization a line")
    import_list.add_argument("--dry-run", action="store_true", help="print, write nothing")
    import_list.add_argument("--format", choices=["json", "text"], default="text")
    import_list.add_argument("--by", help="the e-mail of the account the import is made by")
    check = add("check", cmd_check)
    check.add_argument("--deploy", action="store_true")
    for name, handler in (
        ("manage", cmd_manage),
        ("tally", _pure("tally")),
        ("apportion", _pure("apportion")),
    ):
        # --help goes through to the command itself
        add(name, handler, own_help=False).add_argument("rest", nargs=argparse.REMAINDER)
    return parser


#: Commands that take their own options, --help included, as they are.
PASS_THROUGH = ("manage", "tally", "apportion")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in PASS_THROUGH:
        parser = build_parser()
        args = parser.parse_args([argv[0]])
        args.rest = argv[1:]
    else:
        args = build_parser().parse_args(argv)
    ensure_secret_key()
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except BrokenPipeError:  # the output was piped into `head` or similar
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
