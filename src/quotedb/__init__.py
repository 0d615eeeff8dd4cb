"""quotedb: who said what, in what capacity — quotations from news articles into SQLite."""

__version__ = "0.1.0"
