"""The report as one self-contained web page: every table and chart, nothing fetched.

Inline CSS and inline SVG charts only (no script, no font, no image from elsewhere), so the
file opens offline and can be mailed. Readable on a phone: a viewport meta, tables that
scroll sideways inside their own box instead of widening the page.
"""

from __future__ import annotations

import re
from html import escape

from leadtool.reports.charts import figures, render
from leadtool.reports.model import Report
from leadtool.reports.tables import TextTable, header_lines, notes, tables

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;padding:1rem;
color:#1d2733;background:#fff;line-height:1.4}
main{max-width:72rem;margin:0 auto}
h1{font-size:1.4rem;margin:0 0 .3rem}h2{font-size:1.05rem;margin:1.4rem 0 .4rem}
p.meta{color:#566;margin:.1rem 0;font-size:.9rem}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch;border:1px solid #dde3ea;
border-radius:6px}
table{border-collapse:collapse;font-size:.85rem;min-width:100%}
th,td{padding:.35rem .6rem;border-bottom:1px solid #eef1f4;white-space:nowrap;text-align:right}
th:first-child,td:first-child{position:sticky;left:0;background:#fff}
th{background:#f4f6f9;font-weight:600}th:first-child{background:#f4f6f9}
.text{text-align:left}td.wrap{white-space:normal;min-width:14rem}
tr.total td{font-weight:600;border-top:2px solid #cfd6de}
figure{margin:1rem 0}figure svg{max-width:100%;height:auto}
ul.notes{color:#566;font-size:.85rem;padding-left:1.2rem}
"""


_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.DOTALL)


def html_page(report: Report) -> str:
    title = f"leadtool report: {report.name}"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body><main>",
        f"<h1>{escape(title)}</h1>",
        *(f'<p class="meta">{escape(line)}</p>' for line in header_lines(report)),
    ]
    for table in tables(report):
        parts.append(_table(table))
    for caption, figure in figures(report):
        svg = render(figure, "svg").decode("utf-8")
        svg = svg[svg.index("<svg") :]  # the XML prolog and doctype do not belong inline
        svg = _METADATA.sub("", svg)  # RDF about the file, with links; the page says it all
        parts.append(f"<figure>{svg}<figcaption>{escape(caption)}</figcaption></figure>")
    found = notes(report)
    if found:
        parts.append('<ul class="notes">' + "".join(f"<li>{escape(n)}</li>" for n in found))
        parts.append("</ul>")
    parts.append("</main></body></html>")
    return "\n".join(parts) + "\n"


def _table(table: TextTable) -> str:
    def kind(i: int) -> str:
        if i not in table.text_columns:
            return ""
        return ' class="text"' if i == 0 else ' class="text wrap"'

    head = "".join(f"<th{kind(i)}>{escape(h)}</th>" for i, h in enumerate(table.headers))
    body = []
    for i, row in enumerate(table.rows):
        total = table.last_is_total and i == len(table.rows) - 1
        cells = "".join(f"<td{kind(j)}>{escape(c)}</td>" for j, c in enumerate(row))
        body.append(f'<tr class="total">{cells}</tr>' if total else f"<tr>{cells}</tr>")
    return (
        f"<h2>{escape(table.title)}</h2>"
        f'<div class="scroll"><table><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )
