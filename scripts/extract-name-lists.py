#!/usr/bin/env python3
"""Extracts the PERSON/LOCATION dictionaries of the redaction stage from the YAML resources of
net.datafaker:datafaker (Apache-2.0), so that no Faker code runs in the service.

Usage: scripts/extract-name-lists.py path/to/datafaker-2.7.0.jar
Writes src/main/resources/redact/{first-names,last-names,locations,street-suffixes,common-words}.txt:
one entry a line, lower-cased, sorted. Template entries (#{...}) are skipped.
"""
import io, re, sys, zipfile
from pathlib import Path
import yaml

OUT = Path(__file__).resolve().parent.parent / "src/main/resources/redact"
FIRST = {"first_name", "female_first_name", "male_first_name", "woman_first_name", "man_first_name",
         "male_middle_name", "female_middle_name", "female_english_name", "male_english_name"}
LAST = {"last_name", "male_last_name", "female_last_name", "man_last_name", "woman_last_name", "last_name_base"}
PLACES = {"city", "city_name", "cities", "city_names", "country", "state", "province", "county",
          "municipality", "default_country", "region", "district_names", "village"}
SUFFIXES = {"street_suffix"}


def walk(node, path=()):
    if isinstance(node, dict):
        for k, v in node.items():
            yield from walk(v, path + (str(k),))
    elif isinstance(node, list):
        yield path, node


def clean(v):
    if not isinstance(v, str) or "#{" in v or "#" in v:
        return None
    v = re.sub(r"\s+", " ", v.strip()).lower()
    # letters of any script, with inner spaces, hyphens, apostrophes and dots (St. Louis)
    if not v or not re.fullmatch(r"[^\W\d_][\w'’.\- ]*", v) or any(c.isdigit() for c in v):
        return None
    return v


def main(jar):
    sets = {k: set() for k in ("first", "last", "places", "suffixes", "words")}
    with zipfile.ZipFile(jar) as z:
        for name in z.namelist():
            if not name.endswith(".yml"):
                continue
            try:
                doc = yaml.safe_load(io.TextIOWrapper(z.open(name), encoding="utf-8"))
            except yaml.YAMLError:
                continue
            for path, values in walk(doc):
                if len(path) < 4 or path[1] != "faker":
                    continue
                group, key = path[2], path[3]
                target = None
                if group == "name" and key in FIRST:
                    target = "first"
                elif group == "name" and key in LAST:
                    target = "last"
                elif group == "address" and key in PLACES:
                    target = "places"
                elif group == "address" and key in SUFFIXES:
                    target = "suffixes"
                elif name == "en/words.yml" or (name == "en/verbs.yml"):
                    target = "words"
                if target:
                    for v in values:
                        c = clean(v)
                        if c:
                            sets[target].add(c)
    OUT.mkdir(parents=True, exist_ok=True)
    files = {"first": "first-names.txt", "last": "last-names.txt", "places": "locations.txt",
             "suffixes": "street-suffixes.txt", "words": "common-words.txt"}
    for k, f in files.items():
        (OUT / f).write_text("\n".join(sorted(sets[k])) + "\n", encoding="utf-8")
        print(f, len(sets[k]))


if __name__ == "__main__":
    main(sys.argv[1])
