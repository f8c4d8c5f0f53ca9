"""`leadtool import` and the `imports` commands: the service layer below the CLI."""
