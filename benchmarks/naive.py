"""The script a council analyst would write instead of using edi-workbook.

pandas reads the master and each return (read_excel, openpyxl engine), the
master's rows are updated by ID with iterrows, and the merged plan and the
changes are written with to_excel. This is the speed edi-workbook must beat
to be worth installing.

Usage: python naive.py PLAN RETURNS_DIR -o MERGED.xlsx --changes CHANGES.xlsx
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

EDITABLE = ("Status", "Progress update", "Revised timescale", "Comments")


def table(sheet: pd.DataFrame, required: set[str]) -> pd.DataFrame | None:
    """The rows under the first row holding every `required` header, or None."""
    for i, row in sheet.iterrows():
        if required <= {str(v).strip() for v in row}:
            found = sheet.iloc[i + 1:].copy()
            found.columns = [str(v).strip() for v in sheet.iloc[i]]
            found = found.loc[:, [c != "nan" for c in found.columns]]
            return found[found["ID"].notna()]
    return None


def same(a: object, b: object) -> bool:
    """NaN is never equal to itself: treat blanks as ''."""
    return ("" if pd.isna(a) else str(a)) == ("" if pd.isna(b) else str(b))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("plan", type=Path)
    parser.add_argument("returns", type=Path, help="folder of return workbooks")
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--changes", type=Path, required=True)
    args = parser.parse_args()

    sheets = pd.read_excel(args.plan, sheet_name=None, header=None, engine="openpyxl")
    master: dict[str, pd.DataFrame] = {}
    sheet_of: dict[str, str] = {}
    for name, sheet in sheets.items():
        found = table(sheet, {"ID", "Action title"})
        if found is not None:
            master[name] = found.set_index("ID")
            sheet_of.update({action_id: name for action_id in master[name].index})

    changes = []
    for path in sorted(p for p in args.returns.iterdir() if p.suffix == ".xlsx"):
        sheet = pd.read_excel(path, sheet_name=0, header=None, engine="openpyxl")
        returned = table(sheet, {"ID", "Status"})
        if returned is None:
            continue
        for _, row in returned.iterrows():
            name = sheet_of.get(row["ID"])
            if name is None:
                continue
            for field in EDITABLE:
                old, new = master[name].at[row["ID"], field], row[field]
                if not same(old, new):
                    master[name].at[row["ID"], field] = new
                    changes.append({"ID": row["ID"], "Field": field, "Old": old, "New": new,
                                    "File": path.name})

    with pd.ExcelWriter(args.output) as writer:
        for name, frame in master.items():
            frame.to_excel(writer, sheet_name=name)
    pd.DataFrame(changes, columns=["ID", "Field", "Old", "New", "File"]).to_excel(
        args.changes, index=False)


if __name__ == "__main__":
    main()
