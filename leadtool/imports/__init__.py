"""`leadtool import` and the `imports` commands, as a library.

`import_file(store, path, options)` imports one file and returns an `ImportReport`
(service.py); `import_options` checks options as a user typed them (options.py);
`list_imports`, `show_import`, `write_import_rejects` and `undo_import` are the `imports`
commands (history.py). Reading, mapping and normalising rows live in readers/ and
normalize/; deciding who a row is, in identity/; the SQL, in store/importing.py.
"""

from leadtool.imports.history import list_imports, show_import, undo_import, write_import_rejects
from leadtool.imports.model import ImportOptions, ImportReport
from leadtool.imports.options import check_options, for_file, import_options
from leadtool.imports.service import import_file
from leadtool.store.undo import UndoResult

__all__ = [
    "ImportOptions",
    "ImportReport",
    "UndoResult",
    "check_options",
    "for_file",
    "import_file",
    "import_options",
    "list_imports",
    "show_import",
    "undo_import",
    "write_import_rejects",
]
