"""Developer scripts that keep generated files in step with the code (`make docs`)."""
