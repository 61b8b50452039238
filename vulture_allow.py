# Names vulture cannot see used (make lint): called by a framework, by name, or by users.
# Each line says who uses it. `_` stands for any object, as in vulture's own allow-lists.
# Not executed: vulture only reads the names.

# edi_workbook/__init__.py: PEP 562 module hooks, called by Python on `edi_workbook.NAME`
# and dir(edi_workbook).
__getattr__
__dir__

# edi_workbook/cli.py: click calls each command when its name is typed
# (`edi-workbook validate ...`), and calls option callbacks as (ctx, param, value).
_.validate
_.rollover
_.import_
_.demo
param

# edi_workbook/workbooks/plan_writer.py: `make template` writes templates/plan_template.xlsx.
_.write_template

# core/model.py Action.updated_by (set in core/merge.py): written to and read from the plan's
# "Updated by" column by field name (core/schema.py COLUMNS, getattr in the plan writer).
_.updated_by

# accessibility/checker.py Rule.checks: what each rule looks at, in words, for a person
# reading the rule table (tests/test_accessibility.py holds every rule to having it).
_.checks

# openpyxl: assigning Cell.data_type = "s" keeps typed text from being read as a formula
# (xlsx/edit.py).
_.data_type

# xlsxwriter: Workbook.worksheet_class is read by add_worksheet(); FastWorkbook and
# _Packager override xlsxwriter's own methods, which xlsxwriter calls (xlsx/write.py).
_.worksheet_class
_._get_packager
_._write_comment_files
_._write_comment
_._write_comment_shape

# core/equality.py EqualityLists.aims, .eflg, .facing: each list is read by its key,
# getattr(lists, key), as the plan's equality columns name them (EqualityLists.words).
_.aims
_.eflg
_.facing

# mail/inbox/eml.py _RawHeaders: the standard library's email parser calls its policy's
# header_fetch_parse for every header read (email.message.Message.get).
_.header_fetch_parse

# edi_workbook/cli.py `app` (click calls it); edi_workbook/page.py warm(), called by the
# page's worker (app/worker.mjs) in the browser.
_.app
_.warm
# edi_workbook/workflow/serve.py: http.server and socketserver read these on the server and
# call log_message; serve_in_thread is for tests, make pictures and make bench.
_.log_message
_.daemon_threads
_.allow_reuse_address
_.serve_in_thread
