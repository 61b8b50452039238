"""The council's workbooks: the plan, a service's return and the summary, read and written.

Readers turn workbooks into core objects; writers turn core objects and merge
results into workbooks. Each knows its workbook's layout; `xlsx` knows the
file format.
"""
