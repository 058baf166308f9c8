"""CLI subcommands. Each module defines ``register(subparsers)`` and sets ``handler`` on its parser."""
