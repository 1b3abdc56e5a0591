#!/usr/bin/env python3
"""Converts the CAMEO verb dictionary of PETRARCH2 into Parley's trigger format.

Input (MIT licence, Copyright (c) 2014 Open Event Data):
  shared/data/eventdata/petrarch2/CAMEO.2.0.txt      verb synonym blocks with CAMEO codes
  shared/data/eventdata/plover/CAMEO2PLOVER-2021.txt CAMEO code -> PLOVER 0.8 type
Output: crates/parley-news/data/cameo_verbs.tsv (columns as triggers.tsv).

What is kept, and why (written for Parley; no PETRARCH code is used):
- a block's default code applies to each of its verbs ("--- IMPOSE [170] ---": bill, impose,
  inflict, levy, reimpose); a verb line's own code overrides it;
- a pattern "- * NOUN [code]  # VERB" becomes "verb~v .. noun" for the verb it was written
  for; patterns with parentheses, synsets (&), source/target markers ($, +) or a compound
  code (x:y) need PETRARCH's parse tree and are skipped, as are "[---]" (no event);
- CAMEO 01 (public statements) is skipped: it is not a relation between actors;
- verbs that Parley's own triggers.tsv already starts a pattern with are skipped, so the
  hand-written frames stay in charge and the dictionary only adds verbs they lack.
The Parley relation type follows the CAMEO root (table ROOT_TYPE below).

Usage: python3 tools/convert_cameo.py SHARED_DIR > data/cameo_verbs.tsv
"""
import re
import sys

ROOT_TYPE = {
    "02": "REQUEST", "03": "PLEDGE", "04": "CONSULT", "05": "COOPERATE", "06": "COOPERATE",
    "07": "AID", "08": "CONCEDE", "09": "INVESTIGATE", "10": "REQUEST", "11": "ACCUSE",
    "12": "REJECT", "13": "THREATEN", "14": "PROTEST", "15": "MOBILIZE", "16": "REDUCE_SUPPORT",
    "17": "COERCE", "18": "ATTACK", "19": "ATTACK", "20": "ATTACK",
}
# Finer CAMEO codes whose Parley type differs from their root's.
CODE_TYPE = {
    "045": "MEDIATE", "046": "NEGOTIATE", "051": "SUPPORT", "052": "SUPPORT", "053": "SUPPORT",
    "057": "AGREEMENT", "062": "COOPERATE", "064": "COOPERATE", "087": "RETREAT",
    "111": "OPPOSE", "112": "ACCUSE", "163": "SANCTION", "164": "SANCTION", "161": "SANCTION",
    "166": "SANCTION",
}


def plover_table(path):
    table = {}
    for line in open(path, encoding="utf-8"):
        line = line.split("#", 1)[0].strip()
        m = re.match(r"^(\d+):\s*([A-Z]+)", line)
        if m:
            table[m.group(1)] = m.group(2)
    return table


def plover_of(code, table):
    for k in (code, code[:3], code[:2]):
        if k in table:
            return table[k]
    return None


def parley_type(code):
    for k in (code[:3],):
        if k in CODE_TYPE:
            return CODE_TYPE[k]
    return ROOT_TYPE.get(code[:2])


def known_verbs(triggers_path):
    known = set()
    for line in open(triggers_path, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        cols = line.rstrip("\n").split("\t")
        if len(cols) > 3:
            first = cols[3].split()[0]
            if first.endswith("~v"):
                known.add(first[:-2])
            else:
                known.add(first)
    return known


def words(text):
    return text.replace("_", " ").strip().lower()


def main():
    shared = sys.argv[1]
    table = plover_table(f"{shared}/plover/CAMEO2PLOVER-2021.txt")
    known = known_verbs(sys.argv[2] if len(sys.argv) > 2 else "data/triggers.tsv")
    out = []
    seen = set()
    block_code = None
    block_verbs = {}
    for raw in open(f"{shared}/petrarch2/CAMEO.2.0.txt", encoding="utf-8", errors="replace"):
        line = raw.split("#", 1)[0].rstrip()
        comment = raw.split("#", 1)[1].strip() if "#" in raw else ""
        if line.startswith("####### VERB PATTERNS"):
            continue
        m = re.match(r"^---\s+(\S+)\s+\[([^\]]*)\]\s+---", line)
        if m:
            block_code = m.group(2).strip()
            block_verbs = {}
            continue
        if block_code is None or not line.strip():
            continue
        if line.startswith("- "):
            pm = re.match(r"^-\s+\*\s+([A-Z][A-Z\s{}'-]*?)\s+\[([0-9]+)\]\s*$", line)
            if not pm:
                continue
            noun, code = pm.group(1), pm.group(2)
            if any(c in noun for c in "&$+()"):
                continue
            verb = words(comment.split(",")[0]) if comment else ""
            if " " in verb or not verb or verb in known:
                continue
            emit(out, seen, table, code, f"{verb}~v .. {words(noun.replace('{', '').replace('}', ''))}")
            continue
        vm = re.match(r"^(\+?)([A-Z][A-Z_'-]*)\s*(\{[^}]*\})?\s*(\[([0-9]+)\])?", line)
        if not vm:
            continue
        verb = words(vm.group(2))
        code = vm.group(5) or block_code
        if not re.match(r"^[0-9]+$", code or ""):
            continue
        head = verb.split()[0]
        if head in known:
            continue
        parts = verb.split()
        pattern = " ".join([parts[0] + "~v"] + parts[1:])
        emit(out, seen, table, code, pattern)
    print("# CAMEO verbs converted for Parley by tools/convert_cameo.py (see its header for the rules).")
    print("# Source: PETRARCH2 CAMEO.2.0.txt verb dictionary and PLOVER's CAMEO2PLOVER-2021 table,")
    print("# MIT licence, Copyright (c) 2014 Open Event Data (the dictionaries are data; the reading")
    print("# code is Parley's). Columns as triggers.tsv: type | PLOVER type | mode | pattern.")
    for row in out:
        print("\t".join(row))


def emit(out, seen, table, code, pattern):
    if code.startswith("01") or code.startswith("00"):
        return
    rtype = parley_type(code)
    plover = plover_of(code, table)
    if not rtype or not plover or pattern in seen:
        return
    if plover == "ASSAULT" and rtype != "ATTACK":
        rtype = "ATTACK"
    seen.add(pattern)
    out.append((rtype, plover, "-", pattern))


if __name__ == "__main__":
    main()
