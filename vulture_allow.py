# Names vulture cannot see used (make lint): called by a framework, by name, or by users.
# Each line says who uses it.

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
