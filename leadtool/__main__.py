"""`python -m leadtool` runs the command line."""

from leadtool.cli import main

main()
