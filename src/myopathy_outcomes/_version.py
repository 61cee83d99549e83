"""The package's version, in a module of its own.

Every module that prints the version (the command's ``--version``, the
generator line of the HTML, LaTeX and Word reports) and the documentation
read it here, so that none of them imports the package's ``__init__``.
"""

__all__ = ["__version__"]

__version__ = "0.1.0"
