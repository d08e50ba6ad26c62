#!/usr/bin/env python3
"""Writes src/test/resources/redaction/national-ids.tsv: a labelled multi-country identifier set.

Each identifier is made here from its published specification (check digits computed by this script's
own implementation, independent of the Java validators it is used to score) and planted in a sentence,
in several languages, with and without context words; negatives are numbers that must stay: bare
nine-digit numbers without context, identifiers with a wrong check digit, impossible dates, order and
phone numbers. Seeded: the same file every run.

Columns: id, scheme, type (the expected entity type, or NONE), text, value (the labelled substring of
text, empty for NONE). Usage: scripts/national-ids-set.py [out.tsv]
"""
import random
import sys
import datetime

R = random.Random(15)


def digits(n):
    return "".join(str(R.randrange(10)) for _ in range(n))


def rand_date(y0=1940, y1=2015):
    d = datetime.date(y0, 1, 1) + datetime.timedelta(days=R.randrange((y1 - y0) * 365))
    return d


def luhn_check(body):
    total = 0
    for i, c in enumerate(reversed(body)):
        v = int(c) * (2 if i % 2 == 0 else 1)
        total += v - 9 if v > 9 else v
    return str((10 - total % 10) % 10)


# --- one maker per identifier, from its specification ------------------------------------------

def nino():
    first = R.choice("ABCEGHJKLMNPRSTWXYZ")
    second = R.choice("ABCEGHJKLMNPRSTWXYZ")
    while first + second in ("BG", "GB", "KN", "NK", "NT", "TN", "ZZ"):
        second = R.choice("ABCEGHJKLMNPRSTWXYZ")
    d = digits(6)
    s = R.choice("ABCD")
    return R.choice([f"{first}{second}{d}{s}", f"{first}{second} {d[:2]} {d[2:4]} {d[4:]} {s}"])


def nhs():
    while True:
        d = digits(9)
        c = 11 - sum(int(x) * (10 - i) for i, x in enumerate(d)) % 11
        c = 0 if c == 11 else c
        if c != 10:
            n = d + str(c)
            return R.choice([n, f"{n[:3]} {n[3:6]} {n[6:]}"])


def nir():
    sex = R.choice("12")
    dt = rand_date()
    dept = R.choice(["75", "13", "69", "2A", "2B", "59", "33", "06"])
    body = f"{sex}{dt.year % 100:02d}{dt.month:02d}{dept}{digits(3)}{digits(3)}"
    n = int(body.replace("2A", "19").replace("2B", "18"))
    key = f"{97 - n % 97:02d}"
    full = body + key
    return R.choice([full, f"{full[0]} {full[1:3]} {full[3:5]} {full[5:7]} {full[7:10]} {full[10:13]} {full[13:]}"])


def steuer():
    while True:
        ds = list("0123456789")
        R.shuffle(ds)
        first10 = ds[:9]
        if first10[0] == "0":
            continue
        first10.insert(R.randrange(1, 10), R.choice(first10))  # one digit twice
        s = "".join(first10)
        p = 10
        for c in s:
            x = (int(c) + p) % 10 or 10
            p = x * 2 % 11
        c = 11 - p
        c = 0 if c == 10 else c
        n = s + str(c)
        return R.choice([n, f"{n[:2]} {n[2:5]} {n[5:8]} {n[8:]}"])


ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]


def codice_fiscale():
    letters = "".join(R.choice("BCDFGLMNPRSTVZ") for _ in range(3)) + "".join(
        R.choice("BCDFGLMNPRSTVZAEIOU") for _ in range(3))
    dt = rand_date()
    day = dt.day + R.choice([0, 40])
    s = f"{letters}{dt.year % 100:02d}{'ABCDEHLMPRST'[dt.month - 1]}{day:02d}{R.choice('ABCDEFGHLM')}{digits(3)}"
    t = 0
    for i, c in enumerate(s):
        v = int(c) if c.isdigit() else ord(c) - 65
        t += ODD[v] if i % 2 == 0 else v
    return s + chr(65 + t % 26)


DNI = "TRWAGMYFPDXBNJZSQVHLCKE"


def dni():
    n = digits(8)
    return R.choice([f"{n}{DNI[int(n) % 23]}", f"{n}-{DNI[int(n) % 23]}"])


def nie():
    p = R.choice("XYZ")
    n = digits(7)
    return f"{p}{n}{DNI[int(str('XYZ'.index(p)) + n) % 23]}"


def nif_pt():
    while True:
        d = R.choice("12356") + digits(7)
        c = 11 - sum(int(x) * (9 - i) for i, x in enumerate(d)) % 11
        c = 0 if c >= 10 else c
        return d + str(c)


def bsn():
    while True:
        d = digits(8)
        t = sum(int(x) * (9 - i) for i, x in enumerate(d))
        c = t % 11
        if c < 10 and t != 0:
            return d + str(c)


def be_nn():
    dt = rand_date(1950, 2015)
    serial = f"{R.randrange(1, 998):03d}"
    nine = f"{dt.year % 100:02d}{dt.month:02d}{dt.day:02d}{serial}"
    n = int(nine) + (2000000000 if dt.year >= 2000 else 0)
    c = f"{97 - n % 97:02d}"
    return f"{nine[:2]}.{nine[2:4]}.{nine[4:6]}-{nine[6:]}.{c}"


def personnummer():
    dt = rand_date()
    body = f"{dt.year % 100:02d}{dt.month:02d}{dt.day:02d}{digits(3)}"
    n = body + luhn_check(body)
    return R.choice([f"{n[:6]}-{n[6:]}", f"{dt.year // 100}{n[:6]}-{n[6:]}"])


def cpr():
    dt = rand_date()
    return f"{dt.day:02d}{dt.month:02d}{dt.year % 100:02d}-{digits(4)}"


def fnr():
    while True:
        dt = rand_date()
        base = f"{dt.day:02d}{dt.month:02d}{dt.year % 100:02d}{digits(3)}"
        w1 = [3, 7, 6, 1, 8, 9, 4, 5, 2]
        k1 = 11 - sum(int(a) * b for a, b in zip(base, w1)) % 11
        k1 = 0 if k1 == 11 else k1
        if k1 == 10:
            continue
        base += str(k1)
        w2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]
        k2 = 11 - sum(int(a) * b for a, b in zip(base, w2)) % 11
        k2 = 0 if k2 == 11 else k2
        if k2 == 10:
            continue
        return base + str(k2)


def hetu():
    dt = rand_date(1930, 2015)
    sign = "-" if dt.year < 2000 else "A"
    z = f"{R.randrange(2, 900):03d}"
    n = int(f"{dt.day:02d}{dt.month:02d}{dt.year % 100:02d}{z}")
    return f"{dt.day:02d}{dt.month:02d}{dt.year % 100:02d}{sign}{z}{'0123456789ABCDEFHJKLMNPRSTUVWXY'[n % 31]}"


def pesel():
    dt = rand_date(1930, 2015)
    month = dt.month + (20 if dt.year >= 2000 else 0)
    s = f"{dt.year % 100:02d}{month:02d}{dt.day:02d}{digits(4)}"
    w = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3]
    return s + str((10 - sum(int(a) * b for a, b in zip(s, w)) % 10) % 10)


def cpf():
    d = [R.randrange(10) for _ in range(9)]
    for k in (9, 10):
        d.append(sum(d[i] * (k + 1 - i) for i in range(k)) * 10 % 11 % 10)
    s = "".join(map(str, d))
    return R.choice([f"{s[:3]}.{s[3:6]}.{s[6:9]}-{s[9:]}", s])


def sin():
    body = R.choice("1234567") + digits(7)
    n = body + luhn_check(body)
    return R.choice([f"{n[:3]} {n[3:6]} {n[6:]}", f"{n[:3]}-{n[3:6]}-{n[6:]}", n])


def tfn():
    w = [1, 4, 3, 7, 5, 8, 6, 9, 10]
    while True:
        d = digits(8)
        t = sum(int(a) * b for a, b in zip(d, w))
        for last in range(10):
            if (t + last * 10) % 11 == 0:
                n = d + str(last)
                return R.choice([f"{n[:3]} {n[3:6]} {n[6:]}", n])


VD = [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5], [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
      [3, 4, 0, 1, 2, 8, 9, 5, 6, 7], [4, 0, 1, 2, 3, 9, 5, 6, 7, 8], [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
      [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3], [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
      [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]]
VP = [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4], [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
      [8, 9, 1, 6, 0, 4, 3, 5, 2, 7], [9, 4, 5, 3, 1, 2, 6, 8, 7, 0], [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
      [2, 7, 9, 3, 8, 0, 6, 4, 1, 5], [7, 0, 4, 6, 9, 1, 3, 2, 5, 8]]
VINV = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9]


def aadhaar():
    body = R.choice("23456789") + digits(10)
    c = 0
    for i, ch in enumerate(reversed(body)):
        c = VD[c][VP[(i + 1) % 8][int(ch)]]
    n = body + str(VINV[c])
    return R.choice([f"{n[:4]} {n[4:8]} {n[8:]}", n])


def pan():
    return ("".join(R.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(3)) + R.choice("PCHFATBLJG")
            + R.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") + digits(4) + R.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))


def nric():
    p = R.choice("STFG")
    d = digits(7)
    t = (4 if p in "TG" else 0) + sum(int(a) * b for a, b in zip(d, [2, 7, 6, 5, 4, 3, 2]))
    return p + d + ("JZIHGFEDCBA" if p in "ST" else "XWUTRQPNMLK")[t % 11]


def fin_m(rng):
    """SG FIN, M series (issued from 2022), by ICA's steps: a) weights 2 7 6 5 4 3 2 over the seven
    digits, b) their sum S1 plus three, c) R1 = S1 mod 11, d) P = 11 - R1, and the check letter is the
    P-th of KLJNPQRTUWX (counting from 1)."""
    d = "".join(rng.choice("0123456789") for _ in range(7))
    s1 = sum(int(a) * b for a, b in zip(d, [2, 7, 6, 5, 4, 3, 2])) + 3
    p = 11 - s1 % 11
    return "M" + d + "KLJNPQRTUWX"[p - 1]


def fin_m_rows():
    """M-series rows, appended after the others with a random stream of their own, so that adding
    them changed no earlier row: ICA's worked example M1234567K, generated ones in context and bare,
    and wrong check letters (M1234567L, and letters off the M table)."""
    rng = random.Random(2022)
    rows = [("sg-nric", "NATIONAL_ID", "FIN M1234567K", "M1234567K")]
    for i in range(15):
        v = fin_m(rng)
        text = rng.choice(BARE if i % 3 == 2 else ["NRIC {v}", "NRIC/FIN: {v}", "FIN {v} on the work pass"]).format(v=v)
        rows.append(("sg-nric", "NATIONAL_ID", text, v))
    rows.append(("bad-check", "NONE", "Reference M1234567L closed", ""))
    for _ in range(7):
        v = fin_m(rng)
        wrong = rng.choice([c for c in "KLJNPQRTUWX" if c != v[-1]])
        rows.append(("bad-check", "NONE", f"Reference {v[:-1] + wrong} closed", ""))
    return rows


def passport():
    return R.choice([digits(9), R.choice("CFGHJK") + "".join(R.choice("0123456789CFGHJKLMNPRTVWXYZ") for _ in range(8)),
                     digits(2) + R.choice(["AB", "CD", "EF"]) + digits(5)])


def licence():
    return R.choice(["".join(R.choice("ABCDEFGHJKLMNOPRSTW") for _ in range(5)) + digits(6) + "SM9IJ",
                     R.choice("ABDFGKLMNPRSTW") + digits(7), digits(3) + "-" + digits(3) + "-" + digits(3)])


# scheme -> (maker, type, sentences with context, whether it is found without context)
SCHEMES = {
    "uk-nino": (nino, "NATIONAL_ID", ["Her National Insurance number is {v}.", "NI no: {v}", "NINO {v} on file"], True),
    "uk-nhs": (nhs, "NATIONAL_ID", ["NHS number {v}", "Patient NHS no. {v} seen today"], False),
    "fr-nir": (nir, "NATIONAL_ID", ["Numéro de sécurité sociale : {v}", "NIR {v}", "n° INSEE {v}"], True),
    "de-steuer-id": (steuer, "NATIONAL_ID", ["Steuer-ID: {v}", "Ihre Steueridentifikationsnummer lautet {v}."], False),
    "it-codice-fiscale": (codice_fiscale, "NATIONAL_ID", ["Codice fiscale: {v}", "CF {v}"], True),
    "es-dni": (dni, "NATIONAL_ID", ["DNI {v}", "Documento de identidad: {v}"], True),
    "es-nie": (nie, "NATIONAL_ID", ["NIE: {v}", "número de identidad de extranjero {v}"], True),
    "pt-nif": (nif_pt, "NATIONAL_ID", ["NIF {v}", "Número de contribuinte: {v}"], False),
    "nl-bsn": (bsn, "NATIONAL_ID", ["BSN: {v}", "burgerservicenummer {v}"], False),
    "be-national-number": (be_nn, "NATIONAL_ID", ["Rijksregisternummer {v}", "numéro national {v}"], True),
    "se-personnummer": (personnummer, "NATIONAL_ID", ["Personnummer: {v}", "pnr {v}"], True),
    "dk-cpr": (cpr, "NATIONAL_ID", ["CPR-nr. {v}", "CPR nummer: {v}"], False),
    "no-fodselsnummer": (fnr, "NATIONAL_ID", ["Fødselsnummer {v}", "fnr: {v}"], True),
    "fi-hetu": (hetu, "NATIONAL_ID", ["Henkilötunnus {v}", "HETU: {v}"], True),
    "pl-pesel": (pesel, "NATIONAL_ID", ["PESEL: {v}", "numer PESEL {v}"], False),
    "br-cpf": (cpf, "NATIONAL_ID", ["CPF {v}", "Cadastro de Pessoas Físicas: {v}"], False),
    "ca-sin": (sin, "NATIONAL_ID", ["SIN: {v}", "Social Insurance Number {v}"], False),
    "au-tfn": (tfn, "NATIONAL_ID", ["TFN {v}", "Tax File Number: {v}"], False),
    "in-aadhaar": (aadhaar, "NATIONAL_ID", ["Aadhaar {v}", "Aadhaar no: {v}"], False),
    "in-pan": (pan, "NATIONAL_ID", ["PAN: {v}", "PAN card {v}"], False),
    "sg-nric": (nric, "NATIONAL_ID", ["NRIC {v}", "NRIC/FIN: {v}"], True),
    "passport": (passport, "PASSPORT", ["Passport number: {v}", "numéro de passeport {v}", "Reisepass Nr. {v}"], False),
    "driving-licence": (licence, "DRIVING_LICENCE", ["Driving licence {v}", "Führerschein-Nr. {v}", "permis de conduire {v}"], False),
}

BARE = ["Reference {v} closed.", "{v}", "The value was {v} yesterday.", "see {v}"]


def negatives():
    out = []
    for _ in range(40):  # nine digits, no context, no check asked
        out.append(("bare-9-digits", R.choice(["Order {v} shipped.", "Ticket {v} closed", "{v}", "qty 3, ref {v}"]).format(v=digits(9))))
    for _ in range(20):
        out.append(("phone", R.choice(["call +44 20 {a} {b}", "tel. 06 {c} {d} {e} {f}"]).format(
            a=digits(4), b=digits(4), c=digits(2), d=digits(2), e=digits(2), f=digits(2))))
    for _ in range(20):
        out.append(("order-number", "Invoice {v} paid".format(v=digits(R.choice([10, 11, 12])))))
    for _ in range(20):  # wrong check digit of a strong identifier
        v = R.choice([nino, codice_fiscale, hetu, nric, dni])()
        last = v[-1]
        bad = v[:-1] + (chr(ord(last) + 1) if last not in "9ZD" else ("0" if last == "9" else "A"))
        if last in "ABCD" and v[0].isalpha() and len(v.replace(" ", "")) == 9 and v[2].isdigit():
            bad = v[:-1] + "E"  # NINO suffix beyond D
        out.append(("bad-check", f"Reference {bad} closed"))
    for _ in range(20):  # an impossible date in a date-based id
        out.append(("bad-date", f"Personnummer 99{R.randrange(13, 19)}{R.randrange(32, 40)}-{digits(4)}"))
    return out


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "src/test/resources/redaction/national-ids.tsv"
    rows = []
    for scheme, (make, typ, sentences, bare) in SCHEMES.items():
        for i in range(24):
            v = make()
            if bare and i % 3 == 2:
                text = R.choice(BARE).format(v=v)
            else:
                text = R.choice(sentences).format(v=v)
            rows.append((scheme, typ, text, v))
    for scheme, text in negatives():
        rows.append((scheme, "NONE", text, ""))
    rows.extend(fin_m_rows())
    with open(path, "w", encoding="utf-8") as f:
        f.write("# Labelled national identifiers built by scripts/national-ids-set.py from the specifications.\n")
        f.write("id\tscheme\ttype\ttext\tvalue\n")
        for n, (scheme, typ, text, v) in enumerate(rows, 1):
            assert "\t" not in text and (not v or v in text)
            f.write(f"{n}\t{scheme}\t{typ}\t{text}\t{v}\n")
    print(f"{len(rows)} rows -> {path}")


if __name__ == "__main__":
    main()
