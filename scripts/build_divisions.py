#!/usr/bin/env python3
"""Build wordlists/places/divisions.tsv from the CC0 administrative-division code list.

Input: ``result.csv`` of https://github.com/yescallop/areacodes (CC0 1.0), the 6-digit
县级以上行政区划代码 of the PRC 1981–2024 with status and start/end years. Its columns are
``代码,一级行政区,二级行政区,名称,级别,状态,启用时间,变更/弃用时间,新代码`` (UTF-8 with BOM).

Output: one row per record of the CSV (a code that changed name or parent has one row per
period), tab-separated, sorted by code and start year::

    code  name  level  province  prefecture  status  start  end  new_code  new_name

``new_name`` is derived: for every successor code in ``新代码`` (``code`` or ``code[year]``)
it is the name that code carried in that year (the year in brackets, else the record's end
year). A ``变更`` record without successor codes is continued by the record of the same code
that starts in its end year (a rename or a change of parent keeping the code).

Stdlib only; re-runnable::

    python scripts/build_divisions.py /work/shared/corpus/admin-divisions-areacodes/result.csv \
        > wordlists/places/divisions.tsv
    python scripts/build_divisions.py result.csv -o wordlists/places/divisions.tsv
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from collections import defaultdict
from dataclasses import dataclass

LEVELS = {"省级": "province", "地级": "prefecture", "县级": "county"}
STATUSES = {"在用": "current", "弃用": "abolished", "变更": "changed"}
EXPECTED_HEADER = ["代码", "一级行政区", "二级行政区", "名称", "级别", "状态",
                   "启用时间", "变更/弃用时间", "新代码"]
SUCCESSOR_RE = re.compile(r"^(\d{6})(?:\[(\d{4})\])?$")

HEADER = """\
# sensitive-lint place list: PRC administrative divisions (county level and above), 1981-2024
# id: divisions
# rule: PLACE001
# category: political
# severity: warning
# label: 行政区划名称
# source: 中华人民共和国县级以上行政区划代码 1981-2024 (民政部 yearly releases and change
#   notices), compiled by yescallop/areacodes (result.csv, commit eed219a0678d36bacaa717f62443b10e869f0291);
#   licence of the source data: CC0 1.0 Universal. This file is derived by
#   scripts/build_divisions.py and carries the same licence (CC0 1.0).
# generated from: {source_name} ({records} records, {codes} distinct codes)
#
# Columns (tab-separated), one row per record (a code that was renamed or moved has one row per period):
#   code        6-digit division code (GB/T 2260 style)
#   name        name of the division in that period
#   level       province | prefecture | county            (省级 | 地级 | 县级)
#   province    一级行政区 (province-level unit the record belongs to)
#   prefecture  二级行政区: for a county, the prefecture-level unit it belonged to when the record
#               started, or 直辖 (directly under the province); for a prefecture, its own name;
#               empty for a province
#   status      current | abolished | changed            (在用 | 弃用 | 变更)
#               changed = the code's name, parent or number changed and the record was replaced
#   start       first year of the record (inclusive)
#   end         year the record ended (exclusive: the record is valid in start <= year < end);
#               empty while the record is current
#   new_code    successor code(s), ';'-separated, as in the source; code[YYYY] = the change
#               happened in that year rather than in `end`. For a current record these are units
#               that took over part of its territory (its own name is still valid).
#   new_name    name(s) of new_code in the year of the change, ';'-separated in the same order
#               ('?' where the source has no record for that code and year)
"""

COLUMNS = ["code", "name", "level", "province", "prefecture", "status",
           "start", "end", "new_code", "new_name"]


@dataclass
class Record:
    code: str
    province: str
    prefecture: str
    name: str
    level: str
    status: str
    start: int
    end: int | None
    new_code: str

    def active(self, year: int) -> bool:
        return self.start <= year and (self.end is None or year < self.end)


def read_records(path: str) -> list[Record]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        if [h.strip() for h in header] != EXPECTED_HEADER:
            raise SystemExit(f"{path}: unexpected header {header!r}")
        records = []
        for lineno, row in enumerate(reader, start=2):
            if not row or not any(row):
                continue
            if len(row) != len(EXPECTED_HEADER):
                raise SystemExit(f"{path}:{lineno}: expected {len(EXPECTED_HEADER)} fields, got {len(row)}")
            code, prov, pref, name, level, status, start, end, new = (f.strip() for f in row)
            if not re.fullmatch(r"\d{6}", code):
                raise SystemExit(f"{path}:{lineno}: bad code {code!r}")
            if level not in LEVELS or status not in STATUSES:
                raise SystemExit(f"{path}:{lineno}: bad level/status {level!r}/{status!r}")
            records.append(Record(code, prov, pref, name, level, status, int(start),
                                  int(end) if end else None, new))
    return records


def name_at(by_code: dict[str, list[Record]], code: str, year: int) -> str:
    """Name that `code` carried in `year` (the record active then, else the first after)."""
    recs = by_code.get(code, [])
    for r in recs:
        if r.active(year):
            return r.name
    later = [r for r in recs if r.start >= year]
    if later:
        return min(later, key=lambda r: r.start).name
    return "?"


def successors(rec: Record, by_code: dict[str, list[Record]]) -> tuple[str, str]:
    new_code = rec.new_code
    if not new_code and rec.status == "变更" and rec.end is not None:
        # a change that keeps the code: continued by the same code's record starting at `end`
        if any(r.start == rec.end for r in by_code.get(rec.code, []) if r is not rec):
            new_code = rec.code
    if not new_code:
        return "", ""
    names = []
    for item in new_code.split(";"):
        m = SUCCESSOR_RE.match(item.strip())
        if not m:
            raise SystemExit(f"{rec.code} {rec.name}: cannot parse successor {item!r}")
        code, year = m.group(1), m.group(2)
        when = int(year) if year else (rec.end if rec.end is not None else rec.start)
        names.append(name_at(by_code, code, when))
    return new_code, ";".join(names)


def build(path: str) -> str:
    records = read_records(path)
    by_code: dict[str, list[Record]] = defaultdict(list)
    for r in records:
        by_code[r.code].append(r)
    for recs in by_code.values():
        recs.sort(key=lambda r: r.start)
    out = io.StringIO()
    out.write(HEADER.format(source_name=path.replace("\\", "/").rsplit("/", 1)[-1],
                            records=len(records), codes=len(by_code)))
    out.write("\t".join(COLUMNS) + "\n")
    for r in sorted(records, key=lambda r: (r.code, r.start, r.end or 9999)):
        new_code, new_name = successors(r, by_code)
        row = [r.code, r.name, LEVELS[r.level], r.province, r.prefecture, STATUSES[r.status],
               str(r.start), "" if r.end is None else str(r.end), new_code, new_name]
        for field in row:
            if "\t" in field or "\n" in field:
                raise SystemExit(f"{r.code}: field contains a tab or newline: {field!r}")
        out.write("\t".join(row) + "\n")
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("csv", help="result.csv of yescallop/areacodes (CC0)")
    ap.add_argument("-o", "--output", help="write here instead of stdout")
    args = ap.parse_args(argv)
    text = build(args.csv)
    if args.output:
        with open(args.output, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
    else:
        sys.stdout.reconfigure(encoding="utf-8", newline="\n")
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
