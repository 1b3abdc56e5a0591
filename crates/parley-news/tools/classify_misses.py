#!/usr/bin/env python3
"""Sorts the reader's missed gold relations on the development halves into classes (issue 16).

Written for Parley's ninth revision of the news reader, to count misses per class before any
rule is written (docs/news-reader.md, "Ninth revision"). It reads the per-record listing of
the eval example and the gold files of tests/eval/, matches each gold relation against the
reader's relations of its sentence by the README's scoring rule (types equal or near, sources
and targets meet; a reciprocal gold relation is covered by source and target together), and
puts every unmatched one in the first class that fits:

  A  actor not found: no code of the gold sources (or of the gold targets, when named) is
     among the reader's actors of the sentence;
  B  no act of a near type: the actors are there, no reader relation has a near type;
  C1 a near act without a source; C2 a near act with source and target swapped;
  C3 a near act with other sides.

It also lists the codes behind class A and the actors the reader names that the gold lacks
(false actors), for sorting by hand. Only development halves may be given: the eval example
never lists a blind half's records.

Usage:
  cargo run --release -p parley-news --example eval -- --dev --details 2> details.txt
  python3 crates/parley-news/tools/classify_misses.py details.txt test2,test3,test4,test5
"""

import collections
import os
import re
import sys

EVAL = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "eval")
FILES = {
    "dev": "dev.txt",
    "held-out": "heldout.txt",
    "test1": "test.txt",
    "test2": "test2.txt",
    "test3": "test3.txt",
    "test4": "test4.txt",
    "test5": "test5.txt",
}
# The near groups of tests/eval/README.md.
NEAR = [
    ["OPPOSE", "ACCUSE", "REJECT", "PROTEST", "THREATEN", "COERCE"],
    ["NEGOTIATE", "CONSULT", "MEDIATE"],
    ["AGREEMENT", "PLEDGE", "COOPERATE", "RECONCILE", "CONCEDE"],
    ["SANCTION", "COERCE", "REDUCE_SUPPORT"],
    ["SUPPORT", "ALLY", "AID", "ARMS_SUPPLY"],
    ["REQUEST"],
    ["ATTACK", "MOBILIZE"],
    ["INVESTIGATE", "ACCUSE"],
    ["RETREAT", "CONCEDE", "REDUCE_SUPPORT"],
]


def near(a, b):
    return a == b or any(a in g and b in g for g in NEAR)


def codes(text):
    return {c.strip() for c in text.replace(" ", ",").split(",") if c.strip() not in ("", "-")}


def parse_gold(path):
    records, order, cur = {}, [], None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("#"):
                continue
            if line.startswith("id:"):
                cur = {"id": line[3:].strip(), "rels": [], "text": ""}
                records[cur["id"]] = cur
                order.append(cur["id"])
            elif cur and line.startswith("rel:"):
                words = [w for w in line[4:].split() if not w.startswith("!")]
                rest = " ".join(words[1:])
                recip = "<>" in rest
                a, b = rest.split("<>" if recip else ">")
                cur["rels"].append(
                    {"type": words[0].upper(), "src": codes(a), "tgt": codes(b), "rec": recip}
                )
            elif cur and line.startswith("text:"):
                cur["text"] = line[5:].strip()
    return records, order


def parse_details(path):
    out, half, cur = {}, None, None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("#### "):
                half = line[5:].split(" ")[0]
                continue
            m = re.match(r"== (\S+) rel tp \d+ fn \d+ fp \d+ \| ", line)
            if m:
                cur = {"got": [], "gold_actors": set(), "actors": set()}
                out[(half, m[1])] = cur
                continue
            m = re.match(r"   gold actors \{(.*)\}  got \{(.*)\}", line)
            if m:
                cur["gold_actors"] = set(re.findall(r'"([^"]+)"', m[1]))
                cur["actors"] = set(re.findall(r'"([^"]+)"', m[2]))
                continue
            m = re.match(r"   got  (\S+) (\S*) (<>|>) ?(\S*)", line)
            if m:
                cur["got"].append(
                    {
                        "type": m[1],
                        "src": {x for x in m[2].split(",") if x},
                        "tgt": {x for x in m[4].split(",") if x and not x.startswith("!")},
                    }
                )
    return out


def matches(g, r):
    if not near(g["type"], r["type"]):
        return False
    if g["rec"]:
        both = r["src"] | r["tgt"]
        return bool(g["src"] & both) and (not g["tgt"] or bool(g["tgt"] & both))
    return bool(g["src"] & r["src"]) and (not g["tgt"] or bool(g["tgt"] & r["tgt"]))


def main():
    details = parse_details(sys.argv[1])
    halves = sys.argv[2].split(",") if len(sys.argv) > 2 else list(FILES)
    classes, b_types, missing, false_actors = (collections.Counter() for _ in range(4))
    total = 0
    for half in halves:
        gold, order = parse_gold(os.path.join(EVAL, FILES[half]))
        for rid in order:
            got = details.get((half, rid))
            if got is None:
                continue
            for a in got["actors"] - got["gold_actors"]:
                false_actors[a] += 1
            used = set()
            for g in gold[rid]["rels"]:
                total += 1
                hit = [k for k, r in enumerate(got["got"]) if k not in used and matches(g, r)]
                if hit:
                    used.add(hit[0])
                    continue
                found = got["actors"]
                src_missing = not (g["src"] & found)
                tgt_missing = bool(g["tgt"]) and not (g["tgt"] & found)
                near_acts = [r for r in got["got"] if near(g["type"], r["type"])]
                if src_missing or tgt_missing:
                    cls = "A actor not found"
                    for c in (g["src"] if src_missing else set()) | (
                        g["tgt"] if tgt_missing else set()
                    ):
                        missing[c] += 1
                elif not near_acts:
                    cls = "B no act of a near type"
                    b_types[g["type"]] += 1
                elif any(not r["src"] for r in near_acts):
                    cls = "C1 near act, no source"
                elif any(g["src"] & r["tgt"] for r in near_acts):
                    cls = "C2 near act, sides swapped"
                else:
                    cls = "C3 near act, other sides"
                classes[cls] += 1
    print(f"gold relations {total}, missed {sum(classes.values())}")
    for cls, n in sorted(classes.items()):
        print(f"  {cls}: {n}")
    print("class B by gold type:", b_types.most_common())
    print("codes not found (class A):", missing.most_common(40))
    print("false actors:", false_actors.most_common(40), sum(false_actors.values()))


if __name__ == "__main__":
    main()
