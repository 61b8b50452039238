"""The year-end progress update as a committee reads it: Word (.docx) or Excel (.xlsx).

The report's content is built once by `core.report`; these writers only lay
it out. `write_report` picks the writer from the file's suffix.
"""
