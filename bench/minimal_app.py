"""The yardstick for `leadtool --help`: a typer app with one command, nothing else.

python -m bench.minimal_app --help
"""

import typer

app = typer.Typer()


@app.command()
def hello(name: str = "world") -> None:
    """Say hello."""
    print(f"hello {name}")


if __name__ == "__main__":
    app()
