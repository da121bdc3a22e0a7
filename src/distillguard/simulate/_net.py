"""Networks and clients: autonomous systems, IPv4 prefixes, countries, time zones, user agents.

AS numbers and owners are real, public registrations; the address blocks given to each AS are
drawn per run from public unicast space (they are plausible, not the AS's actual allocations).
University names are invented.  Nothing here is looked up on the network.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["AS", "Internet", "SDK_AGENTS", "browser_agent", "sdk_agent"]


@dataclass(frozen=True)
class AS:
    """One autonomous system and the /16 this run gives it."""

    asn: int
    org: str
    country: str
    kind: str  # residential | mobile | cloud | hosting | corporate | university
    prefix16: tuple[int, int]

    def slash24(self, rng: np.random.Generator) -> tuple[int, int, int]:
        return (self.prefix16[0], self.prefix16[1], int(rng.random() * 256))

    def ip(self, rng: np.random.Generator) -> str:
        a, b = self.prefix16
        return f"{a}.{b}.{int(rng.random() * 256)}.{2 + int(rng.random() * 253)}"


def host(prefix24: tuple[int, int, int], rng: np.random.Generator) -> str:
    """A host address inside a /24."""
    return f"{prefix24[0]}.{prefix24[1]}.{prefix24[2]}.{2 + int(rng.random() * 253)}"


_RESIDENTIAL: tuple[tuple[int, str, str], ...] = (
    (7922, "Comcast Cable Communications, LLC", "US"),
    (20115, "Charter Communications", "US"),
    (7018, "AT&T Services, Inc.", "US"),
    (701, "Verizon Business", "US"),
    (22773, "Cox Communications Inc.", "US"),
    (812, "Rogers Communications Canada Inc.", "CA"),
    (577, "Bell Canada", "CA"),
    (3320, "Deutsche Telekom AG", "DE"),
    (3209, "Vodafone GmbH", "DE"),
    (2856, "British Telecommunications PLC", "GB"),
    (5089, "Virgin Media Limited", "GB"),
    (3215, "Orange S.A.", "FR"),
    (12322, "Free SAS", "FR"),
    (3352, "Telefonica de Espana S.A.U.", "ES"),
    (3269, "Telecom Italia S.p.A.", "IT"),
    (1136, "KPN B.V.", "NL"),
    (5617, "Orange Polska Spolka Akcyjna", "PL"),
    (55836, "Reliance Jio Infocomm Limited", "IN"),
    (24560, "Bharti Airtel Ltd.", "IN"),
    (28573, "Claro NXT Telecomunicacoes Ltda", "BR"),
    (26599, "TELEFONICA BRASIL S.A", "BR"),
    (8151, "UNINET (Telmex)", "MX"),
    (4713, "NTT Communications Corporation", "JP"),
    (2516, "KDDI CORPORATION", "JP"),
    (4766, "Korea Telecom", "KR"),
    (4134, "CHINANET-BACKBONE", "CN"),
    (12389, "PJSC Rostelecom", "RU"),
    (9121, "Turk Telekomunikasyon Anonim Sirketi", "TR"),
    (1221, "Telstra Limited", "AU"),
    (7473, "Singapore Telecommunications Ltd", "SG"),
    (7552, "Viettel Group", "VN"),
    (23693, "PT. Telekomunikasi Selular", "ID"),
    (29465, "MTN NIGERIA Communication limited", "NG"),
)
_CLOUD: tuple[tuple[int, str, str, str], ...] = (
    (16509, "Amazon.com, Inc.", "US", "cloud"),
    (14618, "Amazon.com, Inc.", "US", "cloud"),
    (396982, "Google LLC", "US", "cloud"),
    (8075, "Microsoft Corporation", "US", "cloud"),
    (31898, "Oracle Corporation", "US", "cloud"),
    (45102, "Alibaba (US) Technology Co., Ltd.", "SG", "cloud"),
    (24940, "Hetzner Online GmbH", "DE", "hosting"),
    (16276, "OVH SAS", "FR", "hosting"),
    (14061, "DigitalOcean, LLC", "US", "hosting"),
    (63949, "Akamai Connected Cloud", "US", "hosting"),
    (20473, "The Constant Company, LLC", "US", "hosting"),
    (51167, "Contabo GmbH", "DE", "hosting"),
)
#: mobile carriers (carrier-grade NAT: many subscribers behind each address; what "mobile proxy"
#: services resell, rotating the address per request)
_MOBILE: tuple[tuple[int, str, str], ...] = (
    (21928, "T-Mobile USA, Inc.", "US"),
    (6167, "Cellco Partnership DBA Verizon Wireless", "US"),
    (20057, "AT&T Mobility LLC", "US"),
    (12576, "EE Limited", "GB"),
    (25135, "Vodafone Limited", "GB"),
    (6805, "Telefonica Germany GmbH & Co.OHG", "DE"),
    (51207, "Free Mobile SAS", "FR"),
    (45609, "Bharti Airtel Ltd. AS for GPRS Service", "IN"),
    (26615, "TIM S/A", "BR"),
    (9808, "China Mobile Guangdong Mobile Communication Co.Ltd.", "CN"),
    (16135, "Turkcell Iletisim Hizmetleri A.S.", "TR"),
    (8359, "MTS PJSC", "RU"),
    (17676, "SoftBank Corp.", "JP"),
)
_CORPORATE: tuple[tuple[int, str, str], ...] = (
    (53813, "Zscaler, Inc.", "US"),
    (13335, "Cloudflare, Inc.", "US"),
    (3356, "Level 3 Parent, LLC", "US"),
    (174, "Cogent Communications", "US"),
)
_UNI_PLACES = (
    "Northfield", "Lakeshore", "Redwood", "Kingsbridge", "Eastmoor", "Harrowgate", "Pinecrest",
    "Westbrook", "Ashford", "Silverton", "Maplewood", "Fairhaven", "Stonebridge", "Riverton",
    "Oakridge", "Brookvale", "Clearwater", "Highland", "Granite State", "Bayview",
)
_UNI_FORMS = ("University of {p}", "{p} State University", "{p} Institute of Technology", "{p} University")

#: UTC offset (hours) of each country, for diurnal activity
TZ: dict[str, float] = {
    "US": -6.0, "CA": -5.0, "MX": -6.0, "BR": -3.0, "GB": 0.0, "DE": 1.0, "FR": 1.0, "ES": 1.0,
    "IT": 1.0, "NL": 1.0, "PL": 1.0, "NG": 1.0, "TR": 3.0, "RU": 3.0, "IN": 5.5, "VN": 7.0,
    "ID": 7.0, "SG": 8.0, "CN": 8.0, "JP": 9.0, "KR": 9.0, "AU": 10.0,
}
#: where chat users are (weights)
USER_COUNTRIES: dict[str, float] = {
    "US": 28, "IN": 10, "GB": 6, "DE": 6, "BR": 5, "FR": 4, "JP": 4, "CA": 4, "ES": 3, "IT": 2,
    "NL": 2, "PL": 2, "MX": 3, "KR": 2, "AU": 2, "TR": 2, "ID": 2, "VN": 2, "SG": 1, "NG": 2,
    "RU": 2, "CN": 1,
}
#: main language of each country's users
LANG: dict[str, str] = {
    "DE": "de", "FR": "fr", "ES": "es", "MX": "es", "BR": "pt", "JP": "ja", "CN": "zh", "RU": "ru",
    "IT": "it", "KR": "ko", "TR": "tr", "PL": "pl", "NL": "nl", "VN": "vi", "ID": "id",
}

SDK_AGENTS: tuple[str, ...] = (
    "OpenAI/Python {v1}", "OpenAI/Python {v1}", "OpenAI/Python {v1}", "openai-node/{v2}",
    "AsyncOpenAI/Python {v1}", "litellm/{v3}", "langchain-openai/{v4}", "python-httpx/0.{v5}",
    "python-requests/2.{v6}", "axios/1.{v7}", "Go-http-client/2.0", "okhttp/4.{v8}",
)


def sdk_agent(rng: np.random.Generator) -> str:
    """An SDK / HTTP-client user agent as API integrations send them (shared by honest and attack traffic)."""
    t = SDK_AGENTS[int(rng.random() * len(SDK_AGENTS))]
    return t.format(
        v1=f"1.{int(rng.integers(30, 62))}.{int(rng.integers(0, 9))}",
        v2=f"4.{int(rng.integers(50, 80))}.{int(rng.integers(0, 5))}",
        v3=f"1.{int(rng.integers(40, 62))}.{int(rng.integers(0, 20))}",
        v4=f"0.{int(rng.integers(1, 4))}.{int(rng.integers(0, 30))}",
        v5=f"{int(rng.integers(25, 29))}.{int(rng.integers(0, 3))}",
        v6=f"{int(rng.integers(28, 33))}.{int(rng.integers(0, 4))}",
        v7=f"{int(rng.integers(6, 8))}.{int(rng.integers(0, 9))}",
        v8=f"{int(rng.integers(9, 13))}.{int(rng.integers(0, 3))}",
    )


def browser_agent(rng: np.random.Generator) -> str:
    """A desktop or mobile browser user agent."""
    k = int(rng.choice(5, p=[0.45, 0.15, 0.12, 0.18, 0.10]))
    cv = int(rng.integers(118, 134))
    if k == 0:
        os_ = ("Windows NT 10.0; Win64; x64", "Macintosh; Intel Mac OS X 10_15_7", "X11; Linux x86_64")[int(rng.integers(3))]
        return f"Mozilla/5.0 ({os_}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{cv}.0.0.0 Safari/537.36"
    if k == 1:
        fv = int(rng.integers(120, 135))
        os_ = ("Windows NT 10.0; Win64; x64; rv:{v}.0", "X11; Linux x86_64; rv:{v}.0", "Macintosh; Intel Mac OS X 14.5; rv:{v}.0")[int(rng.integers(3))]
        return f"Mozilla/5.0 ({os_.format(v=fv)}) Gecko/20100101 Firefox/{fv}.0"
    if k == 2:
        sv = ("17.4.1", "17.5", "18.0", "18.1")[int(rng.integers(4))]
        return f"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/{sv} Safari/605.1.15"
    if k == 3:
        iv = ("17_4_1", "17_5", "18_0", "18_1")[int(rng.integers(4))]
        return f"Mozilla/5.0 (iPhone; CPU iPhone OS {iv} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/{iv.replace('_', '.')} Mobile/15E148 Safari/604.1"
    av = int(rng.integers(11, 15))
    return f"Mozilla/5.0 (Linux; Android {av}; Pixel {int(rng.integers(5, 9))}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{cv}.0.0.0 Mobile Safari/537.36"


class Internet:
    """The address plan of one simulated run: every AS gets its own /16, drawn from ``rng``.

    Examples
    --------
    >>> net = Internet(np.random.default_rng(0))
    >>> a = net.residential(np.random.default_rng(1), "DE")
    >>> a.country, a.kind
    ('DE', 'residential')
    """

    def __init__(self, rng: np.random.Generator) -> None:
        used: set[tuple[int, int]] = set()

        def p16() -> tuple[int, int]:
            while True:
                a = int(rng.integers(2, 223))
                if a in (10, 100, 127, 169, 172, 192, 198, 203):
                    continue
                b = int(rng.random() * 256)
                if (a, b) not in used:
                    used.add((a, b))
                    return (a, b)

        self.residential_as = [AS(n, o, c, "residential", p16()) for n, o, c in _RESIDENTIAL]
        self.cloud_as = [AS(n, o, c, k, p16()) for n, o, c, k in _CLOUD]
        self.corporate_as = [AS(n, o, c, "corporate", p16()) for n, o, c in _CORPORATE]
        self._by_country: dict[str, list[AS]] = {}
        for a in self.residential_as:
            self._by_country.setdefault(a.country, []).append(a)
        self.universities: list[tuple[AS, str]] = []
        names = [f.format(p=p) for p in _UNI_PLACES for f in _UNI_FORMS]
        order = rng.permutation(len(names))
        for i in order[:40]:
            name = names[int(i)]
            slug = name.lower().replace("university of ", "").replace(" state university", "state").replace(" institute of technology", "tech").replace(" university", "").replace(" ", "")
            asn = int(rng.integers(1000, 40000))
            country = "US" if rng.random() < 0.7 else ("GB", "CA", "DE", "AU", "NL")[int(rng.integers(5))]
            self.universities.append((AS(asn, name, country, "university", p16()), slug + ".edu" if country == "US" else slug + ".ac.uk" if country == "GB" else slug + ".edu"))
        # drawn last, so that adding them left every earlier address of a run unchanged
        self.mobile_as = [AS(n, o, c, "mobile", p16()) for n, o, c in _MOBILE]

    def residential(self, rng: np.random.Generator, country: str | None = None) -> AS:
        pool = self._by_country.get(country or "", self.residential_as)
        return pool[int(rng.random() * len(pool))]

    def any_residential(self, rng: np.random.Generator) -> AS:
        return self.residential_as[int(rng.random() * len(self.residential_as))]

    def mobile(self, rng: np.random.Generator) -> AS:
        return self.mobile_as[int(rng.random() * len(self.mobile_as))]

    def cloud(self, rng: np.random.Generator, kinds: tuple[str, ...] = ("cloud", "hosting")) -> AS:
        pool = [a for a in self.cloud_as if a.kind in kinds]
        return pool[int(rng.random() * len(pool))]

    def corporate(self, rng: np.random.Generator) -> AS:
        return self.corporate_as[int(rng.random() * len(self.corporate_as))]

    def user_country(self, rng: np.random.Generator) -> str:
        keys = list(USER_COUNTRIES)
        w = np.array([USER_COUNTRIES[k] for k in keys], dtype=float)
        return keys[int(rng.choice(len(keys), p=w / w.sum()))]
