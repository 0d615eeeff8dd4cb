"""`python -m quotedb` is the `quotedb` command."""
from .cli import cli

if __name__ == "__main__":  # pragma: no cover
    cli(prog_name="quotedb")
