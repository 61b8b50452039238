"""`python -m edi_workbook` works where the console script is not on PATH."""

from .cli import main

main()
