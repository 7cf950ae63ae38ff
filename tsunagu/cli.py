"""The `tsunagu` command: Django's management commands with tsunagu's settings."""

import os
import sys


def settings_module() -> str:
    if os.getenv("TSUNAGU_ENV", "").strip().lower() == "production":
        return "tsunagu.settings.production"
    return "tsunagu.settings.local"


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    # `tsunagu demo` serves in demo mode; settings read TSUNAGU_DEMO_MODE when they load.
    if argv[1:2] == ["demo"]:
        os.environ["TSUNAGU_DEMO_MODE"] = "1"
    # `demo --data-dir DIR` must be known before settings load: they read TSUNAGU_DATA_DIR.
    for i, arg in enumerate(argv):
        if arg == "--data-dir" and i + 1 < len(argv):
            os.environ["TSUNAGU_DATA_DIR"] = argv[i + 1]
        elif arg.startswith("--data-dir="):
            os.environ["TSUNAGU_DATA_DIR"] = arg.split("=", 1)[1]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module())
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    argv[0] = "tsunagu"
    try:
        execute_from_command_line(argv)
    except ImproperlyConfigured as error:
        sys.stderr.write(f"tsunagu: {error}\n")
        sys.exit(2)


if __name__ == "__main__":
    main()
