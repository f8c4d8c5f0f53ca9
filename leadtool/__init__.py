"""leadtool: a local, clean, deduplicated store of the people you sell to."""

__version__ = "0.1.0"
