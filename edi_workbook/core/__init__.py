"""The pure core: the plan and its rules, with no file, no clock and no screen.

Model, timescales, flags, validation, the three-way merge, history, rollover,
receipts and the report's content. Nothing here imports a module outside
`core` or a file library (`make lint` holds it): every function can be tested
with plain values, and the browser page runs it unchanged.
"""
