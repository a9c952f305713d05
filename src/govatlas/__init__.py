"""govatlas: an observatory and interoperability workbench for AI governance.

The package is split by job (see DESIGN.md): ``catalog`` holds the project's own
facts about instruments, ``store`` keeps everything in a versioned database,
``analytics`` answers landscape questions, and ``cli`` is a thin shell over them.
"""

__version__ = "0.1.0"
