#!/usr/bin/env python3
"""Writes src/main/resources/redact/locations-iso.txt: place names from Debian's iso-codes package
(ISO 3166-1 country names, ISO 3166-2 subdivision names: states, provinces, regions, counties,
municipalities; LGPL-2.1+) and the city names of the tz database's zone1970.tab (public domain),
lower case, one a line. Not from any Faker-style generator.

A one-word name that is also a common English word, a first name or a last name of our lists is
left out (Van, Centre, Florence), as is a name made only of such words and of
directions or region words (Eastern, South East, Central Region), as are names shorter than four letters: a capitalised word alone
must not become a place because a subdivision somewhere has its name.
Run: python3 scripts/extract-iso-places.py (needs the iso-codes and tzdata packages)."""
import json, re, os
R = "src/main/resources/redact/"
def words(f):
    return {l.strip().lower() for l in open(R + f, encoding="utf-8") if l.strip()}
skip = words("common-words.txt") | words("first-names.txt") | words("first-names-world.txt") \
    | words("last-names.txt") | words("last-names-world.txt")
# words that name a part of anything, not a place: "Eastern", "South East", "Central Region"
GENERIC = {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
    "centre", "center", "upper", "lower", "middle", "capital", "region", "district", "province",
    "lakes", "gulf", "islands", "coast", "coastal", "greater", "inner", "outer", "new", "old", "river",
    "valley", "highlands", "mountains", "plains", "city", "county", "state", "territory", "nome",
    "of", "the", "and", "de", "la", "el", "al"}
names = set()
iso = "/usr/share/iso-codes/json/"
for e in json.load(open(iso + "iso_3166-1.json"))["3166-1"]:
    for k in ("name", "common_name"):
        if k in e:
            names.add(e[k])
for e in json.load(open(iso + "iso_3166-2.json"))["3166-2"]:
    names.add(e["name"])
for line in open("/usr/share/zoneinfo/zone1970.tab", encoding="utf-8"):
    if not line.startswith("#"):
        names.add(line.split("\t")[2].split("/")[-1].replace("_", " "))
out = set()
for n in names:
    n = re.sub(r"\s*\(.*?\)|\s*\[.*?\]", "", n).strip()
    if "," in n or not re.fullmatch(r"[^\W\d_]+(?:[ '’-][^\W\d_]+){0,3}", n):
        continue
    low = n.lower()
    parts = re.split(r"[ '’-]", low)
    if len(low) < 4 or all(w in skip or w in GENERIC for w in parts):
        continue
    out.add(low)
with open(R + "locations-iso.txt", "w", encoding="utf-8") as f:
    f.write("\n".join(sorted(out)) + "\n")
print(len(out), "places")
