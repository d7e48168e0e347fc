"""Hand-annotated sentences in the style of war reporting, for scoring the geoparser.

About 150 sentences written by hand in wire-service / newsroom English (plus a few in
Ukrainian and Russian), each with the complete set of toponyms it contains and their real
coordinates. The gold was written from knowledge of the geography, not by running the geoparser.

What it covers (mixed through the set):
  * front-line towns in English spelling (Pokrovsk, Toretsk, Chasiv Yar, Kupiansk, Vovchansk, ...);
  * Russian-style spellings (Kiev, Kharkov, Odessa, Artemovsk, Ugledar, Avdeyevka, Kupyansk,
    Lugansk, Slavyansk, Konstantinovka, Krasnoarmeysk, Zaporozhye, Nikolaev);
  * renamed towns (Dnipropetrovsk, Artemivsk, Dzerzhynsk, Krasnoarmiisk, Dymytrov, Kirovohrad,
    Komsomolsk = Horishni Plavni);
  * official transliterations with apostrophes (Kup'yans'k, Slov'yans'k, Kramators'k);
  * Cyrillic sentences with inflected forms (Києві, Покровська, Харкові, Одесі, Харькове, ...);
  * ambiguous names resolved by context (Mykolaivka near Sloviansk, Lyman and Kostiantynivka in
    the Donetsk region, Borova in the Kharkiv region, the village of New York near Toretsk,
    Komsomolsk in the Poltava region);
  * people whose names are also place names (Rubio, Kellogg, Powell, Yermak, Witkoff, Lincoln,
    Jackson, Kennedy, Austin, Blinken, Sullivan, Vance, Marshall, Sybiha, Lavrov, Peskov, ...);
  * diplomatic venues (Istanbul, Jeddah, Riyadh, Geneva, The Hague, Anchorage, ...);
  * first-level regions in news forms ("the eastern Donetsk region", "Zaporizhzhia Oblast",
    "Russia's Kursk region", "Crimea", "the Donbas");
  * rivers ("the Oskil river", "the Dnipro river");
  * sentences naming no place at all, some starting with capitalised common words.

Annotation rules:
  * Every toponym is annotated: settlements, countries, first-level regions and named rivers.
    A region's surface includes the word region/Oblast ("Donetsk region", "Zaporizhzhia Oblast");
    "Russia's Kursk region" gives two mentions, "Russia" (country) and "Kursk region" (region).
    "Crimea" and "Donbas" are regions. A river is annotated when named with the word river
    (surface "Oskil river", kind "feature").
  * "U.S." is the country's name (also in "U.S. Secretary of State", "U.S.-Russia") and is
    annotated as the country. Possessives are annotated without "'s" ("Ukraine's" -> "Ukraine").
    Compound adjectives made from a city name ("Moscow-installed") are annotated as the city.
  * Not annotated: demonyms and adjectives (Russian, Ukrainian, Turkish, Qatari, Western,
    Soviet); names of organisations and place names inside them (Kyiv Independent, Moscow Times,
    Washington Post, Financial Times, Ukraine Defense Contact Group, Black Sea Fleet, Khortytsia
    group of forces, Wagner, Azovstal); institutional metonyms for buildings (the Kremlin,
    the White House); weapon names (Taurus, Shahed).
  * `people` lists the person names as they appear (full names or bare surnames), Cyrillic
    included; none of them may be geocoded.
  * Renamed or Russian-spelled places point at the present-day place (Artemovsk -> Bakhmut,
    Komsomolsk -> Horishni Plavni). Cyrillic surfaces are the inflected word as written.
  * Points: settlements are GeoNames-style town centres (within a few km); regions are an
    approximate centre of the oblast/state; countries a central point; rivers a point on the
    stretch the story concerns (Oskil near Kupiansk/Borova, the lower Dnipro near Kherson).
  * `occurrence` counts plain substring matches of `surface` in `text`, from 0, as
    successive ``str.find`` calls would find them (so "Kyiv" inside "Kyiv Independent" counts).
    The set is written so that this is also the n-th whole-word match.
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class Gold:
    surface: str          # the exact substring in the sentence that names the place
    lat: float
    lon: float
    kind: str             # "settlement" | "region" | "country" | "feature"
    occurrence: int = 0   # which occurrence of `surface` in the sentence (0 = first)


@dataclass(frozen=True)
class Case:
    text: str
    gold: tuple[Gold, ...]
    people: tuple[str, ...] = ()   # surfaces (surnames or full names) that are people and must NOT be geocoded
    note: str = ""


CASES: tuple[Case, ...] = (
    Case(
        "Russian forces have advanced to within three kilometres of Pokrovsk, a key logistics hub in the eastern Donetsk region, Ukraine's military said on Tuesday.",
        (
            Gold('Pokrovsk', 48.2801, 37.1771, 'settlement'),
            Gold('Donetsk region', 48.1, 37.75, 'region'),
            Gold('Ukraine', 49.0, 32.0, 'country'),
        ),
    ),
    Case(
        'Ukrainian troops withdrew from Avdiivka in February 2024 after months of fighting, the biggest Russian gain since the fall of Bakhmut in May 2023.',
        (
            Gold('Avdiivka', 48.1394, 37.7497, 'settlement'),
            Gold('Bakhmut', 48.5947, 38.0009, 'settlement'),
        ),
    ),
    Case(
        'The Russian Defence Ministry said its forces had captured Vuhledar, a hilltop mining town that Ukrainian units had held since the start of the full-scale invasion.',
        (
            Gold('Vuhledar', 47.7794, 37.2489, 'settlement'),
        ),
    ),
    Case(
        'Kurakhove, once home to about 18,000 people, lies largely in ruins after weeks of glide-bomb attacks, local officials said.',
        (
            Gold('Kurakhove', 47.9838, 37.2827, 'settlement'),
        ),
        note='sentence-initial toponym',
    ),
    Case(
        'Shelling killed two civilians in Kostiantynivka and wounded five others in Kramatorsk overnight, regional governor Vadym Filashkin said on Telegram.',
        (
            Gold('Kostiantynivka', 48.5273, 37.7059, 'settlement'),
            Gold('Kramatorsk', 48.7232, 37.5563, 'settlement'),
        ),
        people=('Vadym Filashkin',),
    ),
    Case(
        'Russian troops are trying to push west from Chasiv Yar toward Kostiantynivka and, further north, toward Sloviansk and Kramatorsk, the last large cities in the region under Ukrainian control.',
        (
            Gold('Chasiv Yar', 48.5868, 37.835, 'settlement'),
            Gold('Kostiantynivka', 48.5273, 37.7059, 'settlement'),
            Gold('Sloviansk', 48.86, 37.61, 'settlement'),
            Gold('Kramatorsk', 48.7232, 37.5563, 'settlement'),
        ),
    ),
    Case(
        'Residents of Siversk have been living in basements for months, with no running water and only sporadic electricity, volunteers said.',
        (
            Gold('Siversk', 48.8687, 38.1005, 'settlement'),
        ),
    ),
    Case(
        "Russia has massed troops near Kupiansk and Lyman in an attempt to regain ground it lost during Ukraine's autumn 2022 counteroffensive.",
        (
            Gold('Russia', 60.0, 100.0, 'country'),
            Gold('Kupiansk', 49.7106, 37.6156, 'settlement'),
            Gold('Lyman', 48.9901, 37.8084, 'settlement'),
            Gold('Ukraine', 49.0, 32.0, 'country'),
        ),
        note='Lyman is the Donetsk-oblast town (context: Kupiansk, 2022 counteroffensive)',
    ),
    Case(
        'Fighting continued inside Vovchansk, a town just five kilometres from the Russian border, which has been contested since Moscow launched a new offensive in the Kharkiv region in May 2024.',
        (
            Gold('Vovchansk', 50.2908, 36.9413, 'settlement'),
            Gold('Moscow', 55.7522, 37.6156, 'settlement'),
            Gold('Kharkiv region', 49.5, 36.5, 'region'),
        ),
    ),
    Case(
        'Officials ordered the mandatory evacuation of families with children from Myrnohrad and Selydove as the front line drew closer.',
        (
            Gold('Myrnohrad', 48.3022, 37.2612, 'settlement'),
            Gold('Selydove', 48.1475, 37.3007, 'settlement'),
        ),
    ),
    Case(
        'Velyka Novosilka, in the south-west of the Donetsk region, was reported all but encircled by Russian forces in January 2025.',
        (
            Gold('Velyka Novosilka', 47.8436, 36.8383, 'settlement'),
            Gold('Donetsk region', 48.1, 37.75, 'region'),
        ),
    ),
    Case(
        'Russian artillery struck Orikhiv and Huliaipole on the southern front, damaging a school and a hospital, said Ivan Fedorov, the governor of Zaporizhzhia Oblast.',
        (
            Gold('Orikhiv', 47.5676, 35.7848, 'settlement'),
            Gold('Huliaipole', 47.6627, 36.2563, 'settlement'),
            Gold('Zaporizhzhia Oblast', 47.5, 35.6, 'region'),
        ),
        people=('Ivan Fedorov',),
    ),
    Case(
        "Ukraine's General Staff reported 42 combat clashes on the Pokrovsk axis over the past day, more than on any other sector of the front.",
        (
            Gold('Ukraine', 49.0, 32.0, 'country'),
            Gold('Pokrovsk', 48.2801, 37.1771, 'settlement'),
        ),
        note="'Pokrovsk axis' names a direction after the town; annotated as the town",
    ),
    Case(
        'Soledar, known for its vast salt mines, fell to Russian forces in January 2023 after a battle led by Wagner mercenaries.',
        (
            Gold('Soledar', 48.6836, 38.0868, 'settlement'),
        ),
        note='Wagner is an organisation',
    ),
    Case(
        'Dobropillia, about 20 kilometres north of Pokrovsk, came under a Russian drone attack that damaged a bus station and several apartment blocks.',
        (
            Gold('Dobropillia', 48.4667, 37.0857, 'settlement'),
            Gold('Pokrovsk', 48.2801, 37.1771, 'settlement'),
        ),
    ),
    Case(
        'Ukrainian forces liberated Izium and Balakliia in September 2022 in a lightning offensive that pushed Russian troops out of most of the Kharkiv region.',
        (
            Gold('Izium', 49.2096, 37.2566, 'settlement'),
            Gold('Balakliia', 49.4627, 36.8597, 'settlement'),
            Gold('Kharkiv region', 49.5, 36.5, 'region'),
        ),
    ),
    Case(
        'Shelling from across the reservoir has become a daily reality in Nikopol and Marhanets, which face the Russian-occupied city of Enerhodar on the opposite bank.',
        (
            Gold('Nikopol', 47.5712, 34.3964, 'settlement'),
            Gold('Marhanets', 47.6483, 34.6287, 'settlement'),
            Gold('Enerhodar', 47.499, 34.6558, 'settlement'),
        ),
    ),
    Case(
        'A Russian ballistic missile hit the centre of Sumy on Palm Sunday, killing 35 people in one of the deadliest attacks on civilians this year.',
        (
            Gold('Sumy', 50.9077, 34.7981, 'settlement'),
        ),
    ),
    Case(
        'Kherson, which Ukraine recaptured in November 2022, is still shelled almost daily from Russian positions on the left bank.',
        (
            Gold('Kherson', 46.6354, 32.6169, 'settlement'),
            Gold('Ukraine', 49.0, 32.0, 'country'),
        ),
    ),
    Case(
        'Lysychansk and Sievierodonetsk, twin cities in the Luhansk region, have been under Russian occupation since the summer of 2022.',
        (
            Gold('Lysychansk', 48.91, 38.435, 'settlement'),
            Gold('Sievierodonetsk', 48.9482, 38.4869, 'settlement'),
            Gold('Luhansk region', 48.9, 39.0, 'region'),
        ),
    ),
    Case(
        'Three people were killed when a glide bomb hit a residential building in Kharkiv, Mayor Ihor Terekhov said.',
        (
            Gold('Kharkiv', 49.9808, 36.2527, 'settlement'),
        ),
        people=('Ihor Terekhov',),
    ),
    Case(
        "Ukraine's military said it had repelled assaults near Toretsk, where Russian troops have been fighting street by street for more than a year.",
        (
            Gold('Ukraine', 49.0, 32.0, 'country'),
            Gold('Toretsk', 48.3975, 37.8474, 'settlement'),
        ),
    ),
    Case(
        "Russian drones attacked Odesa's port infrastructure overnight, setting fire to grain storage facilities, the regional governor said.",
        (
            Gold('Odesa', 46.4775, 30.7326, 'settlement'),
        ),
    ),
    Case(
        "Two people were killed and 20 injured when Russian guided bombs struck industrial sites in Zaporizhzhia, the city's acting mayor said.",
        (
            Gold('Zaporizhzhia', 47.8229, 35.1903, 'settlement'),
        ),
        note="the city, not the oblast ('the city's')",
    ),
    Case(
        "A Russian missile struck a children's hospital in Kyiv on July 8, 2024, killing two adults and injuring dozens, officials said.",
        (
            Gold('Kyiv', 50.4547, 30.5238, 'settlement'),
        ),
    ),
    Case(
        'A missile strike on the centre of Chernihiv in April 2024 killed 18 people, and a strike on a military institute in Poltava that September killed more than 50.',
        (
            Gold('Chernihiv', 51.5055, 31.2849, 'settlement'),
            Gold('Poltava', 49.5894, 34.5514, 'settlement'),
        ),
    ),
    Case(
        "A Russian missile hit a playground in Kryvyi Rih, President Volodymyr Zelenskiy's home town, killing 20 people including nine children.",
        (
            Gold('Kryvyi Rih', 47.9105, 33.3918, 'settlement'),
        ),
        people=('Volodymyr Zelenskiy',),
    ),
    Case(
        'Investigators have documented hundreds of killings of civilians in Bucha, a suburb of Kyiv occupied by Russian forces in March 2022.',
        (
            Gold('Bucha', 50.5436, 30.212, 'settlement'),
            Gold('Kyiv', 50.4547, 30.5238, 'settlement'),
        ),
    ),
    Case(
        'The siege of Mariupol ended in May 2022 when the last defenders left the Azovstal steelworks.',
        (
            Gold('Mariupol', 47.0971, 37.5434, 'settlement'),
        ),
        note='Azovstal is a plant/company, not annotated',
    ),
    Case(
        'Partisans claimed responsibility for a car bomb in Russian-occupied Melitopol that targeted a local collaborator.',
        (
            Gold('Melitopol', 46.8489, 35.3653, 'settlement'),
        ),
    ),
    Case(
        'Russian forces have used Svatove and Kreminna as staging points for repeated attacks toward Lyman.',
        (
            Gold('Svatove', 49.4096, 38.1604, 'settlement'),
            Gold('Kreminna', 49.0467, 38.2182, 'settlement'),
            Gold('Lyman', 48.9901, 37.8084, 'settlement'),
        ),
    ),
    Case(
        'Russian drones struck Druzhkivka, between Kramatorsk and Kostiantynivka, damaging power lines and a hospital.',
        (
            Gold('Druzhkivka', 48.6203, 37.528, 'settlement'),
            Gold('Kramatorsk', 48.7232, 37.5563, 'settlement'),
            Gold('Kostiantynivka', 48.5273, 37.7059, 'settlement'),
        ),
    ),
    Case(
        'Okhtyrka, in the Sumy region, was hit by guided aerial bombs for the third day in a row.',
        (
            Gold('Okhtyrka', 50.3105, 34.8988, 'settlement'),
            Gold('Sumy region', 51.0, 34.1, 'region'),
        ),
    ),
    Case(
        'The Russian Defence Ministry said its troops had taken full control of Ugledar after fierce fighting, state news agency TASS reported.',
        (
            Gold('Ugledar', 47.7794, 37.2489, 'settlement'),
        ),
    ),
    Case(
        'Russian state television showed footage it said was filmed in the centre of Artemovsk, the Soviet-era name Moscow uses for Bakhmut.',
        (
            Gold('Artemovsk', 48.5947, 38.0009, 'settlement'),
            Gold('Moscow', 55.7522, 37.6156, 'settlement'),
            Gold('Bakhmut', 48.5947, 38.0009, 'settlement'),
        ),
    ),
    Case(
        'According to the ministry, units of the Centre group of forces took Avdeyevka and were advancing on Krasnoarmeysk.',
        (
            Gold('Avdeyevka', 48.1394, 37.7497, 'settlement'),
            Gold('Krasnoarmeysk', 48.2801, 37.1771, 'settlement'),
        ),
    ),
    Case(
        'Missiles were fired at military targets in Kiev, Kharkov and Odessa, the ministry said in its daily briefing.',
        (
            Gold('Kiev', 50.4547, 30.5238, 'settlement'),
            Gold('Kharkov', 49.9808, 36.2527, 'settlement'),
            Gold('Odessa', 46.4775, 30.7326, 'settlement'),
        ),
    ),
    Case(
        'Pro-Russian military bloggers claimed that assault groups had reached the northern outskirts of Kupyansk.',
        (
            Gold('Kupyansk', 49.7106, 37.6156, 'settlement'),
        ),
    ),
    Case(
        'A TASS correspondent reported explosions in Lugansk after what local officials described as a Ukrainian missile strike on a former aviation school.',
        (
            Gold('Lugansk', 48.5671, 39.3171, 'settlement'),
        ),
    ),
    Case(
        'Russian officials have repeatedly said their aim is to capture Slavyansk and Konstantinovka, the cities shielding Kramatorsk.',
        (
            Gold('Slavyansk', 48.86, 37.61, 'settlement'),
            Gold('Konstantinovka', 48.5273, 37.7059, 'settlement'),
            Gold('Kramatorsk', 48.7232, 37.5563, 'settlement'),
        ),
    ),
    Case(
        "Russia's Defence Ministry said it had struck a military-industrial facility in the city of Zaporozhye and a fuel depot near Nikolaev.",
        (
            Gold('Russia', 60.0, 100.0, 'country'),
            Gold('Zaporozhye', 47.8229, 35.1903, 'settlement'),
            Gold('Nikolaev', 46.975, 31.9946, 'settlement'),
        ),
    ),
    Case(
        'Moscow-installed officials in Donetsk said Ukrainian shelling had killed two people at a market in the city.',
        (
            Gold('Moscow', 55.7522, 37.6156, 'settlement'),
            Gold('Donetsk', 48.023, 37.8022, 'settlement'),
        ),
        note="'Moscow-installed' refers to the Russian government; annotated as Moscow",
    ),
    Case(
        'The city of Dnipro, known until 2016 as Dnipropetrovsk, has become a major hub for wounded soldiers evacuated from the front.',
        (
            Gold('Dnipro', 48.458, 35.015, 'settlement'),
            Gold('Dnipropetrovsk', 48.458, 35.015, 'settlement'),
        ),
        note="'Dnipro' is also a substring of 'Dnipropetrovsk'; occurrence 0 is the standalone word",
    ),
    Case(
        'Bakhmut, called Artemivsk from 1924 until 2016, had a pre-war population of about 70,000.',
        (
            Gold('Bakhmut', 48.5947, 38.0009, 'settlement'),
            Gold('Artemivsk', 48.5947, 38.0009, 'settlement'),
        ),
    ),
    Case(
        'Old road signs in the area still point to Dzerzhynsk, the Soviet name for Toretsk, which was changed under the 2015 decommunisation laws.',
        (
            Gold('Dzerzhynsk', 48.3975, 37.8474, 'settlement'),
            Gold('Toretsk', 48.3975, 37.8474, 'settlement'),
        ),
    ),
    Case(
        'Many older residents still call Pokrovsk by its former name, Krasnoarmiisk, and neighbouring Myrnohrad by its old name, Dymytrov.',
        (
            Gold('Pokrovsk', 48.2801, 37.1771, 'settlement'),
            Gold('Krasnoarmiisk', 48.2801, 37.1771, 'settlement'),
            Gold('Myrnohrad', 48.3022, 37.2612, 'settlement'),
            Gold('Dymytrov', 48.3022, 37.2612, 'settlement'),
        ),
    ),
    Case(
        "Air raid sirens sounded in Kirovohrad, as some Russian outlets still call Kropyvnytskyi, before explosions were heard on the city's outskirts.",
        (
            Gold('Kirovohrad', 48.5079, 32.2623, 'settlement'),
            Gold('Kropyvnytskyi', 48.5079, 32.2623, 'settlement'),
        ),
    ),
    Case(
        'A drone attack damaged an industrial site in Komsomolsk, a city in the Poltava region that was renamed Horishni Plavni in 2016.',
        (
            Gold('Komsomolsk', 49.0084, 33.6293, 'settlement'),
            Gold('Poltava region', 49.6, 33.9, 'region'),
            Gold('Horishni Plavni', 49.0084, 33.6293, 'settlement'),
        ),
        note="Komsomolsk is ambiguous (Komsomolsk-on-Amur etc.); resolved by 'Poltava region'",
    ),
    Case(
        "Russian missiles struck a transport company in Dnipropetrovsk, the Russian Defence Ministry said, using the city's pre-2016 name.",
        (
            Gold('Dnipropetrovsk', 48.458, 35.015, 'settlement'),
        ),
        note='the city, not the oblast',
    ),
    Case(
        "The Institute for the Study of War said Russian forces had made marginal gains north-east of Kup'yans'k.",
        (
            Gold("Kup'yans'k", 49.7106, 37.6156, 'settlement'),
        ),
    ),
    Case(
        "Authorities in Kupiansk, also transliterated as Kup'yans'k, ordered the evacuation of the remaining 2,000 residents.",
        (
            Gold('Kupiansk', 49.7106, 37.6156, 'settlement'),
            Gold("Kup'yans'k", 49.7106, 37.6156, 'settlement'),
        ),
    ),
    Case(
        "Shells hit a residential area of Slov'yans'k and the outskirts of Kramators'k on Sunday, the regional prosecutor's office said.",
        (
            Gold("Slov'yans'k", 48.86, 37.61, 'settlement'),
            Gold("Kramators'k", 48.7232, 37.5563, 'settlement'),
        ),
    ),
    Case(
        'Вночі у Києві пролунали вибухи: сили ППО відбивали атаку дронів, повідомив Віталій Кличко.',
        (
            Gold('Києві', 50.4547, 30.5238, 'settlement'),
        ),
        people=('Віталій Кличко',),
        note='Ukrainian, locative',
    ),
    Case(
        'Київ пережив наймасованішу атаку дронів з початку повномасштабного вторгнення.',
        (
            Gold('Київ', 50.4547, 30.5238, 'settlement'),
        ),
        note='Ukrainian, nominative',
    ),
    Case(
        'Російські війська намагаються оточити Покровськ з півдня та сходу, заявили в Генштабі.',
        (
            Gold('Покровськ', 48.2801, 37.1771, 'settlement'),
        ),
        note='Ukrainian, accusative = nominative',
    ),
    Case(
        'Евакуація з Покровська триває попри постійні обстріли доріг.',
        (
            Gold('Покровська', 48.2801, 37.1771, 'settlement'),
        ),
        note='Ukrainian, genitive',
    ),
    Case(
        'Бої за Часів Яр тривають уже понад рік.',
        (
            Gold('Часів Яр', 48.5868, 37.835, 'settlement'),
        ),
        note='Ukrainian',
    ),
    Case(
        'У Харкові внаслідок удару керованої авіабомби загинули троє людей.',
        (
            Gold('Харкові', 49.9808, 36.2527, 'settlement'),
        ),
        note='Ukrainian, locative',
    ),
    Case(
        'Ракета влучила в порт в Одесі, пошкоджено зерновий термінал.',
        (
            Gold('Одесі', 46.4775, 30.7326, 'settlement'),
        ),
        note='Ukrainian, locative',
    ),
    Case(
        "Росіяни обстріляли Краматорськ і Слов'янськ у Донецькій області.",
        (
            Gold('Краматорськ', 48.7232, 37.5563, 'settlement'),
            Gold("Слов'янськ", 48.86, 37.61, 'settlement'),
            Gold('Донецькій області', 48.1, 37.75, 'region'),
        ),
        note='Ukrainian; region in locative',
    ),
    Case(
        'У Сумах пролунала серія вибухів, повідомив міський голова.',
        (
            Gold('Сумах', 50.9077, 34.7981, 'settlement'),
        ),
        note='Ukrainian, locative plural of Суми',
    ),
    Case(
        'В Харькове прогремели взрывы, сообщил мэр города Игорь Терехов.',
        (
            Gold('Харькове', 49.9808, 36.2527, 'settlement'),
        ),
        people=('Игорь Терехов',),
        note='Russian, prepositional',
    ),
    Case(
        'Российские войска вошли в Купянск, утверждают военные блогеры.',
        (
            Gold('Купянск', 49.7106, 37.6156, 'settlement'),
        ),
        note='Russian',
    ),
    Case(
        'В Москве и Белгороде объявили ракетную опасность.',
        (
            Gold('Москве', 55.7522, 37.6156, 'settlement'),
            Gold('Белгороде', 50.6107, 36.5802, 'settlement'),
        ),
        note='Russian, prepositional',
    ),
    Case(
        'Белгород снова подвергся атаке беспилотников, заявил губернатор Вячеслав Гладков.',
        (
            Gold('Белгород', 50.6107, 36.5802, 'settlement'),
        ),
        people=('Вячеслав Гладков',),
        note='Russian',
    ),
    Case(
        'Russian troops attacked near Mykolaivka, east of Sloviansk, a village that had been largely spared until this summer.',
        (
            Gold('Mykolaivka', 48.8619, 37.7684, 'settlement'),
            Gold('Sloviansk', 48.86, 37.61, 'settlement'),
        ),
        note='many Mykolaivkas in Ukraine; this is the one east of Sloviansk',
    ),
    Case(
        "Pokrovsk in the Donetsk region has been the main target of Moscow's summer offensive.",
        (
            Gold('Pokrovsk', 48.2801, 37.1771, 'settlement'),
            Gold('Donetsk region', 48.1, 37.75, 'region'),
            Gold('Moscow', 55.7522, 37.6156, 'settlement'),
        ),
    ),
    Case(
        'Ukrainian forces have been forced to pull back from positions near Lyman in the Donetsk region, a railway hub they recaptured in October 2022.',
        (
            Gold('Lyman', 48.9901, 37.8084, 'settlement'),
            Gold('Donetsk region', 48.1, 37.75, 'region'),
        ),
        note='not the Lyman villages in Kharkiv or Odesa oblasts',
    ),
    Case(
        'Borova in the Kharkiv region, near the Oskil river, has come under growing pressure as Russian units try to reach the water.',
        (
            Gold('Borova', 49.3805, 37.6193, 'settlement'),
            Gold('Kharkiv region', 49.5, 36.5, 'region'),
            Gold('Oskil river', 49.55, 37.62, 'feature'),
        ),
        note='not the Borova in Kyiv oblast',
    ),
    Case(
        'Kostiantynivka in Donetsk region, about 20 kilometres west of Bakhmut, has seen its population fall to fewer than 10,000.',
        (
            Gold('Kostiantynivka', 48.5273, 37.7059, 'settlement'),
            Gold('Donetsk region', 48.1, 37.75, 'region'),
            Gold('Bakhmut', 48.5947, 38.0009, 'settlement'),
        ),
    ),
    Case(
        'Russian forces entered New York, a village south of Toretsk whose name dates back to the 19th century, Ukrainian military bloggers said.',
        (
            Gold('New York', 48.3303, 37.8411, 'settlement'),
            Gold('Toretsk', 48.3975, 37.8474, 'settlement'),
        ),
        note='New York (Niu-York), Donetsk oblast, not New York City',
    ),
    Case(
        'Fighting around New York and Toretsk intensified on Thursday, the Khortytsia group of forces said.',
        (
            Gold('New York', 48.3303, 37.8411, 'settlement'),
            Gold('Toretsk', 48.3975, 37.8474, 'settlement'),
        ),
        note='Khortytsia here is the name of a military formation (organisation), not annotated',
    ),
    Case(
        'Dobropillia, a coal-mining town in the Donetsk region, has become the next target as Russian troops bypass Pokrovsk from the north-east.',
        (
            Gold('Dobropillia', 48.4667, 37.0857, 'settlement'),
            Gold('Donetsk region', 48.1, 37.75, 'region'),
            Gold('Pokrovsk', 48.2801, 37.1771, 'settlement'),
        ),
    ),
    Case(
        'U.S. Secretary of State Marco Rubio said after talks in Jeddah that Ukraine had accepted a proposal for a 30-day ceasefire.',
        (
            Gold('U.S.', 39.76, -98.5, 'country'),
            Gold('Jeddah', 21.5424, 39.198, 'settlement'),
            Gold('Ukraine', 49.0, 32.0, 'country'),
        ),
        people=('Marco Rubio',),
    ),
    Case(
        "Rubio told reporters in Washington that the ball was now in Russia's court.",
        (
            Gold('Washington', 38.8951, -77.0364, 'settlement'),
            Gold('Russia', 60.0, 100.0, 'country'),
        ),
        people=('Rubio',),
    ),
    Case(
        "Keith Kellogg, Trump's envoy for Ukraine and Russia, visited Kyiv on Wednesday and met President Volodymyr Zelenskiy.",
        (
            Gold('Ukraine', 49.0, 32.0, 'country'),
            Gold('Russia', 60.0, 100.0, 'country'),
            Gold('Kyiv', 50.4547, 30.5238, 'settlement'),
        ),
        people=('Keith Kellogg', 'Trump', 'Volodymyr Zelenskiy'),
    ),
    Case(
        'Kellogg told reporters that any settlement would have to include security guarantees for Kyiv.',
        (
            Gold('Kyiv', 50.4547, 30.5238, 'settlement'),
        ),
        people=('Kellogg',),
    ),
    Case(
        'British national security adviser Jonathan Powell travelled to Kyiv for talks with Andriy Yermak, head of the presidential office.',
        (
            Gold('Kyiv', 50.4547, 30.5238, 'settlement'),
        ),
        people=('Jonathan Powell', 'Andriy Yermak'),
    ),
    Case(
        '"We will never recognise occupied land as anyone else\'s," said Yermak, speaking in Kyiv after meeting Powell.',
        (
            Gold('Kyiv', 50.4547, 30.5238, 'settlement'),
        ),
        people=('Yermak', 'Powell'),
    ),
    Case(
        'Envoy Steve Witkoff flew to St Petersburg to meet Vladimir Putin, the Kremlin said, his third visit to Russia this year.',
        (
            Gold('St Petersburg', 59.9386, 30.3141, 'settlement'),
            Gold('Russia', 60.0, 100.0, 'country'),
        ),
        people=('Steve Witkoff', 'Vladimir Putin'),
        note="'the Kremlin' is an institutional metonym, not annotated",
    ),
    Case(
        'Witkoff and Jared Kushner were due in Moscow on Tuesday, Kremlin spokesman Dmitry Peskov said.',
        (
            Gold('Moscow', 55.7522, 37.6156, 'settlement'),
        ),
        people=('Witkoff', 'Jared Kushner', 'Dmitry Peskov'),
    ),
    Case(
        'Peskov declined to comment on reports that Russian troops had crossed into the Dnipropetrovsk region.',
        (
            Gold('Dnipropetrovsk region', 48.3, 34.8, 'region'),
        ),
        people=('Peskov',),
    ),
    Case(
        'Foreign Minister Andrii Sybiha met his Turkish counterpart Hakan Fidan in Ankara to discuss a possible new round of talks in Istanbul.',
        (
            Gold('Ankara', 39.9199, 32.8543, 'settlement'),
            Gold('Istanbul', 41.0138, 28.9497, 'settlement'),
        ),
        people=('Andrii Sybiha', 'Hakan Fidan'),
    ),
    Case(
        'Sergei Lavrov said Moscow was open to a meeting in Budapest but that "conditions are not yet there".',
        (
            Gold('Moscow', 55.7522, 37.6156, 'settlement'),
            Gold('Budapest', 47.498, 19.0399, 'settlement'),
        ),
        people=('Sergei Lavrov',),
    ),
    Case(
        'Lavrov and Rubio spoke by phone ahead of the planned summit in Anchorage, Alaska, the State Department said.',
        (
            Gold('Anchorage', 61.2181, -149.9003, 'settlement'),
            Gold('Alaska', 64.0, -150.0, 'region'),
        ),
        people=('Lavrov', 'Rubio'),
    ),
    Case(
        'Commander-in-Chief Oleksandr Syrskyi said the situation around Pokrovsk and Kostiantynivka remained "extremely difficult".',
        (
            Gold('Pokrovsk', 48.2801, 37.1771, 'settlement'),
            Gold('Kostiantynivka', 48.5273, 37.7059, 'settlement'),
        ),
        people=('Oleksandr Syrskyi',),
    ),
    Case(
        'Kyrylo Budanov, the head of military intelligence, warned that Russia was preparing a new offensive in the Zaporizhzhia region.',
        (
            Gold('Russia', 60.0, 100.0, 'country'),
            Gold('Zaporizhzhia region', 47.5, 35.6, 'region'),
        ),
        people=('Kyrylo Budanov',),
    ),
    Case(
        'Kyiv Mayor Vitali Klitschko said debris from a downed drone had set fire to a high-rise building in the north of the capital.',
        (
            Gold('Kyiv', 50.4547, 30.5238, 'settlement'),
        ),
        people=('Vitali Klitschko',),
    ),
    Case(
        'Klitschko, a former world heavyweight boxing champion, urged residents of Kyiv to stay in shelters until the all-clear.',
        (
            Gold('Kyiv', 50.4547, 30.5238, 'settlement'),
        ),
        people=('Klitschko',),
    ),
    Case(
        'Secretary of State Antony Blinken and national security adviser Jake Sullivan arrived in Kyiv with a new $2 billion aid package.',
        (
            Gold('Kyiv', 50.4547, 30.5238, 'settlement'),
        ),
        people=('Antony Blinken', 'Jake Sullivan'),
    ),
    Case(
        'Defense Secretary Lloyd Austin opened the meeting of the Ukraine Defense Contact Group in Brussels.',
        (
            Gold('Brussels', 50.8505, 4.3488, 'settlement'),
        ),
        people=('Lloyd Austin',),
        note="'Ukraine' inside the organisation name is not annotated",
    ),
    Case(
        'Austin said Washington would keep supplying air-defence interceptors "for as long as it takes".',
        (
            Gold('Washington', 38.8951, -77.0364, 'settlement'),
        ),
        people=('Austin',),
    ),
    Case(
        'Vice President JD Vance, speaking at the security conference in Munich, urged allies to spend more on defence.',
        (
            Gold('Munich', 48.1374, 11.5755, 'settlement'),
        ),
        people=('JD Vance',),
    ),
    Case(
        'Vance later told Fox News that Washington and Moscow were "closer than ever" to a deal.',
        (
            Gold('Washington', 38.8951, -77.0364, 'settlement'),
            Gold('Moscow', 55.7522, 37.6156, 'settlement'),
        ),
        people=('Vance',),
    ),
    Case(
        'Senator John Kennedy said the Senate would vote on new sanctions against Russia before the August recess.',
        (
            Gold('Russia', 60.0, 100.0, 'country'),
        ),
        people=('John Kennedy',),
    ),
    Case(
        'Brigadier General Ryan Jackson, a spokesman for U.S. forces in Poland, said the deployment to Rzeszow would last at least six months.',
        (
            Gold('U.S.', 39.76, -98.5, 'country'),
            Gold('Poland', 52.0, 20.0, 'country'),
            Gold('Rzeszow', 50.0413, 21.999, 'settlement'),
        ),
        people=('Ryan Jackson',),
        note='fictional spokesman',
    ),
    Case(
        'Analyst Lincoln Pigman said the Kremlin was betting that Western support for Kyiv would fade before Russian reserves ran out.',
        (
            Gold('Kyiv', 50.4547, 30.5238, 'settlement'),
        ),
        people=('Lincoln Pigman',),
    ),
    Case(
        'Marshall added that the fighting around Chasiv Yar showed how drones had changed the battlefield.',
        (
            Gold('Chasiv Yar', 48.5868, 37.835, 'settlement'),
        ),
        people=('Marshall',),
    ),
    Case(
        'Zelenskiy met Emmanuel Macron and Keir Starmer in Paris before flying to London for talks on a reassurance force.',
        (
            Gold('Paris', 48.8534, 2.3488, 'settlement'),
            Gold('London', 51.5085, -0.1257, 'settlement'),
        ),
        people=('Zelenskiy', 'Emmanuel Macron', 'Keir Starmer'),
    ),
    Case(
        'Turkish President Tayyip Erdogan offered to host Putin and Zelenskiy in Istanbul.',
        (
            Gold('Istanbul', 41.0138, 28.9497, 'settlement'),
        ),
        people=('Tayyip Erdogan', 'Putin', 'Zelenskiy'),
    ),
    Case(
        'Belarusian President Alexander Lukashenko said Minsk was ready to host a summit between the warring sides.',
        (
            Gold('Minsk', 53.9, 27.5667, 'settlement'),
        ),
        people=('Alexander Lukashenko',),
    ),
    Case(
        'Hungarian Prime Minister Viktor Orban travelled to Moscow and Beijing weeks after his country took over the rotating EU presidency.',
        (
            Gold('Moscow', 55.7522, 37.6156, 'settlement'),
            Gold('Beijing', 39.9075, 116.3972, 'settlement'),
        ),
        people=('Viktor Orban',),
    ),
    Case(
        'Orban has blocked several EU sanctions packages, arguing that Hungary cannot give up Russian oil.',
        (
            Gold('Hungary', 47.0, 20.0, 'country'),
        ),
        people=('Orban',),
    ),
    Case(
        'German Chancellor Friedrich Merz said Berlin would not send Taurus cruise missiles for now.',
        (
            Gold('Berlin', 52.5244, 13.4105, 'settlement'),
        ),
        people=('Friedrich Merz',),
        note='Taurus is a missile, not the mountains',
    ),
    Case(
        'Russian and Ukrainian delegations met in Istanbul on May 16 for their first direct talks since the spring of 2022.',
        (
            Gold('Istanbul', 41.0138, 28.9497, 'settlement'),
        ),
    ),
    Case(
        'U.S. and Russian officials held more than 12 hours of talks in Riyadh, Saudi Arabia, on Monday.',
        (
            Gold('U.S.', 39.76, -98.5, 'country'),
            Gold('Riyadh', 24.6877, 46.7219, 'settlement'),
            Gold('Saudi Arabia', 25.0, 45.0, 'country'),
        ),
    ),
    Case(
        'A further round is expected in Geneva, Swiss officials said, after delegations from Washington and Kyiv drafted a revised 19-point plan.',
        (
            Gold('Geneva', 46.2022, 6.1457, 'settlement'),
            Gold('Washington', 38.8951, -77.0364, 'settlement'),
            Gold('Kyiv', 50.4547, 30.5238, 'settlement'),
        ),
    ),
    Case(
        'Qatar has mediated the return of dozens of Ukrainian children from Russia, with families reunited at the Qatari embassy in Moscow.',
        (
            Gold('Qatar', 25.5, 51.25, 'country'),
            Gold('Russia', 60.0, 100.0, 'country'),
            Gold('Moscow', 55.7522, 37.6156, 'settlement'),
        ),
    ),
    Case(
        'Prisoner exchanges brokered by the United Arab Emirates have taken place on the Belarus-Ukraine border, with officials in Abu Dhabi confirming each swap.',
        (
            Gold('United Arab Emirates', 24.0, 54.0, 'country'),
            Gold('Belarus', 53.0, 28.0, 'country'),
            Gold('Ukraine', 49.0, 32.0, 'country'),
            Gold('Abu Dhabi', 24.4539, 54.3773, 'settlement'),
        ),
    ),
    Case(
        'NATO leaders gathered in The Hague for a summit dominated by defence spending and the war in Ukraine.',
        (
            Gold('The Hague', 52.0767, 4.2986, 'settlement'),
            Gold('Ukraine', 49.0, 32.0, 'country'),
        ),
    ),
    Case(
        'Finnish President Alexander Stubb spoke with Trump from Helsinki before flying to Washington for the White House meeting.',
        (
            Gold('Helsinki', 60.1695, 24.9354, 'settlement'),
            Gold('Washington', 38.8951, -77.0364, 'settlement'),
        ),
        people=('Alexander Stubb', 'Trump'),
        note="'the White House' is an institutional metonym, not annotated",
    ),
    Case(
        'Foreign ministers from Lithuania, Latvia, Estonia and Poland met in Vilnius and agreed to lay mines along their borders with Russia and Belarus.',
        (
            Gold('Lithuania', 56.0, 24.0, 'country'),
            Gold('Latvia', 57.0, 25.0, 'country'),
            Gold('Estonia', 59.0, 26.0, 'country'),
            Gold('Poland', 52.0, 20.0, 'country'),
            Gold('Vilnius', 54.6892, 25.2798, 'settlement'),
            Gold('Russia', 60.0, 100.0, 'country'),
            Gold('Belarus', 53.0, 28.0, 'country'),
        ),
    ),
    Case(
        "China's special envoy Li Hui visited Kyiv, Warsaw, Berlin, Paris, Brussels and Moscow on a tour aimed at promoting Beijing's peace plan.",
        (
            Gold('China', 35.0, 105.0, 'country'),
            Gold('Kyiv', 50.4547, 30.5238, 'settlement'),
            Gold('Warsaw', 52.2298, 21.0118, 'settlement'),
            Gold('Berlin', 52.5244, 13.4105, 'settlement'),
            Gold('Paris', 48.8534, 2.3488, 'settlement'),
            Gold('Brussels', 50.8505, 4.3488, 'settlement'),
            Gold('Moscow', 55.7522, 37.6156, 'settlement'),
            Gold('Beijing', 39.9075, 116.3972, 'settlement'),
        ),
        people=('Li Hui',),
    ),
    Case(
        'Western intelligence officials say Tehran has supplied Moscow with thousands of Shahed drones, while North Korea has sent troops to the Kursk region.',
        (
            Gold('Tehran', 35.6944, 51.4215, 'settlement'),
            Gold('Moscow', 55.7522, 37.6156, 'settlement'),
            Gold('North Korea', 40.0, 127.0, 'country'),
            Gold('Kursk region', 51.7, 36.3, 'region'),
        ),
    ),
    Case(
        'Doha has emerged as a quiet channel between Kyiv and Moscow on the return of deported children.',
        (
            Gold('Doha', 25.2855, 51.531, 'settlement'),
            Gold('Kyiv', 50.4547, 30.5238, 'settlement'),
            Gold('Moscow', 55.7522, 37.6156, 'settlement'),
        ),
    ),
    Case(
        'The International Criminal Court in The Hague issued an arrest warrant for Putin in March 2023.',
        (
            Gold('The Hague', 52.0767, 4.2986, 'settlement'),
        ),
        people=('Putin',),
    ),
    Case(
        "Moldova's president said drones had again violated the country's airspace, with one crashing near the border with Romania.",
        (
            Gold('Moldova', 47.0, 29.0, 'country'),
            Gold('Romania', 46.0, 25.0, 'country'),
        ),
    ),
    Case(
        'The coalition of the willing, led by London and Paris, is drafting plans for a reassurance force to be deployed after a ceasefire.',
        (
            Gold('London', 51.5085, -0.1257, 'settlement'),
            Gold('Paris', 48.8534, 2.3488, 'settlement'),
        ),
    ),
    Case(
        'Since 2022 Turkey has hosted prisoner exchanges and grain-deal negotiations in Istanbul.',
        (
            Gold('Turkey', 39.0, 35.0, 'country'),
            Gold('Istanbul', 41.0138, 28.9497, 'settlement'),
        ),
    ),
    Case(
        'Trump and Putin met at a military base in Anchorage on August 15, the first U.S.-Russia summit since 2021.',
        (
            Gold('Anchorage', 61.2181, -149.9003, 'settlement'),
            Gold('U.S.', 39.76, -98.5, 'country'),
            Gold('Russia', 60.0, 100.0, 'country'),
        ),
        people=('Trump', 'Putin'),
    ),
    Case(
        'Explosions shook Lviv, about 70 kilometres from the border with Poland, prompting Warsaw to scramble fighter jets.',
        (
            Gold('Lviv', 49.8383, 24.0232, 'settlement'),
            Gold('Poland', 52.0, 20.0, 'country'),
            Gold('Warsaw', 52.2298, 21.0118, 'settlement'),
        ),
    ),
    Case(
        "Ukrainian troops launched a surprise cross-border incursion into Russia's Kursk region in August 2024, seizing the town of Sudzha.",
        (
            Gold('Russia', 60.0, 100.0, 'country'),
            Gold('Kursk region', 51.7, 36.3, 'region'),
            Gold('Sudzha', 51.1919, 35.2708, 'settlement'),
        ),
    ),
    Case(
        'Russia said in March 2025 that it had recaptured Sudzha, the largest town Ukraine held in the Kursk region.',
        (
            Gold('Russia', 60.0, 100.0, 'country'),
            Gold('Sudzha', 51.1919, 35.2708, 'settlement'),
            Gold('Ukraine', 49.0, 32.0, 'country'),
            Gold('Kursk region', 51.7, 36.3, 'region'),
        ),
    ),
    Case(
        'The governor of the Belgorod region said a Ukrainian drone had struck a car near Belgorod, killing the driver.',
        (
            Gold('Belgorod region', 50.7, 37.3, 'region'),
            Gold('Belgorod', 50.6107, 36.5802, 'settlement', 1),
        ),
        note="'Belgorod' occurrence 0 is inside 'Belgorod region'",
    ),
    Case(
        'Explosions were reported at a military airfield in Crimea, which Russia annexed from Ukraine in 2014.',
        (
            Gold('Crimea', 45.3, 34.4, 'region'),
            Gold('Russia', 60.0, 100.0, 'country'),
            Gold('Ukraine', 49.0, 32.0, 'country'),
        ),
    ),
    Case(
        'Moscow has demanded that Kyiv withdraw its forces from the parts of the Donbas it still controls as a condition for any ceasefire.',
        (
            Gold('Moscow', 55.7522, 37.6156, 'settlement'),
            Gold('Kyiv', 50.4547, 30.5238, 'settlement'),
            Gold('Donbas', 48.5, 38.3, 'region'),
        ),
    ),
    Case(
        'Russian forces shelled 35 settlements in the Kherson region over the past day, killing one person, Governor Oleksandr Prokudin said.',
        (
            Gold('Kherson region', 46.7, 33.4, 'region'),
        ),
        people=('Oleksandr Prokudin',),
    ),
    Case(
        'Authorities ordered the evacuation of 11 more villages in the Sumy region as Russian troops massed near the border.',
        (
            Gold('Sumy region', 51.0, 34.1, 'region'),
        ),
    ),
    Case(
        "Fighting in Zaporizhzhia Oblast has intensified around Huliaipole, according to Ukraine's southern command.",
        (
            Gold('Zaporizhzhia Oblast', 47.5, 35.6, 'region'),
            Gold('Huliaipole', 47.6627, 36.2563, 'settlement'),
            Gold('Ukraine', 49.0, 32.0, 'country'),
        ),
    ),
    Case(
        "Air defences shot down drones over the Bryansk region and the Kursk region overnight, Russia's Defence Ministry said.",
        (
            Gold('Bryansk region', 52.9, 33.4, 'region'),
            Gold('Kursk region', 51.7, 36.3, 'region'),
            Gold('Russia', 60.0, 100.0, 'country'),
        ),
    ),
    Case(
        'Ukraine says Russia controls nearly all of the Luhansk region and about 70% of the Donetsk region.',
        (
            Gold('Ukraine', 49.0, 32.0, 'country'),
            Gold('Russia', 60.0, 100.0, 'country'),
            Gold('Luhansk region', 48.9, 39.0, 'region'),
            Gold('Donetsk region', 48.1, 37.75, 'region'),
        ),
    ),
    Case(
        'A Ukrainian drone strike on an oil refinery in the Rostov region sparked a large fire, the acting governor said.',
        (
            Gold('Rostov region', 47.7, 41.0, 'region'),
        ),
    ),
    Case(
        'The Kharkiv region was hit by more than 40 guided aerial bombs on Saturday, the regional military administration said.',
        (
            Gold('Kharkiv region', 49.5, 36.5, 'region'),
        ),
    ),
    Case(
        'The Kyiv Independent reported that air defences were active over Kyiv and the surrounding Kyiv region for more than five hours.',
        (
            Gold('Kyiv', 50.4547, 30.5238, 'settlement', 1),
            Gold('Kyiv region', 50.3, 30.6, 'region'),
        ),
        note="'Kyiv' occurrence 0 is inside the organisation name 'Kyiv Independent'",
    ),
    Case(
        "A Ukrainian missile strike hit the headquarters of the Black Sea Fleet in Sevastopol, Crimea's largest city.",
        (
            Gold('Sevastopol', 44.6, 33.525, 'settlement'),
            Gold('Crimea', 45.3, 34.4, 'region'),
        ),
        note="'Black Sea Fleet' is an organisation, not annotated",
    ),
    Case(
        'Debris from a downed drone fell on a residential building in Kursk, Governor Alexander Khinshtein said.',
        (
            Gold('Kursk', 51.7373, 36.1874, 'settlement'),
        ),
        people=('Alexander Khinshtein',),
    ),
    Case(
        'A drone attack on an industrial plant in Bryansk caused a fire, and sea drones targeted a naval base in Novorossiysk, regional officials said.',
        (
            Gold('Bryansk', 53.2521, 34.3717, 'settlement'),
            Gold('Novorossiysk', 44.7239, 37.7689, 'settlement'),
        ),
    ),
    Case(
        'The Moscow Times, citing sources in Moscow, reported that the mobilisation of reservists would be extended.',
        (
            Gold('Moscow', 55.7522, 37.6156, 'settlement', 1),
        ),
        note="occurrence 0 is inside the organisation name 'Moscow Times'",
    ),
    Case(
        'According to the Financial Times and the Washington Post, Washington is weighing new sanctions on Russian oil buyers.',
        (
            Gold('Washington', 38.8951, -77.0364, 'settlement', 1),
        ),
        note="occurrence 0 is inside 'Washington Post'",
    ),
    Case(
        'Russian units are trying to cross the Oskil river north of Kupiansk, Ukrainian officials said, to cut supply lines to the town.',
        (
            Gold('Oskil river', 49.55, 37.62, 'feature'),
            Gold('Kupiansk', 49.7106, 37.6156, 'settlement'),
        ),
    ),
    Case(
        'Ukrainian marines have held small bridgeheads across the Dnipro river from Kherson since late 2023.',
        (
            Gold('Dnipro river', 46.78, 33.2, 'feature'),
            Gold('Kherson', 46.6354, 32.6169, 'settlement'),
        ),
    ),
    Case(
        'Russian troops in Nova Kakhovka, on the left bank of the Dnipro river, shelled Kherson and nearby villages.',
        (
            Gold('Nova Kakhovka', 46.7548, 33.3486, 'settlement'),
            Gold('Dnipro river', 46.78, 33.2, 'feature'),
            Gold('Kherson', 46.6354, 32.6169, 'settlement'),
        ),
    ),
    Case(
        'Still, senior officials cautioned that no date had been set for the next round of negotiations.',
        (),
    ),
    Case(
        'Meanwhile, the defence ministry said it had received a new batch of artillery shells and would send them to front-line brigades within weeks.',
        (),
    ),
    Case(
        'Senior officials said the president would address parliament on Thursday.',
        (),
    ),
    Case(
        'However, no agreement has been reached on the exchange of prisoners, the spokesperson said.',
        (),
    ),
    Case(
        '"Putin is not going to stop," Kennedy said on Sunday.',
        (),
        people=('Putin', 'Kennedy'),
    ),
    Case(
        'The General Staff said its air defences had shot down 87 of 112 drones launched overnight.',
        (),
    ),
    Case(
        'Peskov told reporters the president had no plans to meet Zelenskiy "at this stage".',
        (),
        people=('Peskov', 'Zelenskiy'),
    ),
    Case(
        'Sybiha said the proposals were "a good basis" but warned against rewarding the aggressor.',
        (),
        people=('Sybiha',),
    ),
    Case(
        'Sullivan said the administration would ask Congress for additional funding before the end of the year.',
        (),
        people=('Sullivan',),
    ),
    Case(
        '"The Russians are paying an enormous price for every village," said Colonel Mark Marshall, a retired army officer.',
        (),
        people=('Mark Marshall',),
        note="'Russians' is a demonym; fictional officer",
    ),
    Case(
        'Blinken said on Friday that the new package included artillery ammunition and armoured vehicles.',
        (),
        people=('Blinken',),
    ),
)
