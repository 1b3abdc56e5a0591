#!/usr/bin/env python3
"""Converts the Phoenix actor and agent dictionaries of PETRARCH2 into Parley's TSV format.

Input (MIT licence, Copyright (c) 2014 Open Event Data Alliance; see LICENSE beside them):
  shared/data/eventdata/petrarch2/Phoenix.International.actors.txt  IGOs, NGOs, companies and
      the people who lead them, with CAMEO codes and dates in office
  shared/data/eventdata/petrarch2/Phoenix.MilNonState.actors.txt    non-state armed groups
  shared/data/eventdata/petrarch2/Phoenix.agents.txt                agent nouns and sectors
Output (in OUT_DIR, normally crates/parley-news/data):
  phoenix_people.tsv  id | name | aliases (;) | code | sector | body | from | to
                      one line per dated code (a term); a person's undated code is the last
                      line, from 1900-01-01 with no end (used when no dated term covers a day)
  phoenix_orgs.tsv    id | kind (igo/ngo/armed) | name | aliases (;) | code | sector
  phoenix_agents.tsv  sector | nouns (;)

Rules (written for Parley; no PETRARCH code is used):
- an actor entry is a name line (words joined by "_", a final "_" marks the end of the
  phrase), "+" synonym lines and its "[CODE date]" restrictions, on the name line or on
  indented lines after it; entries without a code, "[---]" (do not code) and "[ELI]" (elites,
  no institution) codes are dropped;
- dates: "A-B" is a term, ">A" from A on, "<B" until B; six digits are YYMMDD (YY >= 30 is
  19YY, else 20YY), eight are YYYYMMDD; a malformed date drops that code (counted on stderr);
- a CAMEO code is split into a primary code (the first three letters: a state, IGO, NGO,
  IMG) and a sector (the next three letters when they are one of CAMEO's sectors); a state
  code CAMEO spells differently from ISO 3166 is mapped (table CAMEO_ISO); codes that are
  neither a state Parley knows nor IGO/NGO/IMG are dropped; CAMEO's sectors MED (media) and
  HLH (health) are Parley's JRN and MED;
- an entry with at least one dated code is a person; the rest are organisations; the
  multinational corporations and media sections of the international file are skipped
  (Parley has no company actors; media are hand-listed in organisations.tsv);
- an IGO person's "body" is the organisation (organisations.tsv id) of the longest prefix of
  the code in IGO_BODY (IGOUNO... -> UN, IGOEUREEC -> EU, IGOWSTNAT -> NATO, ...);
- names are written in title case ("KOFI_ATTA_ANNAN_" -> "Kofi Atta Annan") without a
  leading "The" (the reader takes determiners apart from names); after a hyphen
  letters stay lower case, so the reader matches either spelling ("Ban Ki-moon");
- agents: "NOUN {PLURALS} [~SEC]" lines of the sectors Parley's agents.tsv uses (religions,
  ELI, PPL and the like are skipped); the "!PERSON!"-style macros are expanded; plurals listed
  in braces are kept and a regular plural is added (the dictionary lists singulars); stems
  without a final "_" are kept as written (whole words); all lower case (any capitalisation).

Usage: python3 tools/convert_phoenix.py SHARED_EVENTDATA_DIR COUNTRIES_TSV OUT_DIR
"""
import os
import re
import sys

CAMEO_ISO = {"JAP": "JPN", "ITL": "ITA", "ROM": "ROU", "ZAR": "COD", "TMP": "TLS", "UKR": "UKR"}
# CAMEO's MED is the media and HLH health; Parley calls them JRN and MED.
SECTOR_MAP = {"MED": "JRN", "HLH": "MED"}
SECTORS = {
    "GOV", "MIL", "REB", "OPP", "PTY", "COP", "JUD", "SPY", "LEG", "BUS", "CVL", "MED", "EDU",
    "HLH", "LAB", "AGR", "REF", "ENV", "HRI", "DEV", "JRN", "CRM", "UAF", "RAD", "REL", "MOD",
}
IGO_BODY = [
    ("IGOUNODEVWBK", "WORLD_BANK"), ("IGOUNOHLHWHO", "WHO"), ("IGOUNOIAE", "IAEA"),
    ("IGOUNOKID", "UNICEF"), ("IGOUNOLABILO", "ILO"), ("IGOUNOREFHCR", "UNHCR"),
    ("IGOUNOJUDICJ", "ICJ"), ("IGOUNO", "UN"), ("IGOEUREEC", "EU"), ("IGOWSTNAT", "NATO"),
    ("IGOBUSOPC", "OPEC"), ("IGOBUSIMF", "IMF"), ("IGOAFRAFU", "AU"), ("IGOSEAASN", "ASEAN"),
    ("IGOOAS", "OAS"), ("IGOSAFDEVSAD", "SADC"), ("IGOCWN", "COMMONWEALTH"),
    ("IGOBUSWTO", "WTO"), ("IGOARL", "ARAB_LEAGUE"), ("IGOMEAARL", "ARAB_LEAGUE"),
]
SKIP_SECTIONS = ("Multinational Corporations", "Media Sources")
DROPPED = {"date": 0, "code": 0, "nocode": 0}


def countries(path):
    codes = set()
    for line in open(path, encoding="utf-8"):
        if line.strip() and not line.startswith("#"):
            codes.add(line.split("\t")[0].strip())
    return codes


def agent_sectors(path):
    """The sectors Parley's own agents.tsv uses; agents of other sectors are skipped."""
    return {l.split("\t")[0].strip() for l in open(path, encoding="utf-8")
            if l.strip() and not l.startswith("#")}


def words(phrase):
    """'KOFI_ATTA_ANNAN_' -> 'Kofi Atta Annan'."""
    out = []
    for w in phrase.strip().strip("_").replace("_", " ").split():
        out.append(w if "." in w else w[:1].upper() + w[1:].lower())
    if len(out) > 1 and out[0] == "The":
        out = out[1:]
    return " ".join(out)


def date(s):
    if len(s) == 8 and s.isdigit():
        y, m, d = s[:4], s[4:6], s[6:]
    elif len(s) == 6 and s.isdigit():
        yy = int(s[:2])
        y = ("19" if yy >= 30 else "20") + s[:2]
        m, d = s[2:4], s[4:]
    else:
        return None
    if not (1 <= int(m) <= 12 and 1 <= int(d) <= 31):
        return None
    return f"{y}-{m}-{d}"


def parse_code(raw, states):
    """'[IGOUNO >20070101]' -> (cameo, primary, sector, from, to) or None."""
    parts = raw.strip("[] ").split()
    if not parts:
        return None
    cameo = parts[0]
    if cameo in ("---", "ELI") or cameo.startswith("~"):
        return None
    primary = CAMEO_ISO.get(cameo[:3], cameo[:3])
    if primary not in states and primary not in ("IGO", "NGO", "IMG"):
        DROPPED["code"] += 1
        return None
    sector = cameo[3:6] if cameo[3:6] in SECTORS else ""
    sector = SECTOR_MAP.get(sector, sector)
    frm, to = None, None
    if len(parts) > 1:
        r = parts[1]
        if r.startswith(">"):
            frm = date(r[1:])
            ok = frm is not None
        elif r.startswith("<"):
            frm, to = "1900-01-01", date(r[1:])
            ok = to is not None
        elif "-" in r:
            a, b = r.split("-", 1)
            frm, to = date(a), date(b)
            ok = frm is not None and to is not None and frm < to
        else:
            ok = False
        if not ok:
            DROPPED["date"] += 1
            return None
    return cameo, primary, sector, frm, to


def entries(path, states):
    """Yields (name, synonyms, codes) per actor entry, skipping the skipped sections."""
    skip = False
    cur = None
    for line in open(path, encoding="utf-8", errors="replace"):
        text = line.rstrip("\n")
        if text.startswith("#"):
            if any(s in text for s in SKIP_SECTIONS):
                skip = True
            elif text.startswith("#####"):
                skip = False
            continue
        body = text.split("#", 1)[0]
        if not body.strip():
            continue
        codes = [c for c in (parse_code(m, states) for m in re.findall(r"\[[^\]]*\]", body)) if c]
        had_code = "[" in body
        head = re.sub(r"\[[^\]]*\]", "", body).strip()
        if text[0] in " \t":
            if cur is not None:
                cur[2].extend(codes)
                cur[3] = cur[3] or had_code
            continue
        if head.startswith("+"):
            if cur is not None:
                cur[1].append(head[1:])
                cur[2].extend(codes)
                cur[3] = cur[3] or had_code
            continue
        if cur is not None and not skip_cur:
            yield cur
        skip_cur = skip
        cur = [head, [], codes, had_code]
    if cur is not None and not skip_cur:
        yield cur


def ident(name):
    return re.sub(r"[^A-Z0-9]+", "_", name.upper()).strip("_")


def body_of(cameo):
    for prefix, org in IGO_BODY:
        if cameo.startswith(prefix):
            return org
    return ""


def convert_actors(paths, states):
    people, orgs, seen = [], [], set()
    for path in paths:
        armed_file = "MilNonState" in path
        for name, syns, codes, _ in entries(path, states):
            if not codes:
                DROPPED["nocode"] += 1
                continue
            display = words(name)
            if not display or len(display) < 3:
                continue
            aliases = []
            for s in [name] + syns:
                w = words(s)
                if w and w not in aliases and len(w) >= 3:
                    aliases.append(w)
            pid = ident(display)
            if pid in seen:
                continue
            seen.add(pid)
            dated = [c for c in codes if c[3] is not None]
            if dated:
                undated = [c for c in codes if c[3] is None][:1]
                for cameo, primary, sector, frm, to in dated + undated:
                    people.append([pid, display, ";".join(aliases), primary, sector or "GOV",
                                   body_of(cameo) if primary == "IGO" else "",
                                   frm or "1900-01-01", to or ""])
            else:
                cameo, primary, sector, _, _ = codes[0]
                if armed_file or primary == "IMG" or sector == "REB":
                    kind = "armed"
                elif primary == "IGO":
                    kind = "igo"
                elif primary == "NGO":
                    kind = "ngo"
                else:
                    continue  # a state organ or company: the hand-written files cover these
                orgs.append([pid, kind, display, ";".join(aliases), primary, sector])
    return people, orgs


def expand(noun, macros):
    out = [noun]
    for key, vals in macros.items():
        if key in noun:
            out = [o.replace(key, v) for o in out for v in vals]
    return out


def plural(noun):
    """Regular English plural of a phrase's last word (the dictionary lists singulars)."""
    if noun.endswith(("men", "police", "people", "personnel", "staff", "ies")):
        return noun  # already plural or uncountable
    if noun.endswith(("man", "woman")) and not noun.endswith("human"):
        return noun[:-2] + "en"
    if noun.endswith(("s", "sh", "ch", "x", "z")):
        return noun + "es"
    if noun.endswith("y") and noun[-2:-1] not in ("a", "e", "o", "u"):
        return noun[:-1] + "ies"
    return noun + "s"


def convert_agents(path, sectors):
    macros, by_sector = {}, {}
    for line in open(path, encoding="utf-8", errors="replace"):
        text = line.split("#", 1)[0].strip()
        m = re.match(r"^(![A-Z]+!)\s*=\s*(.+)$", text)
        if m:
            macros[m.group(1)] = [v.strip() for v in m.group(2).split(",") if v.strip()]
            continue
        m = re.match(r"^([^\[{]+?)\s*(\{[^}]*\})?\s*\[~([A-Z]{3})[A-Z]*\]", text)
        if not m:
            continue
        sector = SECTOR_MAP.get(m.group(3), m.group(3))
        if sector not in sectors:
            continue
        nouns = expand(m.group(1), macros)
        if m.group(2):
            nouns += [p for p in m.group(2).strip("{}").split() if p]
        for n in nouns:
            w = n.strip().strip("_").replace("_", " ").lower()
            if len(w) >= 3 and "!" not in w:
                lst = by_sector.setdefault(sector, [])
                for form in (w, plural(w)):
                    if form not in lst:
                        lst.append(form)
    return by_sector


HEADER = """# {what}
# Converted for Parley by crates/parley-news/tools/convert_phoenix.py from the PETRARCH2 Phoenix
# dictionaries ({src}); do not edit by hand, rerun the converter.
# Source licence: MIT (petrarch2/LICENSE, reproduced here as the licence requires; the agents
# file's own header names the holder "Open Event Data Alliance"):
{licence}
# Columns (tab-separated): {cols}
"""


def licence_text(path):
    return "\n".join(("# " + l.rstrip()).rstrip() for l in open(path, encoding="utf-8")
                     if True).rstrip("# \n")


def write(path, what, src, cols, rows, licence):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(HEADER.format(what=what, src=src, cols=cols, licence=licence))
        for r in rows:
            f.write("\t".join(r) + "\n")
    os.replace(tmp, path)


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    shared, countries_tsv, out = sys.argv[1:]
    states = countries(countries_tsv)
    p2 = os.path.join(shared, "petrarch2")
    lic = licence_text(os.path.join(p2, "LICENSE"))
    people, orgs = convert_actors(
        [os.path.join(p2, "Phoenix.International.actors.txt"),
         os.path.join(p2, "Phoenix.MilNonState.actors.txt")], states)
    agents = convert_agents(os.path.join(p2, "Phoenix.agents.txt"),
                            agent_sectors(os.path.join(os.path.dirname(countries_tsv), "agents.tsv")))
    write(os.path.join(out, "phoenix_people.tsv"),
          "People with their codes and dates in office (mostly IGO and NGO officials).",
          "Phoenix.International.actors.txt, Phoenix.MilNonState.actors.txt",
          "id | name | aliases (;) | code | sector | body | from | to", people, lic)
    write(os.path.join(out, "phoenix_orgs.tsv"),
          "IGOs, NGOs and non-state armed groups (companies and media skipped).",
          "Phoenix.International.actors.txt, Phoenix.MilNonState.actors.txt",
          "id | kind | name | aliases (;) | code | sector", orgs, lic)
    write(os.path.join(out, "phoenix_agents.tsv"),
          "Agent nouns and the sector they stand for.", "Phoenix.agents.txt",
          "sector | nouns (;)", [[s, ";".join(n)] for s, n in sorted(agents.items())], lic)
    print(f"people rows {len(people)} ({len({r[0] for r in people})} people), "
          f"organisations {len(orgs)}, agent nouns {sum(len(v) for v in agents.values())}; "
          f"dropped: {DROPPED}", file=sys.stderr)


if __name__ == "__main__":
    main()
