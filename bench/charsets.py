"""Charset detection on short pages that declare no charset: how often the text comes out right.

    python bench/charsets.py [--detector current|web|...] [--show-misses]

Short news-like passages written for this script (not taken from any page
or benchmark), in 19 languages, are each encoded in every legacy charset the
web uses for that language, wrapped in a small HTML page without
``<meta charset>`` (and, separately, as a bare text dump), and decoded by
each detector. A page counts as right when the decoded text equals the text
written, whatever the codec is called (latin-1 for cp1252 text that has no
0x80-0x9F byte is right). Each passage is tried whole and cut to its first
sentence (short pages are where detection goes wrong).

Detectors compared (the one newsclean uses is ``newsclean.decode.decode``):

* ``plain``: charset-normalizer over every codec it knows, windows-1252
  preferred on a tie (newsclean's detector before this bench) — it may answer
  ``mac_latin2`` or ``shift_jis_2004``, codecs no browser decodes a page in;
* ``web``: the same, its candidates limited to the legacy encodings of the
  WHATWG Encoding Standard (the only ones a browser can decode a page in, so
  the only ones pages are written in);
* ``current``: ``newsclean.decode.decode`` as it stands (the whole decoder:
  UTF-8 first; ISO-2022-JP by its escapes; ``web``'s candidates weighed by
  how well their letters fit the language the page's stopwords tell).

w3lib's ``html_to_unicode`` was not compared: it orders BOM, HTTP header and
``<meta>`` (which ``newsclean.decode`` does too) and leaves the guess to a
detector it is given, so on undeclared pages it is charset-normalizer again.
The rule in ``current`` was developed on these samples: tests/test_decode.py
checks it on other sentences.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

#: language: (passage, the charsets the web writes it in)
SAMPLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "french": (
        "Le conseil municipal a voté mardi la rénovation de la piscine, fermée depuis l'été dernier. "
        "Les travaux coûteront près de deux millions d'euros et devraient s'achever à la fin de l'année.",
        ("cp1252", "iso8859_15"),
    ),
    "german": (
        "Der Stadtrat hat am Dienstag beschlossen, die Brücke über den Fluss bis zum Frühjahr zu sanieren. "
        "Die Kosten für die Arbeiten liegen nach Angaben der Behörde bei etwa drei Millionen Euro.",
        ("cp1252", "iso8859_15"),
    ),
    "spanish": (
        "El ayuntamiento aprobó el martes la reforma del mercado central, cerrado desde el año pasado. "
        "Según los técnicos, las obras durarán unos ocho meses y costarán casi dos millones de euros.",
        ("cp1252",),
    ),
    "portuguese": (
        "A câmara municipal aprovou na terça-feira a obra da nova estação de comboios da cidade. "
        "As obras vão começar em março e devem durar cerca de um ano, segundo a autarquia.",
        ("cp1252",),
    ),
    "polish": (
        "Rada miasta zdecydowała we wtorek o remoncie mostu na rzece, zamkniętego od zeszłej jesieni. "
        "Prace mają potrwać około pół roku, a ich koszt wyniesie blisko dziesięć milionów złotych.",
        ("cp1250", "iso8859_2"),
    ),
    "czech": (
        "Městská rada v úterý schválila opravu mostu přes řeku, který je uzavřený od loňského podzimu. "
        "Práce potrvají zhruba půl roku a budou stát téměř sto milionů korun, uvedl úřad.",
        ("cp1250", "iso8859_2"),
    ),
    "hungarian": (
        "A városi tanács kedden döntött a folyó feletti híd felújításáról, amely tavaly ősz óta zárva van. "
        "A munkálatok körülbelül fél évig tartanak, és csaknem egymilliárd forintba kerülnek.",
        ("cp1250", "iso8859_2"),
    ),
    "russian": (
        "Городской совет во вторник одобрил ремонт моста через реку, закрытого с прошлой осени. "
        "Работы продлятся около полугода и обойдутся почти в сто миллионов рублей, сообщили в мэрии.",
        ("cp1251", "koi8_r", "iso8859_5", "cp866"),
    ),
    "ukrainian": (
        "Міська рада у вівторок схвалила ремонт мосту через річку, закритого з минулої осені. "
        "Роботи триватимуть близько пів року й коштуватимуть майже сто мільйонів гривень.",
        ("cp1251", "koi8_u"),
    ),
    "bulgarian": (
        "Общинският съвет одобри във вторник ремонта на моста над реката, затворен от миналата есен. "
        "Работите ще продължат около половин година и ще струват почти десет милиона лева.",
        ("cp1251",),
    ),
    "greek": (
        "Το δημοτικό συμβούλιο ενέκρινε την Τρίτη την επισκευή της γέφυρας, που είναι κλειστή από το φθινόπωρο. "
        "Οι εργασίες θα διαρκέσουν περίπου έξι μήνες και θα κοστίσουν σχεδόν δύο εκατομμύρια ευρώ.",
        ("cp1253", "iso8859_7"),
    ),
    "turkish": (
        "Belediye meclisi salı günü, geçen sonbahardan beri kapalı olan köprünün onarımını onayladı. "
        "Çalışmaların yaklaşık altı ay sürmesi ve neredeyse on milyon liraya mal olması bekleniyor.",
        ("cp1254", "iso8859_9"),
    ),
    "hebrew": (
        "מועצת העיר אישרה ביום שלישי את שיפוץ הגשר מעל הנהר, שסגור מאז הסתיו שעבר. "
        "העבודות יימשכו כחצי שנה ויעלו כמעט עשרה מיליון שקלים, כך נמסר מהעירייה.",
        ("cp1255", "iso8859_8"),
    ),
    "arabic": (
        "وافق مجلس المدينة يوم الثلاثاء على إصلاح الجسر فوق النهر المغلق منذ الخريف الماضي. "
        "وستستمر الأعمال نحو ستة أشهر وتكلف قرابة عشرة ملايين دينار بحسب البلدية.",
        ("cp1256", "iso8859_6"),
    ),
    "lithuanian": (
        "Miesto taryba antradienį pritarė tilto per upę remontui, kuris uždarytas nuo praėjusio rudens. "
        "Darbai truks apie pusę metų ir kainuos beveik dešimt milijonų eurų, pranešė savivaldybė.",
        ("cp1257", "iso8859_13"),
    ),
    "thai": (
        "สภาเมืองอนุมัติการซ่อมสะพานข้ามแม่น้ำเมื่อวันอังคาร ซึ่งปิดมาตั้งแต่ฤดูใบไม้ร่วงปีที่แล้ว "
        "งานซ่อมจะใช้เวลาประมาณหกเดือนและมีค่าใช้จ่ายเกือบสิบล้านบาท",
        ("cp874",),
    ),
    "japanese": (
        "市議会は火曜日、昨年の秋から閉鎖されている川の橋の改修を承認した。"
        "工事はおよそ半年かかり、費用は約十億円になる見通しだと市は発表した。",
        ("cp932", "euc_jp", "iso2022_jp"),
    ),
    "chinese": (
        "市议会周二批准了对河上大桥的维修工程，这座桥自去年秋天以来一直关闭。"
        "据市政府介绍，工程将持续大约半年，费用接近一千万元。",
        ("gb18030", "gbk"),
    ),
    "chinese-traditional": (
        "市議會週二批准了對河上大橋的維修工程，這座橋自去年秋天以來一直關閉。"
        "據市政府介紹，工程將持續大約半年，費用接近一千萬元。",
        ("big5",),
    ),
    "korean": (
        "시의회는 화요일 지난 가을부터 폐쇄된 강 위의 다리 보수 공사를 승인했다. "
        "공사는 약 반년이 걸리고 비용은 거의 백억 원에 이를 것이라고 시청은 밝혔다.",
        ("cp949",),
    ),
}


def first_sentence(text: str) -> str:
    for end in (". ", "。", "، ", "  "):
        if end in text:
            return text.split(end, 1)[0] + end.strip()
    return text


def page(text: str) -> str:
    title = first_sentence(text)[:40]
    return (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1><p>{text}</p></article></body></html>"
    )


def cases() -> list[tuple[str, str, str, str, bytes]]:
    """(language, charset, length, form, bytes) for every sample."""
    out = []
    for language, (text, charsets) in SAMPLES.items():
        for charset in charsets:
            for length, body in (("full", text), ("short", first_sentence(text))):
                for form, doc in (("html", page(body)), ("text", body + "\n")):
                    out.append((language, charset, length, form, doc.encode(charset)))
    return out


#: The legacy encodings of the WHATWG Encoding Standard, as Python names them (those
#: charset-normalizer knows); utf-16 is found by its BOM or zero bytes before detection.
WEB_CODECS = [
    "cp866",
    "iso8859_2",
    "iso8859_3",
    "iso8859_4",
    "iso8859_5",
    "iso8859_6",
    "iso8859_7",
    "iso8859_8",
    "iso8859_10",
    "iso8859_13",
    "iso8859_14",
    "iso8859_15",
    "iso8859_16",
    "koi8_r",
    "koi8_u",
    "mac_roman",
    "mac_cyrillic",
    "cp874",
    "cp1250",
    "cp1251",
    "cp1252",
    "cp1253",
    "cp1254",
    "cp1255",
    "cp1256",
    "cp1257",
    "cp1258",
    "gb18030",
    "big5",
    "euc_jp",
    "iso2022_jp",
    "cp932",
    "cp949",
]


def detect_plain(data: bytes, is_html: bool) -> str:
    from charset_normalizer import from_bytes

    from newsclean.decode import _best_guess

    enc = _best_guess(from_bytes(data))
    return data.decode(enc, "replace")


def detect_web(data: bytes, is_html: bool) -> str:
    from charset_normalizer import from_bytes

    from newsclean.decode import _best_guess

    enc = _best_guess(from_bytes(data, cp_isolation=WEB_CODECS))
    return data.decode(enc, "replace")


def detect_current(data: bytes, is_html: bool) -> str:
    from newsclean.decode import decode

    return decode(data, is_html=is_html)[0]


DETECTORS: dict[str, Callable[[bytes, bool], str]] = {
    "plain": detect_plain,
    "web": detect_web,
    "current": detect_current,
}


def run(names: list[str], show_misses: bool) -> None:
    all_cases = cases()
    print(
        f"{len(all_cases)} pages: {len(SAMPLES)} languages, "
        f"{len({c for _, (_, cs) in SAMPLES.items() for c in cs})} charsets, full and first sentence, HTML and text"
    )
    results: dict[str, dict[str, list[bool]]] = {}
    for name in names:
        detect = DETECTORS[name]
        per: dict[str, list[bool]] = defaultdict(list)
        start = time.perf_counter()
        for language, charset, length, form, data in all_cases:
            want = data.decode(charset)
            got = detect(data, form == "html")
            ok = got == want
            per[charset].append(ok)
            per[f"({length})"].append(ok)
            per["ALL"].append(ok)
            if show_misses and not ok:
                print(f"  {name}: miss {language} {charset} {length} {form}: {got[:60]!r}")
        results[name] = per
        print(f"{name}: {time.perf_counter() - start:.2f} s")
    keys = sorted(k for k in results[names[0]] if not k.startswith(("(", "ALL"))) + ["(full)", "(short)", "ALL"]
    print(f"\n{'charset':<14}" + "".join(f"{n:>12}" for n in names))
    for key in keys:
        row = []
        for name in names:
            oks = results[name][key]
            row.append(f"{sum(oks)}/{len(oks)} {100 * sum(oks) / len(oks):3.0f}%")
        print(f"{key:<14}" + "".join(f"{r:>12}" for r in row))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--detector", action="append", choices=sorted(DETECTORS), help="detectors to compare (default: all)"
    )
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()
    run(args.detector or list(DETECTORS), args.show_misses)


if __name__ == "__main__":
    main()
