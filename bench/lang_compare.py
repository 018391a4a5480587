"""Compare the text path's language detector with py3langid, on short and long texts in 24 languages.

    pip install py3langid && python bench/lang_compare.py [--data ../shared/benchmarks]

The texts are written for this script (news-like sentences, one short text and one long text per
language); with --data, the pages of the benchmark corpora that have a language gold are scored too
(the HTML path's story text, both halves). py3langid is a measuring stick only: it imports numpy and
loads its model (seconds), which the text path's start-up (standard library only) cannot afford.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newsclean.lexicon.language import detect_language  # noqa: E402

#: language -> sentences (the short text is the first; the long text is all of them).
TEXTS = {
    "en": [
        "The council voted on Tuesday to rebuild the sea wall before the winter storms.",
        "Residents said the water had reached the steps of the town hall in August.",
        "Engineers expect the work to take four months and to cost about four million.",
    ],
    "de": [
        "Der Stadtrat hat am Dienstag beschlossen, die Ufermauer vor den Winterstürmen neu zu bauen.",
        "Anwohner berichteten, dass das Wasser im August bis zu den Stufen des Rathauses stand.",
        "Die Ingenieure rechnen mit vier Monaten Bauzeit und Kosten von etwa vier Millionen.",
    ],
    "fr": [
        "Le conseil municipal a voté mardi la reconstruction de la digue avant les tempêtes d'hiver.",
        "Les habitants ont raconté que l'eau avait atteint les marches de la mairie en août.",
        "Les ingénieurs prévoient quatre mois de travaux pour un coût d'environ quatre millions.",
    ],
    "es": [
        "El ayuntamiento votó el martes reconstruir el muro del puerto antes de las tormentas de invierno.",
        "Los vecinos contaron que el agua llegó hasta las escaleras del ayuntamiento en agosto.",
        "Los ingenieros calculan que la obra durará cuatro meses y costará unos cuatro millones.",
    ],
    "it": [
        "Il consiglio comunale ha votato martedì la ricostruzione della diga prima delle tempeste invernali.",
        "Gli abitanti hanno raccontato che l'acqua aveva raggiunto i gradini del municipio ad agosto.",
        "Gli ingegneri prevedono quattro mesi di lavori e una spesa di circa quattro milioni.",
    ],
    "pt": [
        "A câmara municipal votou na terça-feira a reconstrução do paredão antes das tempestades de inverno.",
        "Os moradores contaram que a água chegou aos degraus da câmara em agosto.",
        "Os engenheiros preveem quatro meses de obras e um custo de cerca de quatro milhões.",
    ],
    "nl": [
        "De gemeenteraad heeft dinsdag besloten de zeewering voor de winterstormen te herbouwen.",
        "Bewoners vertelden dat het water in augustus tot aan de trappen van het stadhuis stond.",
        "De ingenieurs verwachten dat het werk vier maanden duurt en ongeveer vier miljoen kost.",
    ],
    "sv": [
        "Kommunfullmäktige beslutade på tisdagen att bygga om strandmuren före vinterstormarna.",
        "Invånarna berättade att vattnet i augusti nådde upp till trappan vid stadshuset.",
        "Ingenjörerna räknar med att arbetet tar fyra månader och kostar omkring fyra miljoner.",
    ],
    "da": [
        "Byrådet besluttede tirsdag at genopbygge havnemuren inden vinterens storme.",
        "Beboerne fortalte, at vandet i august nåede op til trappen ved rådhuset.",
        "Ingeniørerne regner med, at arbejdet tager fire måneder og koster omkring fire millioner.",
    ],
    "fi": [
        "Kaupunginvaltuusto päätti tiistaina rakentaa aallonmurtajan uudelleen ennen talven myrskyjä.",
        "Asukkaiden mukaan vesi nousi elokuussa kaupungintalon portaille asti.",
        "Insinöörit arvioivat työn kestävän neljä kuukautta ja maksavan noin neljä miljoonaa.",
    ],
    "pl": [
        "Rada miasta zdecydowała we wtorek o odbudowie falochronu przed zimowymi sztormami.",
        "Mieszkańcy opowiadali, że w sierpniu woda sięgała schodów ratusza.",
        "Inżynierowie szacują, że prace potrwają cztery miesiące i będą kosztować około czterech milionów.",
    ],
    "cs": [
        "Zastupitelstvo v úterý rozhodlo, že nábřežní zeď bude před zimními bouřemi znovu postavena.",
        "Obyvatelé vyprávěli, že voda v srpnu dosáhla až ke schodům radnice.",
        "Inženýři počítají s tím, že práce potrvají čtyři měsíce a budou stát asi čtyři miliony.",
    ],
    "hu": [
        "A városi közgyűlés kedden megszavazta, hogy a téli viharok előtt újjáépítik a gátat.",
        "A lakók elmondták, hogy augusztusban a víz a városháza lépcsőjéig ért.",
        "A mérnökök szerint a munka négy hónapig tart, és nagyjából négymillióba kerül.",
    ],
    "ro": [
        "Consiliul local a votat marți reconstruirea digului înainte de furtunile de iarnă.",
        "Locuitorii au povestit că în august apa a ajuns până la treptele primăriei.",
        "Inginerii estimează că lucrările vor dura patru luni și vor costa aproximativ patru milioane.",
    ],
    "ru": [
        "Городской совет во вторник проголосовал за восстановление дамбы до зимних штормов.",
        "Жители рассказали, что в августе вода дошла до ступеней мэрии.",
        "Инженеры рассчитывают, что работы займут четыре месяца и обойдутся примерно в четыре миллиона.",
    ],
    "uk": [
        "Міська рада у вівторок проголосувала за відбудову дамби до зимових штормів.",
        "Мешканці розповіли, що в серпні вода дійшла до сходів міської ради.",
        "Інженери розраховують, що роботи триватимуть чотири місяці й коштуватимуть близько чотирьох мільйонів.",
    ],
    "bg": [
        "Общинският съвет гласува във вторник възстановяването на вълнолома преди зимните бури.",
        "Жителите разказаха, че през август водата е стигнала до стълбите на общината.",
        "Инженерите очакват работата да продължи четири месеца и да струва около четири милиона.",
    ],
    "el": [
        "Το δημοτικό συμβούλιο αποφάσισε την Τρίτη να ξαναχτίσει το λιμενικό τείχος πριν από τις χειμερινές καταιγίδες.",
        "Οι κάτοικοι είπαν ότι τον Αύγουστο το νερό έφτασε μέχρι τα σκαλιά του δημαρχείου.",
        "Οι μηχανικοί υπολογίζουν ότι τα έργα θα διαρκέσουν τέσσερις μήνες και θα κοστίσουν περίπου τέσσερα εκατομμύρια.",
    ],
    "tr": [
        "Belediye meclisi salı günü kış fırtınalarından önce dalgakıranın yeniden yapılmasına karar verdi.",
        "Mahalle sakinleri ağustosta suyun belediye binasının merdivenlerine kadar ulaştığını anlattı.",
        "Mühendisler çalışmaların dört ay süreceğini ve yaklaşık dört milyona mal olacağını tahmin ediyor.",
    ],
    "id": [
        "Dewan kota memutuskan pada hari Selasa untuk membangun kembali tembok laut sebelum badai musim dingin.",
        "Warga mengatakan bahwa air sudah mencapai tangga balai kota pada bulan Agustus.",
        "Para insinyur memperkirakan pekerjaan itu akan memakan waktu empat bulan dengan biaya sekitar empat juta.",
    ],
    "vi": [
        "Hội đồng thành phố hôm thứ Ba đã quyết định xây lại tường chắn sóng trước mùa bão.",
        "Người dân cho biết vào tháng Tám nước đã dâng tới bậc thềm của tòa thị chính.",
        "Các kỹ sư dự tính công trình sẽ kéo dài bốn tháng và tốn khoảng bốn triệu.",
    ],
    "hr": [
        "Gradsko vijeće u utorak je odlučilo obnoviti lukobran prije zimskih oluja.",
        "Stanovnici su ispričali da je voda u kolovozu došla do stepenica gradske vijećnice.",
        "Inženjeri procjenjuju da će radovi trajati četiri mjeseca i stajati oko četiri milijuna.",
    ],
    "lt": [
        "Miesto taryba antradienį nusprendė atstatyti bangolaužį prieš žiemos audras.",
        "Gyventojai pasakojo, kad rugpjūtį vanduo pasiekė rotušės laiptus.",
        "Inžinieriai skaičiuoja, kad darbai truks keturis mėnesius ir kainuos apie keturis milijonus.",
    ],
    "ca": [
        "L'ajuntament va votar dimarts reconstruir el mur del port abans de les tempestes d'hivern.",
        "Els veïns van explicar que l'aigua va arribar fins a les escales de l'ajuntament a l'agost.",
        "Els enginyers calculen que l'obra durarà quatre mesos i costarà uns quatre milions.",
    ],
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=None, help="benchmarks folder: also score pages with a language gold")
    args = ap.parse_args()
    try:
        import py3langid
    except ImportError:
        sys.exit("py3langid is not installed (pip install py3langid)")
    t = time.perf_counter()
    py3langid.classify("warm up")
    load = time.perf_counter() - t

    def theirs(text):
        return py3langid.classify(text)[0]

    rows = []
    for size in ("short", "long"):
        ours_ok = their_ok = 0
        t_ours = t_theirs = 0.0
        misses = []
        for lang, sents in TEXTS.items():
            text = sents[0] if size == "short" else " ".join(sents)
            t = time.perf_counter()
            a = detect_language(text)
            t_ours += time.perf_counter() - t
            t = time.perf_counter()
            b = theirs(text)
            t_theirs += time.perf_counter() - t
            ours_ok += a == lang
            their_ok += b == lang
            if a != lang or b != lang:
                misses.append(f"{lang}: ours={a} py3langid={b}")
        rows.append((f"written, {size}", len(TEXTS), ours_ok, their_ok, t_ours, t_theirs, misses))
    if args.data:
        sys.path.insert(0, str(ROOT / "bench"))
        import score

        import newsclean

        for corpus in score.available_corpora(args.data):
            pages = [p for p in score.load_pages(args.data, corpus=corpus) if p.meta.get("lang")]
            if not pages:
                continue
            ours_ok = their_ok = 0
            t_ours = t_theirs = 0.0
            misses = []
            for p in pages:
                text = newsclean.extract(p.raw, input_type="html").text[:3000]
                gold = p.meta["lang"][:2].lower()
                t = time.perf_counter()
                a = detect_language(text)
                t_ours += time.perf_counter() - t
                t = time.perf_counter()
                b = theirs(text)
                t_theirs += time.perf_counter() - t
                ours_ok += a == gold
                their_ok += b == gold
                if a != gold or b != gold:
                    misses.append(f"{gold}: ours={a} py3langid={b}")
            rows.append((f"{corpus} pages", len(pages), ours_ok, their_ok, t_ours, t_theirs, misses))
    print(f"py3langid: import and model load {load * 1000:.0f} ms (the text path's start-up budget is 120 ms)")
    print(f"{'texts':<22} {'n':>4} {'ours':>6} {'py3langid':>10} {'ours ms':>8} {'theirs ms':>10}")
    for name, n, a, b, ta, tb, misses in rows:
        print(f"{name:<22} {n:>4} {a / n:>6.3f} {b / n:>10.3f} {ta * 1000:>8.1f} {tb * 1000:>10.1f}")
        for m in misses:
            print(f"    {m}")


if __name__ == "__main__":
    main()
