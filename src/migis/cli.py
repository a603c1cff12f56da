"""The `migis` command: a thin layer over Django management commands.

migis init [--demo]              migrate, load reference data (and demo content), collect static files
migis serve [--host H] [--port P] serve the platform (waitress)
migis load-reference [--demo]    reload the curated reference data
migis createuser NAME --role R [--country ISO3]
migis manage ...                 any other Django management command
"""

import argparse
import os
import sys


def _django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "migis.settings")
    import django

    django.setup()
    from django.core.management import call_command

    return call_command


def serve(host: str, port: int, threads: int):
    from waitress import serve as waitress_serve

    from migis.wsgi import application

    print(f"migis is served on http://{host}:{port}/ (Ctrl+C stops it)", flush=True)
    waitress_serve(application, host=host, port=port, threads=threads, ident="migis")


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["manage"]:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "migis.settings")
        from django.core.management import execute_from_command_line

        execute_from_command_line(["migis manage", *argv[1:]])
        return
    parser = argparse.ArgumentParser(prog="migis", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("init", help="migrate, load reference data; --demo adds demo content and accounts")
    p.add_argument("--demo", action="store_true")
    p.add_argument("--no-static", action="store_true")
    p = sub.add_parser("serve", help="serve the platform")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--threads", type=int, default=8)
    p = sub.add_parser("load-reference", help="load the curated reference data")
    p.add_argument("--demo", action="store_true")
    p = sub.add_parser("createuser", help="create a user with a role")
    p.add_argument("username")
    p.add_argument("--role", required=True)
    p.add_argument("--country", action="append", default=[])
    p.add_argument("--email", default="")
    p = sub.add_parser("token", help="issue an API token for a user")
    p.add_argument("username")
    p.add_argument("--name", default="")
    p = sub.add_parser("extract", help="entities mentioned in files, as JSON lines")
    p.add_argument("files", nargs="+")
    p.add_argument("--json", action="store_true")
    p.add_argument("--no-database", action="store_true")
    p = sub.add_parser("ingest", help="ingest files, folders or web addresses (a feed, a page)")
    p.add_argument("paths", nargs="+")
    p.add_argument("--kind", default=None)
    p.add_argument("--visibility", default="public")
    p = sub.add_parser("feeds", help="news feeds: add URL | list | poll [--feed ID] [--every MINUTES]")
    p.add_argument("feeds_args", nargs=argparse.REMAINDER)
    p = sub.add_parser("worker", help="process queued background tasks")
    p.add_argument("--burst", action="store_true")
    sub.add_parser("manage", help="run any Django management command")
    args = parser.parse_args(argv)

    call_command = _django()
    from django.core.management.base import CommandError

    try:
        if args.command == "init":
            call_command("migis_init", demo=args.demo, no_static=args.no_static)
        elif args.command == "serve":
            serve(args.host, args.port, args.threads)
        elif args.command == "load-reference":
            call_command("load_reference", demo=args.demo)
        elif args.command == "createuser":
            call_command("createuser", args.username, role=args.role, country=args.country, email=args.email)
        elif args.command == "worker":
            call_command("worker", burst=args.burst)
        elif args.command == "ingest":
            urls = [p for p in args.paths if p.startswith(("http://", "https://"))]
            files = [p for p in args.paths if p not in urls]
            if urls:
                call_command("ingest_url", *urls, kind=args.kind or "", visibility=args.visibility)
            if files:
                call_command("ingest", *files, kind=args.kind or "other", visibility=args.visibility)
        elif args.command == "feeds":
            call_command("feeds", *args.feeds_args)
        elif args.command == "extract":
            call_command("extract", *args.files, no_database=args.no_database)
        elif args.command == "token":
            call_command("createtoken", args.username, name=args.name)
    except CommandError as exc:
        print(f"migis {args.command}: {exc}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
