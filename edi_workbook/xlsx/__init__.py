"""The file formats' internals: the only place that knows zip, XML and the spreadsheet libraries.

Office Open XML packages (.xlsx and .docx) read part by part, safely; cell
values as Excel shows them; the look of every workbook (styles, the template,
text measured for row heights); fast writing with xlsxwriter. Above this
layer, code speaks of sheets, rows and cells, never of parts or libraries.
"""
