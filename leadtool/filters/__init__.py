"""The --where filter language that every command selecting people shares.

Owns the public API: `compile_where(expr, now=...)` parses an expression (grammar in
parser.py) over a whitelist of fields (fields.py) and compiles it (compiler.py, conditions.py)
into a parameterised SQL boolean over `people`; `field_names()` lists the fields for help and
errors. No user text is ever spliced into SQL: every value is a bound parameter.
"""

from leadtool.filters.compiler import Compiled, compile_where
from leadtool.filters.fields import field_names
from leadtool.filters.parser import fields_named

__all__ = ["Compiled", "compile_where", "field_names", "fields_named"]
