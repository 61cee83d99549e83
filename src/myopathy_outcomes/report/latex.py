"""LaTeX rendering: ``booktabs`` tables with their notes, and a driver that compiles as is.

Each table is one ``.tex`` file: a ``threeparttable`` (title, rules by
``booktabs``, notes under the table) in a float that stays where it is put,
on a landscape page when it is too wide for a portrait one, or a
``longtable`` that runs over pages when it is long or holds running text.
The driver ``report.tex`` sets up the page, prints the title, the
synthetic-data label, the Methods and ``\\input``\\ s every table, then the
figures when there are any; ``pdflatex report.tex`` compiles it with the
packages of TeX Live's ``latex-recommended`` and ``latex-extra`` sets.

Every string from the data is escaped (:func:`escape`): the ten characters
special to LaTeX, the pairs the fonts would join into another character
(``--``, ``''``, ``<<``), and characters pdfLaTeX cannot typeset from UTF-8
input. A text that starts a table row or a list item gets a ``{}`` guard
(:func:`line_start`), so that a leading ``*`` or ``[`` is printed rather than
read by the ``\\\\`` or ``\\item`` before it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from myopathy_outcomes._version import __version__
from myopathy_outcomes.report import display
from myopathy_outcomes.report._latex_widths import Layout, fit, wider_than_page
from myopathy_outcomes.report.numbers import ReportNumbers
from myopathy_outcomes.report.table import ColumnKind, Table, column_kinds, split_indent

__all__ = ["TEX_PACKAGES", "escape", "line_start", "report_latex", "table_latex", "write_latex"]

_SPECIAL = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "`": r"\textasciigrave{}",
}
_SYMBOLS = {
    "\u2212": r"\textminus{}",
    "\u2013": "--",
    "\u2014": "---",
    "\u2018": "`",
    "\u2019": "'",
    "\u201c": "``",
    "\u201d": "''",
    "\u2264": r"$\leq$",
    "\u2265": r"$\geq$",
    "\u00b1": r"$\pm$",
    "\u00d7": r"$\times$",
    "\u00b5": r"\textmu{}",
    "\u03bc": r"\textmu{}",
    "\u00b0": r"\textdegree{}",
    "\u2026": r"\dots{}",
    "\u00a0": "~",
}
_LATIN_MAX = 0x17F  # Latin-1 and Latin Extended-A: T1 fonts have them


def _character(char: str) -> str:
    if char in _SPECIAL:
        return _SPECIAL[char]
    if char in _SYMBOLS:
        return _SYMBOLS[char]
    if ord(char) <= _LATIN_MAX:
        return char if char.isprintable() else " "
    name = unicodedata.name(char, "")
    if name.startswith("GREEK SMALL LETTER ") and len(name.split()) == 4:
        return f"$\\{name.split()[-1].lower()}$"
    if name.startswith("GREEK CAPITAL LETTER ") and len(name.split()) == 4:
        return f"$\\{name.split()[-1].capitalize()}$"
    return f"[U+{ord(char):04X}]"


# two characters the T1 fonts join into one (-- an en dash, '' a quote, << a guillemet,
# ,, a low quote, !` an inverted mark): kept apart by {}
_LIGATURES = frozenset({"--", "''", "``", "<<", ">>", ",,", "!`", "?`"})


def escape(text: str) -> str:
    """``text`` as LaTeX source that prints it unchanged.

    The ten special characters and the backtick become their commands;
    typographic symbols (dashes, quotes, the minus sign, <=, >=, ±, µ, °)
    their LaTeX forms; Greek letters math symbols; any other character that
    pdfLaTeX cannot typeset prints as its code point, ``[U+4E2D]``, rather
    than stopping the run. Two characters the fonts would join into another
    (``--`` an en dash, ``''`` a closing quote, ``<<`` a guillemet, ``,,``)
    are kept apart by ``{}``.

    Examples
    --------
    >>> print(escape("50% of $x_1 & {y}^2 ~ #3 \\\\ a"))
    50\\% of \\$x\\_1 \\& \\{y\\}\\textasciicircum{}2 \\textasciitilde{} \\#3 \\textbackslash{} a
    >>> print(escape("TNF-\\u03b1 \\u2265 5 \\u00b5g"))
    TNF-$\\alpha$ $\\geq$ 5 \\textmu{}g
    >>> print(escape("MMF--CNI <<A>> ''B''"))
    MMF-{}-CNI <{}<A>{}> '{}'B'{}'
    """
    pieces = [_character(c) for c in text]
    for k in range(len(pieces) - 1):
        if pieces[k] and pieces[k + 1] and pieces[k][-1] + pieces[k + 1][0] in _LIGATURES:
            pieces[k] += "{}"
    return "".join(pieces)


def line_start(tex: str) -> str:
    """``tex`` guarded to start a line after ``\\\\`` or ``\\item``, which read a ``*`` or ``[``.

    Examples
    --------
    >>> print(line_start("[A] arm"), line_start("*P01"), line_start("arm"))
    {}[A] arm {}*P01 arm
    """
    return "{}" + tex if tex.startswith(("*", "[")) else tex


_MINUS = re.compile(r"(?<![\w.])-(?=\d)")


def _broken(word: str) -> str:
    """A word too wide for its column, escaped, with a place to break after each character."""
    return "\\allowbreak{}".join(escape(c) for c in word)


def _prose(text: str, points: float) -> str:
    """Text of the document at ``points`` (pt) escaped, a word wider than the page given breaks."""
    words = text.split(" ")
    wide = [wider_than_page(word, points) for word in words]
    if not any(wide):
        return escape(text)
    return " ".join(_broken(w) if too else escape(w) for w, too in zip(words, wide, strict=True))


def _words(text: str, layout: Layout, column: int | None = None) -> str:
    """``text`` escaped, each word too wide for its ``column`` (or the notes) given breaks."""
    words = text.split(" ")
    wide = [layout.too_wide(word, column) for word in words]
    if not any(wide):
        return escape(text)
    return " ".join(_broken(w) if too else escape(w) for w, too in zip(words, wide, strict=True))


def _cell(text: str, kind: ColumnKind, layout: Layout, column: int) -> str:
    """One cell: escaped, with a true minus sign before a number in a numeric column."""
    escaped = _words(text, layout, column)
    if kind != "text":
        escaped = _MINUS.sub(r"\\textminus{}", escaped)
    return escaped


def _row(cells: Sequence[str], kinds: Sequence[ColumnKind], layout: Layout) -> str:
    """One body row; the first cell's indentation as space, guarded, as it follows ``\\\\``."""
    level, label = split_indent(cells[0])
    first = line_start(_cell(label, kinds[0], layout, 0))
    if level:
        first = f"\\hspace*{{{level}em}}{first}"
    rest = [
        _cell(c, k, layout, j)
        for j, (c, k) in enumerate(zip(cells[1:], kinds[1:], strict=True), start=1)
    ]
    return " & ".join([first, *rest]) + r" \\"


def _header(kinds: Sequence[ColumnKind], layout: Layout) -> str:
    """The heading row: a stacked heading is a one-column ``tabular`` of its lines."""
    cells = []
    for j, lines in enumerate(layout.heads):
        if len(lines) == 1:
            cells.append(_words(lines[0], layout, j))
        else:
            align = "r" if kinds[j] == "number" else "l"
            stacked = "\\\\".join(line_start(escape(line)) for line in lines)
            cells.append(f"\\begin{{tabular}}[b]{{@{{}}{align}@{{}}}}{stacked}\\end{{tabular}}")
    return " & ".join([line_start(cells[0]), *cells[1:]]) + r" \\"


_RAGGED = "\\raggedright\\arraybackslash"


def _spec(kinds: Sequence[ColumnKind], layout: Layout) -> str:
    """Column types: numbers right, the rest left, a wrapped column an ``X`` of its share."""
    specs = []
    for kind, weight in zip(kinds, layout.weights, strict=True):
        if weight is not None:
            size = "" if weight == 1 else f"\\hsize={weight:.3f}\\hsize"
            specs.append(f">{{{_RAGGED}{size}}}X")
        else:
            specs.append("r" if kind == "number" else "l")
    # a table as wide as the line gets stretchable glue between its columns, which
    # takes up the few sp TeX's rounding of the \hsize factors leaves (an underfull row)
    start = "@{\\extracolsep{0pt plus 1fil}}" if layout.wrapped else "@{}"
    return start + "".join(specs) + "@{}"


_LONG_ROWS = 40


def _is_long(table: Table, kinds: Sequence[ColumnKind]) -> bool:
    """A table to typeset as a ``longtable``: many rows, or running text in a column."""
    text = [j for j, kind in enumerate(kinds) if kind == "text"]
    running = any(len(row[j]) > 60 for row in table.rows for j in text)
    return len(table.rows) > _LONG_ROWS or running


def _long_table(table: Table, kinds: Sequence[ColumnKind], layout: Layout) -> list[str]:
    """A table that runs over pages: ``longtable``, or ``xltabular`` when a column wraps."""
    environment = "xltabular" if layout.wrapped else "longtable"
    width = "{\\linewidth}" if layout.wrapped else ""
    header = _header(kinds, layout)
    title = _words(table.title, layout)
    lines = [
        "\\begingroup",
        f"\\{layout.size}",
        "\\setlength{\\LTleft}{0pt}",
        "\\setlength{\\LTright}{0pt plus 1fill}",
        f"\\begin{{{environment}}}{width}{{{_spec(kinds, layout)}}}",
        f"\\caption*{{{title}}}\\\\",
        "\\toprule",
        header,
        "\\midrule",
        "\\endfirsthead",
        f"\\multicolumn{{{len(table.columns)}}}{{@{{}}l}}{{\\emph{{{title} (continued)}}}}\\\\",
        "\\toprule",
        header,
        "\\midrule",
        "\\endhead",
        "\\bottomrule",
        "\\endlastfoot",
        *(_row(row, kinds, layout) for row in table.rows),
        f"\\end{{{environment}}}",
    ]
    if table.notes:
        lines.append("\\vspace{-0.5\\baselineskip}")
        lines.append("\\begin{footnotesize}")
        lines.append("\n\n".join(_words(note, layout) for note in table.notes))
        lines.append("\\end{footnotesize}")
    lines.append("\\endgroup")
    return lines


def _float_table(table: Table, kinds: Sequence[ColumnKind], layout: Layout) -> list[str]:
    """A table kept on one page: a ``threeparttable`` in a float that stays where it is put."""
    environment = "tabularx" if layout.wrapped else "tabular"
    width = "{\\linewidth}" if layout.wrapped else ""
    lines = [
        "\\begin{table}[H]",
        "\\centering",
        f"\\{layout.size}",
        "\\begin{threeparttable}",
        f"\\caption*{{{_words(table.title, layout)}}}",
        f"\\begin{{{environment}}}{width}{{{_spec(kinds, layout)}}}",
        "\\toprule",
        _header(kinds, layout),
        "\\midrule",
        *(_row(row, kinds, layout) for row in table.rows),
        "\\bottomrule",
        f"\\end{{{environment}}}",
    ]
    if table.notes:
        lines += ["\\begin{tablenotes}[flushleft]", "\\footnotesize"]
        lines += [f"\\item {line_start(_words(n, layout))}" for n in table.notes]
        lines.append("\\end{tablenotes}")
    lines += ["\\end{threeparttable}", "\\end{table}"]
    return lines


def table_latex(table: Table) -> str:
    """One table as a LaTeX fragment: ``booktabs`` rules, its title and notes.

    The type size, the page's orientation, stacked headings and the columns
    that wrap are chosen from the widths of the cells (:func:`fit`), so that
    the table fits an A4 or US Letter page.

    Examples
    --------
    >>> print(table_latex(Table("T & U", ("a", "n"), (("x_1", "-3"),), ("50%",), "demo")))
    % Table 'demo', written by myopathy-outcomes.
    \\begin{table}[H]
    \\centering
    \\small
    \\begin{threeparttable}
    \\caption*{T \\& U}
    \\begin{tabular}{@{}lr@{}}
    \\toprule
    a & n \\\\
    \\midrule
    x\\_1 & \\textminus{}3 \\\\
    \\bottomrule
    \\end{tabular}
    \\begin{tablenotes}[flushleft]
    \\footnotesize
    \\item 50\\%
    \\end{tablenotes}
    \\end{threeparttable}
    \\end{table}
    """
    kinds = column_kinds(table)
    layout = fit(table, kinds)
    lines = [f"% Table '{table.name}', written by myopathy-outcomes."]
    if layout.landscape:
        lines.append("\\begin{landscape}")
    if _is_long(table, kinds):
        lines += _long_table(table, kinds, layout)
    else:
        lines += _float_table(table, kinds, layout)
    if layout.landscape:
        lines.append("\\end{landscape}")
    return "\n".join(lines)


#: The LaTeX packages ``report.tex`` loads, each with the Debian package that has it
#: (TeX Live's collections of the same names: ``texlive-latex-base`` is ``latex``).
TEX_PACKAGES: dict[str, str] = {
    "fontenc": "texlive-latex-base",
    "inputenc": "texlive-latex-base",
    "lmodern": "lmodern",
    "textcomp": "texlive-latex-base",
    "geometry": "texlive-latex-base",
    "booktabs": "texlive-latex-recommended",
    "threeparttable": "texlive-latex-extra",
    "longtable": "texlive-latex-base",
    "tabularx": "texlive-latex-base",
    "xltabular": "texlive-latex-extra",
    "array": "texlive-latex-base",
    "float": "texlive-latex-recommended",
    "pdflscape": "texlive-latex-recommended",
    "graphicx": "texlive-latex-base",
    "xcolor": "texlive-latex-recommended",
    "caption": "texlive-latex-recommended",
    "fancyhdr": "texlive-latex-base",
}

_PREAMBLE = r"""\documentclass[10pt,a4paper]{article}
% For US Letter paper write letterpaper instead of a4paper above.
\usepackage[T1]{fontenc}
\usepackage[utf8]{inputenc}
\usepackage{lmodern}
\usepackage{textcomp}
\usepackage[margin=20mm]{geometry}
\usepackage{booktabs}
\usepackage{threeparttable}
\usepackage{longtable}
\usepackage{tabularx}
\usepackage{xltabular}
\usepackage{array}
\usepackage{float}
\usepackage{pdflscape}
\usepackage{graphicx}
\usepackage{xcolor}
\usepackage{caption}
\captionsetup{font=small,labelfont=bf,justification=raggedright,singlelinecheck=false}
\captionsetup[table]{font={small,bf},skip=4pt}
\usepackage{fancyhdr}
\setlength{\headheight}{14pt}
\pagestyle{fancy}
\fancyhf{}
\renewcommand{\headrulewidth}{0pt}
\fancyfoot[R]{\small\thepage}
\setlength{\parindent}{0pt}
\setlength{\parskip}{4pt}
\raggedbottom
"""


def report_latex(
    report: ReportNumbers,
    *,
    table_files: Sequence[str] | None = None,
    figure_files: Sequence[tuple[str, str]] = (),
) -> str:
    """The whole report as a LaTeX document that ``pdflatex`` compiles as is.

    Parameters
    ----------
    report : ReportNumbers
        The numbers to show.
    table_files : sequence of str, optional
        Paths (relative to the document, without ``.tex``) of the tables to
        ``\\input``, one per table of the report in reading order; by default
        the tables are written into the document itself.
    figure_files : sequence of (str, str)
        ``(path, caption)`` of each figure to include (PDF or PNG, relative
        to the document).
    """

    tables = display.tables(report)
    if table_files is not None and len(table_files) != len(tables):
        raise ValueError(f"table_files must name {len(tables)} files, got {len(table_files)}")
    lines = [
        f"% Written by myopathy-outcomes {__version__}. Compile with: pdflatex report.tex",
        _PREAMBLE.rstrip("\n"),
    ]
    if report.synthetic:
        lines.append(
            "\\fancyhead[C]{\\footnotesize\\color{orange!70!black}\\bfseries "
            "SYNTHETIC DATA: describes no real person}"
        )
    lines += ["\\begin{document}", ""]
    if report.synthetic:
        lines += [
            "\\noindent\\fcolorbox{orange!70!black}{orange!12}{\\parbox{\\dimexpr\\linewidth-2"
            "\\fboxsep-2\\fboxrule}{\\bfseries\\color{orange!40!black}"
            f"{escape(display.SYNTHETIC_NOTE)}}}}}",
            "",
        ]
    lines += [
        f"{{\\raggedright\\LARGE\\bfseries {_prose(display.title(report), 17.28 * 1.15)}\\par}}",
        "\\medskip",
    ]
    if (cited := display.reference(report)) is not None:
        lines.append(f"{{\\raggedright\\small\\itshape {_prose(cited, 9)}\\par}}")
    lines.append(f"{{\\raggedright\\small Data: {_prose(report.source, 9)}\\par}}")
    if (notices := display.notices_line(report)) is not None:
        lines.append(f"{{\\raggedright\\small {_prose(notices, 9)}\\par}}")
    lines += ["", "\\section*{Methods}", "\\begingroup\\raggedright", "\\begin{itemize}"]
    lines += [f"\\item {line_start(_prose(m, 10))}" for m in display.methods(report)]
    lines += ["\\end{itemize}", "\\endgroup", "", "\\section*{Tables}"]
    for j, table in enumerate(tables):
        lines.append(table_latex(table) if table_files is None else f"\\input{{{table_files[j]}}}")
        lines.append("")
    if figure_files:
        lines += ["\\clearpage", "\\section*{Figures}"]
        for number, (path, caption) in enumerate(figure_files, start=1):
            lines += [
                "\\begin{figure}[H]",
                "\\centering",
                f"\\includegraphics[width=\\linewidth,height=0.8\\textheight,keepaspectratio]{{{path}}}",
                f"\\caption*{{Figure {number}. {_prose(caption, 10)}}}",
                "\\end{figure}",
                "",
            ]
    lines += ["\\end{document}", ""]
    return "\n".join(lines)


def write_latex(
    report: ReportNumbers, directory: Path, figure_files: Sequence[tuple[str, str]] = ()
) -> list[Path]:
    """Write ``report.tex`` and ``tables/<name>.tex`` for each table into ``directory``."""
    tables_dir = directory / "tables"
    tables_dir.mkdir(parents=True, exist_ok=True)
    written = []
    names = []
    for table in display.tables(report):
        path = tables_dir / f"{table.name}.tex"
        path.write_text(table_latex(table) + "\n", encoding="utf-8")
        written.append(path)
        names.append(f"tables/{table.name}")
    driver = directory / "report.tex"
    driver.write_text(
        report_latex(report, table_files=names, figure_files=figure_files), encoding="utf-8"
    )
    return [driver, *written]
