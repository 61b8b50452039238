"""A plan from the document the council already keeps: Word, CSV or a tracker workbook.

Each reader turns its file into one shape (`source.Source`: texts and tables
in order) and one assembler (`assembly`) makes the plan from it, so every
format is read by the same rules.
"""
