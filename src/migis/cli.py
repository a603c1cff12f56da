"""The `migis` command: each subcommand is a Django management command, run with the arguments as given
(the command declares them, once; `migis <command> --help` lists them).

    migis init [--demo]             migrate, load reference data (and demo content), collect static files
    migis serve [--host H] [--port P]
    migis ingest PATH|URL...         files, folders, feeds and pages
    migis import-data FILE|URL       statistics (tidy CSV/Excel, World Bank, UN DESA, UNHCR, SDMX)
    migis backup FILE / restore FILE
    migis manage ...                 any other Django management command
"""

import os
import sys

# migis subcommand -> management command
COMMANDS = {
    "init": "migis_init",
    "serve": "serve",
    "load-reference": "load_reference",
    "createuser": "createuser",
    "token": "createtoken",
    "ingest": "ingest",
    "import-data": "import_data",
    "extract": "extract",
    "feeds": "feeds",
    "worker": "worker",
    "backup": "backup",
    "restore": "restore",
}


def _setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "migis.settings")
    import django

    django.setup()


def usage() -> str:
    from django.core.management import get_commands, load_command_class

    commands = get_commands()
    lines = ["usage: migis <command> [arguments]  (migis <command> --help for its arguments)", ""]
    for name, target in COMMANDS.items():
        if target in commands:
            help_ = load_command_class(commands[target], target).help.split("\n")[0]
            lines.append(f"  {name:16} {help_}")
    lines.append(f"  {'manage':16} any Django management command (migis manage help lists them)")
    return "\n".join(lines)


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["manage"]:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "migis.settings")
        from django.core.management import execute_from_command_line

        execute_from_command_line(["migis manage", *argv[1:]])
        return
    _setup()
    if not argv or argv[0] in ("-h", "--help", "help") or argv[0] not in COMMANDS:
        print(usage(), file=sys.stderr if argv and argv[0] not in ("-h", "--help", "help") else sys.stdout)
        sys.exit(0 if not argv or argv[0] in ("-h", "--help", "help") else 2)
    from django.core.management import get_commands, load_command_class

    name = COMMANDS[argv[0]]
    command = load_command_class(get_commands()[name], name)
    # run_from_argv parses the arguments the command declares, and reports a CommandError as
    # "CommandError: ..." with exit status 1.
    command.run_from_argv(["migis", argv[0], *argv[1:]])


if __name__ == "__main__":
    main()
