"""The commands' work with files: what each CLI command does, for the CLI and the browser page.

Gather the files given, read, merge, write the outputs in place together,
lock the plan while it is merged. Every clock reading is passed in.
"""
