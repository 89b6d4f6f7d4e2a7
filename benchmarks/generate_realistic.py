#!/usr/bin/env python3
"""Writes realistic MCA cases as NDJSON on standard output, one case a line (the `realistic`
profile of eval_throughput.sh; the `scenarios` profile is generate_cases.sh).

The shape is the one issue 20 describes from real traffic: cases of a few hundred bytes to about
2 KB, 0-3 confirmations on file, names in many scripts (some lines escape them as `\\u`), one to
three decisions asked, and a share of lines that do not fit the input schema, of several kinds.
Values are drawn from pools that repeat the way real data does (a partner has many customers,
countries follow a skewed mix over the whole of rules/mca/countries.yaml), so that outcomes vary.

Every line N (1-based) whose case carries an id has the id `cN-XXXXXXXX`: a checker can tell that
records come back in order; a line whose id cannot be read gets the id `N` from clause eval.

Usage: benchmarks/generate_realistic.py [--cases N] [--seed S] [--invalid FRACTION]
The same seed and arguments give the same bytes (Python 3's `random` is stable across versions
for the calls used here).
"""
import argparse
import datetime
import json
import os
import random
import re
import sys

MCA_TEMPLATE = "117a77b0-9360-443b-8795-c6dedc750cf9"
CLOUD_TEMPLATE = "998b88de-aa99-4388-a42c-1b3517d49490"
MCA_TYPE = "MicrosoftCustomerAgreement"
CLOUD_TYPE = "MicrosoftCloudAgreement"

# Latin names with and without accents; the accented ones count as non-ASCII.
ASCII_FIRST = ["Ingrid", "James", "Maria", "Chen", "Olivia", "Liam", "Emma", "Noah", "Ava",
               "Lucas", "Sofia", "Mateo", "Hannah", "Daniel", "Priya", "Arjun", "Fatima",
               "Omar", "Yuki", "Kenji", "Anna", "Peter", "Laura", "David", "Sarah", "Michael",
               "Elena", "Marco", "Julia", "Thomas", "Nina", "Samuel", "Grace", "Ethan", "Chloe",
               "Aisha", "Mohammed", "Wei", "Min-jun", "Ji-woo", "Lars", "Astrid", "Pieter"]
ASCII_LAST = ["Nakamura", "Smith", "Johnson", "Garcia", "Miller", "Davis", "Rodriguez",
              "Martinez", "Anderson", "Taylor", "Thomas", "Moore", "Jackson", "Martin", "Lee",
              "Thompson", "White", "Harris", "Clark", "Lewis", "Walker", "Hall", "Young",
              "Patel", "Singh", "Kim", "Park", "Wang", "Li", "Zhang", "Tanaka", "Suzuki",
              "Johansson", "Andersson", "Schmidt", "Schneider", "Rossi", "Bianchi", "Dubois",
              "van der Berg", "O'Connor", "MacDonald", "Kowalski", "Novak", "Silva", "Santos"]
# (first, last, email local part): a real contact's email is ASCII whatever the name.
NON_ASCII = [
    ("José", "Núñez", "jose.nunez"), ("François", "Lefèvre", "f.lefevre"),
    ("Björn", "Ångström", "bjorn.angstrom"), ("Søren", "Kierkegård", "soren.k"),
    ("Jürgen", "Müller", "juergen.mueller"), ("Zoë", "Brontë", "zoe.bronte"),
    ("Łukasz", "Wiśniewski", "lukasz.w"), ("Dvořák", "Antonín", "a.dvorak"),
    ("Çağlar", "Şahin", "caglar.sahin"), ("Ioana", "Popescu-Ţepeş", "ioana.p"),
    ("Renée", "Côté", "renee.cote"), ("João", "Gonçalves", "joao.goncalves"),
    ("Siobhán", "Ó Briain", "siobhan.obriain"), ("Árni", "Þórsson", "arni.t"),
    ("山田", "太郎", "t.yamada"), ("佐藤", "花子", "hanako.sato"), ("𠮷田", "一郎", "i.yoshida"),
    ("王", "伟", "wang.wei"), ("李", "娜", "li.na"), ("陳", "美玲", "meiling.chen"),
    ("김", "민준", "minjun.kim"), ("이", "서연", "seoyeon.lee"), ("박", "지훈", "jihoon.park"),
    ("Иван", "Петров", "ivan.petrov"), ("Ольга", "Смирнова", "olga.s"),
    ("Дмитрий", "Иванов", "d.ivanov"), ("Олена", "Шевченко", "olena.sh"),
    ("Γιώργος", "Παπαδόπουλος", "g.papadopoulos"), ("محمد", "العلي", "m.alali"),
    ("דוד", "כהן", "david.cohen"), ("Nguyễn", "Văn An", "an.nguyen"),
    ("สมชาย", "ใจดี", "somchai.j"), ("राहुल", "शर्मा", "rahul.sharma"),
]
ASCII_COMPANY = ["Contoso", "Fabrikam", "Northwind Traders", "Adventure Works", "Tailspin Toys",
                 "Wide World Importers", "Litware", "Proseware", "Woodgrove Bank",
                 "Alpine Ski House",
                 "Coho Winery", "Blue Yonder Airlines", "Fourth Coffee", "Lucerne Publishing",
                 "Margie's Travel", "Trey Research", "Wingtip Toys", "Humongous Insurance"]
NON_ASCII_COMPANY = ["Café Größe GmbH", "Société Générale Éditions", "Ångströms Bygg AB",
                     "株式会社コントソ", "北風貿易有限公司", "주식회사 파브리캄", "ООО «Контосо»",
                     "Øresund Ærø ApS", "Łódź Software sp. z o.o.", "Señor Niño S.L.",
                     "Ελληνική Λύση Α.Ε.", "Türkiye Yazılım A.Ş."]
DOMAINS = ["contoso.example", "fabrikam.example", "northwind.example", "adatum.example",
           "litware.example", "proseware.example", "woodgrove.example", "tailspin.example",
           "onmicrosoft.example", "wingtip.example", "lucerne.example", "coho.example"]
BAD_EMAILS = ["ingrid@contoso", "no-at-sign.example", "two@@example.com", "a b@contoso.example",
              "@contoso.example", "ingrid@contoso..example"]

ROLES = ["AdminAgent", "SalesAgent", "GlobalAdmin", "HelpdeskAgent", "BillingAdmin",
         "UserManagementAdmin"]
ROLE_WEIGHTS = [55, 25, 9, 5, 3, 3]
CHANNELS = ["UI", "API", "PowerShell", "BulkTool"]
CHANNEL_WEIGHTS = [45, 35, 8, 12]
PURCHASE_KINDS = ["NewOrder", "SeatIncrease", "SeatDecrease", "ManualRenewal", "AutoRenewal"]
PURCHASE_WEIGHTS = [35, 25, 8, 7, 25]
INTENTS = ["NewPurchaseExistingPartner", "NewPartnerRelationship", "FirstAcceptance"]
INTENT_WEIGHTS = [45, 25, 30]
CATEGORIES = ["Offer", "Software", "SoftwareSubscription", "ReservedInstance", "AzurePlan"]
LOCALES = ["en-US", "en-GB", "ja-JP", "ko-KR", "zh-TW", "sv-SE", "de-DE", "fr-FR", "es-ES",
           "pt-BR", "ja", "sv", "zh-CN", "nl-NL"]
# Countries where Partner Center has most customers, then the whole table.
BUSY_COUNTRIES = ["US", "GB", "DE", "JP", "FR", "CA", "AU", "NL", "SE", "BR", "IN", "ES", "IT",
                  "KR", "TW", "MX", "CH", "NO", "DK", "PL", "BE", "AT", "NZ", "SG", "CN"]

# Which decisions a case asks for, and how often: attest then buy, read the document then attest,
# check the status before a purchase... (weights per mille; the mean is about 1.8 decisions).
SECTION_MIXES = [
    (("agreement", "purchase"), 200), (("agreement",), 100), (("purchase",), 100),
    (("templateRequest", "agreement"), 120), (("statusRequest", "purchase"), 90),
    (("statusRequest",), 50), (("templateRequest",), 40), (("directAcceptance",), 50),
    (("templateRequest", "agreement", "purchase"), 90),
    (("statusRequest", "agreement", "purchase"), 60), (("directAcceptance", "statusRequest"), 30),
    (("purchase", "directAcceptance"), 30), (("agreement", "purchase", "directAcceptance",
                                              "templateRequest", "statusRequest"), 10),
    (("statusRequest", "templateRequest"), 20), ((), 10),
]

# Invalid kinds kept: each is an input error per the contract (section 1, "Reading a case", and
# section 5), so each line must come back as exactly one error record. Unknown members are not
# among them (the contract ignores unknown keys), nor are keys given twice (the contract does not
# say; see benchmarks/README.md).
INVALID_KINDS = ["wrong_type", "unknown_enum", "missing_field", "bad_date", "malformed_json",
                 "invalid_utf8"]
# The kinds whose line is still a JSON text: the only ones a JSON array of the cases can hold
# (one malformed element makes the whole array one error record).
TEXT_KEEPING_KINDS = INVALID_KINDS[:4]


def expand(values, weights):
    return [v for v, w in zip(values, weights) for _ in range(w)]


def load_countries(path):
    countries = {}
    pattern = re.compile(r'^  "([A-Z]{2})": \{name: .*, languages: \[([^\]]*)\]\}')
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = pattern.match(line)
            if m:
                countries[m.group(1)] = [s.strip() for s in m.group(2).split(",")]
    if len(countries) < 200:
        sys.exit("%s: expected the 246 countries, read %d" % (path, len(countries)))
    return countries


class Generator:
    def __init__(self, seed, invalid_share, countries, kinds=INVALID_KINDS):
        self.rng = rng = random.Random(seed)
        self.r = r = rng.random
        self.ch = ch = lambda seq: seq[int(r() * len(seq))]
        self.below = below = lambda n: int(r() * n)
        self.invalid_share = invalid_share
        self.kinds = kinds
        self.invalid_count = 0
        self.non_ascii_count = 0
        self.guid = lambda: "%08x-%04x-4%03x-%04x-%012x" % (
            rng.getrandbits(32), rng.getrandbits(16), rng.getrandbits(12),
            0x8000 | rng.getrandbits(14), rng.getrandbits(48))
        # A partner has many customers: partners and providers repeat, customers mostly do not.
        self.partners = [self.guid() for _ in range(600)]
        self.providers = [self.guid() for _ in range(40)]
        self.countries = countries
        codes = sorted(countries)
        busy = [c for c in BUSY_COUNTRIES if c in countries]
        # Most customers in the busy countries, a long tail over the whole table.
        self.country_pool = busy * 24 + [c for c in busy[:5]] * 30 + codes
        self.all_languages = sorted({l for ls in countries.values() for l in ls})
        # Acceptance dates: the MCA started in CSP on 2019-10-01; `now` is within 2024-2025.
        self.day0 = datetime.date(2018, 1, 1).toordinal()
        self.days = [datetime.date.fromordinal(self.day0 + i).isoformat() for i in range(3650)]
        self.now_first = datetime.date(2024, 1, 1).toordinal() - self.day0
        # Weighted picks as uniform picks from expanded lists: `random.choices` costs several
        # times as much, and the generator has to make a million cases quickly.
        self.mixes = [mix for mix, weight in SECTION_MIXES for _ in range(weight)]
        self.roles = expand(ROLES, ROLE_WEIGHTS)
        self.channels = expand(CHANNELS, CHANNEL_WEIGHTS)
        self.purchase_kinds = expand(PURCHASE_KINDS, PURCHASE_WEIGHTS)
        self.intents = expand(INTENTS, INTENT_WEIGHTS)
        # Pools of contacts and clock times drawn once: far fewer random draws a case, and
        # contacts recur across a partner's customers anyway.
        self.ascii_contacts = [self.make_contact(False) for _ in range(4096)]
        self.non_ascii_contacts = [self.make_contact(True) for _ in range(2048)]
        self.date_suffixes = [self.date_suffix() for _ in range(4096)]
        self.clock_times = ["T%02d:%02d:%02dZ" % (below(24), below(60), below(60))
                            for _ in range(4096)]

    def datetime_text(self, day):
        """An acceptance date as hosts write it: a date, or a datetime in one of several forms."""
        return self.days[day] + self.ch(self.date_suffixes)

    def date_suffix(self):
        r, ch, below = self.r, self.ch, self.below
        form = r()
        if form < 0.3:
            return ""
        t = "T%02d:%02d:%02d" % (below(24), below(60), below(60))
        if form < 0.75:
            return t + "Z"
        if form < 0.85:
            return t + ".%03dZ" % below(1000)
        if form < 0.95:
            return t + ch(["+02:00", "-05:00", "+09:00", "+05:30", "-08:00"])
        return t

    def contact(self, non_ascii):
        return dict(self.ch(self.non_ascii_contacts if non_ascii else self.ascii_contacts))

    def make_contact(self, non_ascii):
        r, ch, below = self.r, self.ch, self.below
        if non_ascii:
            first, last, local = ch(NON_ASCII)
        else:
            first, last = ch(ASCII_FIRST), ch(ASCII_LAST)
            local = (first[0] + "." + last if r() < 0.4 else first + "." + last)
            local = local.lower().replace(" ", "").replace("'", "")
        c = {"firstName": first, "lastName": last, "email": local + "@" + ch(DOMAINS)}
        if r() < 0.3:
            c["phoneNumber"] = "+%d %03d %03d %04d" % (
                ch([1, 44, 49, 81, 46, 33, 61]), below(1000), below(1000), below(10000))
        return c

    def record_on_file(self, partner, provider, today, non_ascii):
        """A confirmation already on record (GET .../agreements): mostly MCAs by this partner."""
        r, ch, below = self.r, self.ch, self.below
        rec = {"primaryContact": self.contact(non_ascii)}
        cloud = r() < 0.12
        rec["templateId"] = CLOUD_TEMPLATE if cloud else MCA_TEMPLATE
        first = self.now_first - 640 if not cloud else 0  # MCAs from 2022, cloud ones from 2018
        rec["dateAgreed"] = self.datetime_text(first + below(today - first))
        if r() < 0.7:
            rec["type"] = CLOUD_TYPE if cloud else MCA_TYPE
        who = r()
        if who < 0.55:
            rec["partnerTenantId"] = partner if r() < 0.8 else partner.upper()
        elif who < 0.7 and provider:
            rec["partnerTenantId"] = provider
        elif who < 0.9:
            rec["partnerTenantId"] = ch(self.partners)
        return rec

    def case(self, n):
        rng, r, ch, below = self.rng, self.r, self.ch, self.below
        non_ascii = r() < 0.28
        today = self.now_first + below(540)
        c = {"id": "c%d-%08x" % (n, rng.getrandbits(32))}
        c["now"] = self.days[today] + ch(self.clock_times)
        if r() < 0.4:
            c["locale"] = ch(LOCALES)
        if r() < 0.06:
            p = r()
            if p < 0.4:
                c["params"] = {"attestArticleRoles": True}
            elif p < 0.7:
                c["params"] = {"futureGranularity": "instant"}
            else:
                c["params"] = {"minimumAcceptedOn": self.days[self.now_first - below(900)]}

        partner_id = ch(self.partners)
        t = r()
        ptype = "DirectBill" if t < 0.5 else "IndirectProvider" if t < 0.88 else "IndirectReseller"
        partner = {"tenantId": partner_id, "type": ptype}
        provider = None
        if ptype == "IndirectReseller" and r() < 0.9:
            provider = ch(self.providers)
            partner["providerTenantId"] = provider
        cl = r()
        if cl < 0.02:
            partner["cloud"] = ch(["China21Vianet", "USGov", "Germany"])
        elif cl < 0.15:
            partner["cloud"] = "Public"
        if r() < 0.1:
            partner["environment"] = "Sandbox" if r() < 0.3 else "Production"
        c["partner"] = partner

        roles = [ch(self.roles)]
        if r() < 0.3:
            other = ch(self.roles)
            if other != roles[0]:
                roles.append(other)
        actor = {"roles": roles, "channel": ch(self.channels)}
        if r() < 0.08:
            actor["auth"] = "AppOnly" if r() < 0.4 else "AppUser"
        if r() < 0.15:
            actor["mfa"] = r() < 0.6
        c["actor"] = actor

        tenant = self.guid()
        g = r()
        if g < 0.1:
            tenant = tenant.upper()
        elif g < 0.115:
            tenant = ch(["contoso.onmicrosoft.com", tenant[:-1], "{" + tenant + "}",
                         tenant.replace("-", "")])
        customer = {"tenantId": tenant}
        if r() < 0.25 or non_ascii:
            customer["companyName"] = ch(NON_ASCII_COMPANY if non_ascii else ASCII_COMPANY)
        country = ch(self.country_pool)
        if r() < 0.92:
            customer["country"] = country
        if r() < 0.35:
            customer["isNew"] = r() < 0.7
        if r() < 0.12:
            customer["resellerRelationship"] = r() < 0.5
        if r() < 0.2:
            customer["directSigned"] = r() < 0.5
        if r() < 0.45:
            customer["priorPurchases"] = [
                {"category": ch(CATEGORIES)} if r() < 0.5 else
                {"category": ch(CATEGORIES), "partnerTenantId": ch(self.partners)}
                for _ in range(1 if r() < 0.7 else 2)]
        on_file = r()
        count = 0 if on_file < 0.4 else 1 if on_file < 0.72 else 2 if on_file < 0.9 else 3
        if count:
            customer["agreements"] = [self.record_on_file(partner_id, provider, today, non_ascii)
                                      for _ in range(count)]
        c["customer"] = customer

        mix = ch(self.mixes)
        for section in mix:
            if section == "agreement":
                c["agreement"] = self.agreement(c, today, non_ascii)
            elif section == "purchase":
                c["purchase"] = {"kind": ch(self.purchase_kinds)}
            elif section == "directAcceptance":
                d = {"intent": ch(self.intents)}
                if r() < 0.3:
                    d["userIsGlobalAdmin"] = r() < 0.6
                c["directAcceptance"] = d
            elif section == "templateRequest":
                c["templateRequest"] = self.template_request(country)
            else:
                c["statusRequest"] = {"kind": "Confirmation" if r() < 0.6 else
                                      "DirectSignStatus"}
        return c, non_ascii

    def agreement(self, c, today, non_ascii):
        """An attestation about to be submitted; some repeat a contact on file (DUPLICATE)."""
        r, ch, below = self.r, self.ch, self.below
        on_file = c["customer"].get("agreements")
        if on_file and r() < 0.25:
            contact = dict(ch(on_file)["primaryContact"])
        else:
            contact = self.contact(non_ascii)
        a = {"primaryContact": contact}
        e = r()
        if e < 0.02:
            contact["email"] = ch(BAD_EMAILS)
        elif e < 0.03:
            del contact["lastName"]
        t = r()
        a["templateId"] = (MCA_TEMPLATE if t < 0.95 else CLOUD_TEMPLATE if t < 0.98 else
                           self.guid())
        d = r()
        if d < 0.86:
            a["dateAgreed"] = self.datetime_text(today - below(30))
        elif d < 0.92:
            a["dateAgreed"] = self.datetime_text(today + 1 + below(60))
        elif d < 0.95:
            a["dateAgreed"] = self.datetime_text(below(600))
        elif d < 0.98:
            a["dateAgreed"] = ch(["06/10/2024", "2024-13-01", "2023-02-29", "yesterday",
                                  "2024-06-10 10:00", "1999-12-31", ""])
        ty = r()
        if ty < 0.94:
            a["type"] = CLOUD_TYPE if a["templateId"] == CLOUD_TEMPLATE else MCA_TYPE
        elif ty < 0.97:
            a["type"] = CLOUD_TYPE
        return a

    def template_request(self, country):
        r, ch = self.r, self.ch
        t = r()
        req = {"templateId": MCA_TEMPLATE if t < 0.95 else CLOUD_TEMPLATE if t < 0.98 else
               self.guid()}
        w = r()
        if w < 0.3:
            req["country"] = country
        elif w < 0.36:
            req["country"] = ch(self.country_pool)
        elif w < 0.38:
            req["country"] = ch(["XK", "EU", "us", " ", ""])
        lang = r()
        if lang < 0.45:
            req["language"] = ch(self.countries.get(country, ["en-US"]))
        elif lang < 0.6:
            req["language"] = ch(self.all_languages)
        return req

    def invalidate(self, c):
        """Makes the case not fit the input schema in one of the kept ways. Returns the kind and,
        for the kinds that break the text itself, a function of the encoded line."""
        rng, r, ch, below = self.rng, self.r, self.ch, self.below
        kind = ch(self.kinds)
        if kind == "wrong_type":
            w = below(6)
            if w == 0:
                c["actor"]["mfa"] = ch(["true", "false", 1])
            elif w == 1:
                c["actor"]["roles"] = c["actor"]["roles"][0]
            elif w == 2:
                c["customer"]["isNew"] = ch(["yes", "false", 0])
            elif w == 3:
                c["partner"]["tenantId"] = rng.getrandbits(40)
            elif w == 4:
                c["customer"]["agreements"] = {"templateId": MCA_TEMPLATE}
            else:
                c["id"] = rng.getrandbits(20)
        elif kind == "unknown_enum":
            w = below(5)
            if w == 0:
                c["partner"]["type"] = ch(["Reseller", "CSP", "directBill"])
            elif w == 1:
                c["actor"]["channel"] = ch(["Portal", "ui", "Mobile"])
            elif w == 2:
                c["actor"]["roles"] = c["actor"]["roles"] + [ch(["Owner", "adminAgent"])]
            elif w == 3:
                c["purchase"] = {"kind": ch(["Refund", "Cancel", "Upgrade"])}
            else:
                c["partner"]["cloud"] = ch(["AzureChina", "Gov", "public"])
        elif kind == "missing_field":
            w = below(5)
            if w == 0:
                del c["partner"]["tenantId"]
            elif w == 1:
                del c["actor"]["channel"]
            elif w == 2:
                del c["customer"]["tenantId"]
            elif w == 3:
                c["templateRequest"] = {"country": "US"}
            else:
                del c["partner"]
        elif kind == "bad_date":
            bad = ch(["2023-02-29T12:00:00Z", "2024-06-10t12:00:00z", "10/06/2024",
                              "2024-06-10T25:00:00Z", "2024-06-10T12:00:00+15:00", "tomorrow"])
            on_file = c["customer"].get("agreements")
            if on_file and r() < 0.5:
                ch(on_file)["dateAgreed"] = bad
            else:
                c["now"] = bad
        return kind

    def lines(self, count):
        r, ch, below = self.r, self.ch, self.below
        dumps_compact = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"),
                                         check_circular=False).encode
        dumps_spaced = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode
        dumps_escaped = json.JSONEncoder(separators=(",", ":"), check_circular=False).encode
        for n in range(1, count + 1):
            c, non_ascii = self.case(n)
            kind = None
            if r() < self.invalid_share:
                kind = self.invalidate(c)
                self.invalid_count += 1
            self.non_ascii_count += non_ascii
            if non_ascii and r() < 0.2:
                text = dumps_escaped(c)
            elif r() < 0.08:
                text = dumps_spaced(c)
            else:
                text = dumps_compact(c)
            line = text.encode("utf-8")
            if kind == "malformed_json":
                # A line cut off by a writer that died, or a hand-edited one.
                if r() < 0.7:
                    line = line[:10 + below(len(line) - 11)]
                    if line.endswith(b"\\"):
                        line = line[:-1]
                else:
                    line = line.replace(b'"partner"', b'partner', 1)
            elif kind == "invalid_utf8":
                # Latin-1 text passed through as bytes, or a stray byte, inside a name.
                at = line.find(b'"firstName"')
                if at < 0:
                    at = line.find(b'"tenantId"')
                at = line.index(b'"', line.index(b":", at)) + 1
                line = line[:at] + ch([b"Jos\xe9 ", b"M\xfcller ", b"\xff", b"\xc3("]) + \
                    line[at:]
            yield line


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=1000000)
    parser.add_argument("--seed", type=int, default=20)
    parser.add_argument("--invalid", type=float, default=0.05,
                        help="share of lines that do not fit the input schema")
    parser.add_argument("--json-lines-only", action="store_true",
                        help="invalid cases only of the kinds whose line is still JSON")
    parser.add_argument("--report", action="store_true",
                        help="write `cases N invalid K non-ascii M` on standard error at the end")
    args = parser.parse_args()
    here = os.path.dirname(os.path.abspath(__file__))
    countries = load_countries(os.path.join(here, "..", "rules", "mca", "countries.yaml"))
    gen = Generator(args.seed, args.invalid, countries,
                    TEXT_KEEPING_KINDS if args.json_lines_only else INVALID_KINDS)
    out = sys.stdout.buffer
    batch = []
    for line in gen.lines(args.cases):
        batch.append(line)
        if len(batch) == 4096:
            out.write(b"\n".join(batch) + b"\n")
            batch = []
    if batch:
        out.write(b"\n".join(batch) + b"\n")
    out.flush()
    if args.report:
        print("cases %d invalid %d non-ascii %d" % (args.cases, gen.invalid_count,
                                                   gen.non_ascii_count), file=sys.stderr)


if __name__ == "__main__":
    main()
