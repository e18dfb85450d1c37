"""The `congso` command: operations of the platform, and any Django management command.

congso demo            load or refresh the demo province
congso serve           production web server (gunicorn)
congso worker          background jobs
congso check-deploy    Django's deployment checks plus Công Sở's own
congso backup FILE     database and uploaded files into one archive
congso restore FILE    restore such an archive into an empty database
congso exchange …      electronic exchange: status, retry [--failed], peer (docs/exchange.md)
congso portal …        national public-service portal sync: status, retry [--failed] (docs/dossiers.md)
congso import-procedures FILE / export-procedures --format json|csv   the procedure catalogue
congso <command> …     any other Django management command (migrate, createsuperuser, …)
"""

from __future__ import annotations

import os
import sys

ALIASES = {
    "check-deploy": "check_deploy",
    "import-organizations": "organizations_import",
    "export-organizations": "organizations_export",
    "merge-agencies": "agency_merge",
    "import-procedures": "procedures_import",
    "export-procedures": "procedures_export",
}


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    if not args or args[0] in {"-h", "--help", "help"}:
        print(__doc__)
        return
    from django.core.management import execute_from_command_line

    execute_from_command_line(["congso", ALIASES.get(args[0], args[0]), *args[1:]])


if __name__ == "__main__":
    main()
