"""Family names and first names of the communities in a Flemish school, with their languages."""

from __future__ import annotations

from dataclasses import dataclass

from mobility_desk.domain.enums import GuardianLanguage
from mobility_desk.domain.text import strip_accents


def _names(text: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in text.split(",") if name.strip())


@dataclass(frozen=True)
class Origin:
    """Family names and first names of one community in a Flemish school."""

    pupil_weight: float
    staff_weight: float
    surnames: tuple[str, ...]
    girls: tuple[str, ...]
    boys: tuple[str, ...]
    women: tuple[str, ...]
    men: tuple[str, ...]
    languages: tuple[tuple[GuardianLanguage, float], ...]
    halal_share: float = 0.0
    newcomer_share: float = 0.0
    feminine_surnames: bool = False  # Polish: Wiśniewski -> Wiśniewska


_NL = GuardianLanguage.NL
_EN = GuardianLanguage.EN
_FR = GuardianLanguage.FR
_OTHER = GuardianLanguage.OTHER

ORIGINS: tuple[Origin, ...] = (
    Origin(  # Flemish (and a few francophone Belgian families)
        pupil_weight=0.60,
        staff_weight=0.86,
        surnames=_names(
            "Peeters, Janssens, Maes, Jacobs, Mertens, Willems, Claes, Goossens, Wouters, "
            "De Smet, Van den Broeck, D'Hondt, Vermeulen, Lambrechts, Hermans, Van Damme, Aerts, "
            "Pauwels, Smets, Verstraete, Michiels, Van de Velde, Declercq, De Backer, Martens, "
            "Verhoeven, Cools, Van Dyck, De Wilde, Dewulf, Coppens, Segers, Van Hoof, Bogaerts, "
            "Stevens, Verbruggen, Van Looy, Wuyts, Heylen, Vandenberghe, De Vos, Baert, Geerts, "
            "Van Acker, Vervoort, Bosmans, Engelen, Verlinden, De Cock, Huysmans, Thys, Moens, "
            "Dierckx, Vanderstraeten, Schepers, Nijs, Van Hecke, Sels, Verschueren, Rombouts, "
            "Op de Beeck, Van der Auwera, Cuypers, Dubois, Lemmens, Vandevelde, Boeckx, Desmet"
        ),
        girls=_names(
            "Lotte, Fien, Emma, Louise, Marie, Ella, Noor, Lore, Nore, Hanne, Elise, Jana, Anna, "
            "Lien, Febe, Lisa, Mila, Julie, Amber, Kato, Ine, Zoë, Jolien, Axelle, Roos, Ona, "
            "Fleur, Tess, Lara, Charlotte, Amélie, Chloë, Anaïs, Noémie, Jade, Luna, Marthe"
        ),
        boys=_names(
            "Noah, Wout, Lucas, Arthur, Liam, Louis, Jules, Mathis, Finn, Vic, Seppe, Lars, "
            "Warre, Stan, Milan, Siebe, Kobe, Jasper, Mathias, Rune, Tuur, Lowie, Bent, Thibo, "
            "Ruben, Daan, Senne, Jens, Robbe, Wannes, Jef, Brent, Gilles, Matteo, Xander, Emiel, "
            "Niels, Cas, Jérôme"
        ),
        women=_names(
            "An, Katrien, Els, Sofie, Veerle, Inge, Griet, Nathalie, Sarah, Evelien, Leen, Tine, "
            "Kristel, Hilde, Liesbeth, Ilse, Karen, Annelies, Joke, Nele, Sien, Ann-Sophie, "
            "Caroline, Hélène, Elke, Lies"
        ),
        men=_names(
            "Bart, Koen, Tom, Pieter, Steven, Kristof, Wim, Geert, Jan, Dirk, Filip, Peter, "
            "Johan, Frederik, Jeroen, Bert, Wouter, Tim, Dries, Joris, Stijn, Davy, Kurt, Sven, "
            "Thomas, Benoît"
        ),
        languages=((_NL, 0.95), (_FR, 0.04), (_EN, 0.01)),
    ),
    Origin(  # Moroccan
        pupil_weight=0.11,
        staff_weight=0.04,
        surnames=_names(
            "El Amrani, Benali, Bouzid, El Idrissi, Azzouzi, El Khattabi, Boukhari, Amrani, "
            "El Ouardi, Ait Lahcen, Bakkali, Chaouki, Haddouchi, Ouali, Ziani, Mansouri, Tahiri, "
            "El Bouzidi, Boulaich, Achahbar, El Hamdaoui"
        ),
        girls=_names(
            "Aya, Yasmina, Salma, Imane, Nour, Hiba, Malak, Lina, Sara, Ikram, Soukaina, Rania, "
            "Meryem, Hajar, Khadija, Inès"
        ),
        boys=_names(
            "Mohamed, Adam, Ayoub, Bilal, Ilyas, Amine, Hamza, Yassine, Rayan, Anas, Ismaïl, "
            "Zakaria, Souhail, Othman"
        ),
        women=_names("Fatima, Khadija, Naima, Rachida, Malika, Samira, Hafida, Latifa, Nadia"),
        men=_names(
            "Mohamed, Abdelkader, Mustapha, Hassan, Rachid, Said, Driss, Abdellah, Karim, Youssef"
        ),
        languages=((_NL, 0.60), (_FR, 0.34), (_OTHER, 0.06)),
        halal_share=0.45,
    ),
    Origin(  # Turkish
        pupil_weight=0.08,
        staff_weight=0.03,
        surnames=_names(
            "Yılmaz, Çelik, Öztürk, Şahin, Aydın, Kaya, Demir, Yıldız, Arslan, Doğan, Kılıç, "
            "Aslan, Çetin, Korkmaz, Özdemir, Güneş, Koç, Kurt, Erdoğan, Bulut"
        ),
        girls=_names(
            "Elif, Zeynep, Ayşe, Esra, Büşra, Melike, Derya, Sıla, Ecrin, Defne, Nisa, Hatice, "
            "Merve, İlayda"
        ),
        boys=_names(
            "Yusuf, Emir, Mehmet, Mustafa, Ömer, Burak, Emre, Kerem, Eymen, Arda, Hüseyin, "
            "Furkan, Berkay, Çağan"
        ),
        women=_names("Fatma, Ayşe, Emine, Hülya, Sevgi, Gülsüm, Nurcan, Özlem, Serpil"),
        men=_names("Ahmet, Mehmet, Hasan, İbrahim, Murat, Cengiz, Erkan, Osman, Şükrü, Ali"),
        languages=((_NL, 0.78), (_OTHER, 0.12), (_EN, 0.10)),
        halal_share=0.40,
    ),
    Origin(  # Polish
        pupil_weight=0.04,
        staff_weight=0.02,
        surnames=_names(
            "Nowak, Wiśniewski, Kowalczyk, Wójcik, Kowalski, Kamiński, Lewandowski, Zieliński, "
            "Woźniak, Dąbrowski, Szymański, Mazur, Krawczyk, Grabowski"
        ),
        girls=_names(
            "Zofia, Zuzanna, Hanna, Julia, Maja, Amelia, Alicja, Wiktoria, Natalia, Lena, Oliwia"
        ),
        boys=_names(
            "Jakub, Antoni, Jan, Szymon, Filip, Kacper, Mikołaj, Wojciech, Bartosz, Michał, Łukasz"
        ),
        women=_names("Agnieszka, Katarzyna, Małgorzata, Joanna, Anna, Magdalena, Ewa, Beata"),
        men=_names("Piotr, Krzysztof, Tomasz, Paweł, Marek, Grzegorz, Andrzej, Łukasz"),
        languages=((_NL, 0.45), (_EN, 0.40), (_OTHER, 0.15)),
        feminine_surnames=True,
    ),
    Origin(  # Congolese
        pupil_weight=0.04,
        staff_weight=0.02,
        surnames=_names(
            "Kabongo, Mukendi, Ilunga, Tshibangu, Mbuyi, Kalonji, Mulumba, Kasongo, Lukusa, "
            "Ngalula, Kabeya, Mutombo, Nkulu, Banza, Lumbala, Makiadi, Nsimba"
        ),
        girls=_names(
            "Grâce, Merveille, Divine, Précieuse, Exaucée, Naomi, Esther, Christelle, Bénédicte, "
            "Dorcas, Ruth, Gloire"
        ),
        boys=_names(
            "Josué, Glody, Exaucé, Dieumerci, Jonathan, Benjamin, Héritier, Emmanuel, Israël, "
            "Caleb, Samuel"
        ),
        women=_names(
            "Chantal, Marie-Claire, Odette, Bernadette, Thérèse, Mireille, Sylvie, Jeannine"
        ),
        men=_names("Jean-Pierre, Joseph, Pierre, Albert, Didier, Serge, Fidèle, Célestin"),
        languages=((_FR, 0.65), (_NL, 0.33), (_EN, 0.02)),
    ),
    Origin(  # Albanian / Kosovar
        pupil_weight=0.03,
        staff_weight=0.01,
        surnames=_names("Berisha, Krasniqi, Gashi, Hoxha, Shala, Morina, Bytyçi, Kelmendi"),
        girls=_names("Donjeta, Elona, Blerta, Arta, Albëna, Rinë, Erza"),
        boys=_names("Arbër, Dren, Leart, Ardit, Endrit, Lorik, Valon"),
        women=_names("Drita, Valbona, Mimoza, Shqipe, Lumturije"),
        men=_names("Fatmir, Bekim, Agim, Besnik, Ilir"),
        languages=((_NL, 0.60), (_EN, 0.20), (_OTHER, 0.20)),
        halal_share=0.25,
    ),
    Origin(  # Romanian
        pupil_weight=0.03,
        staff_weight=0.01,
        surnames=_names(
            "Popescu, Ionescu, Popa, Constantin, Dumitru, Stan, Stoica, Gheorghe, Munteanu, "
            "Răducanu, Bălan, Țurcanu, Ștefănescu"
        ),
        girls=_names("Ioana, Maria, Andreea, Elena, Alexandra, Bianca, Ana-Maria, Ștefania"),
        boys=_names("Andrei, Alexandru, Ștefan, Mihai, David, Ionuț, Răzvan, Gabriel, Darius"),
        women=_names("Mihaela, Cristina, Daniela, Florentina, Gabriela, Loredana"),
        men=_names("Ion, Vasile, Gheorghe, Marian, Florin, Cătălin, Costel"),
        languages=((_NL, 0.35), (_EN, 0.45), (_OTHER, 0.20)),
        newcomer_share=0.15,
    ),
    Origin(  # Syrian
        pupil_weight=0.03,
        staff_weight=0.005,
        surnames=_names(
            "Al-Hassan, Haddad, Khalil, Al-Ahmad, Darwish, Hamdan, Al-Masri, Shaheen, Kassab, "
            "Al-Khatib, Sabbagh, Nasser"
        ),
        girls=_names("Lana, Rama, Sidra, Jana, Hala, Reem, Leen, Joud, Maya"),
        boys=_names("Omar, Ahmad, Karam, Majd, Yazan, Taim, Ward, Khaled, Hadi"),
        women=_names("Rasha, Ghada, Hanan, Mona, Suha, Lubna"),
        men=_names("Mahmoud, Khaled, Bassam, Nizar, Walid, Samer"),
        languages=((_NL, 0.35), (_EN, 0.40), (_OTHER, 0.25)),
        halal_share=0.60,
        newcomer_share=0.30,
    ),
    Origin(  # Ukrainian
        pupil_weight=0.02,
        staff_weight=0.005,
        surnames=_names(
            "Shevchenko, Kovalenko, Bondarenko, Tkachenko, Kravchenko, Melnyk, Boyko, Oliynyk"
        ),
        girls=_names("Sofiia, Anastasiia, Yeva, Daryna, Viktoriia, Polina"),
        boys=_names("Maksym, Artem, Oleksandr, Danylo, Bohdan, Nazar"),
        women=_names("Olena, Iryna, Tetiana, Nataliia, Oksana"),
        men=_names("Andrii, Serhii, Volodymyr, Dmytro, Oleh"),
        languages=((_EN, 0.50), (_OTHER, 0.30), (_NL, 0.20)),
        newcomer_share=0.50,
    ),
    Origin(  # Vietnamese
        pupil_weight=0.02,
        staff_weight=0.01,
        surnames=_names("Nguyễn, Trần, Lê, Phạm, Hoàng, Vũ, Đặng, Bùi, Đỗ, Huỳnh"),
        girls=_names("Linh, Ngọc Anh, Thảo, Mai, Hương, Phương, Vy, Trang"),
        boys=_names("Minh, Huy, Đức, Khánh, Bảo, Quang, Nam, Tuấn"),
        women=_names("Thị Hoa, Lan, Thu, Hằng, Ngọc"),
        men=_names("Văn Hùng, Thanh, Dũng, Quốc, Hải"),
        languages=((_NL, 0.60), (_EN, 0.30), (_OTHER, 0.10)),
    ),
)


def fold(text: str) -> str:
    """ASCII letters only, for e-mail addresses and timetable codes: 'Çelik' -> 'Celik'."""
    return "".join(c for c in strip_accents(text) if c.isascii() and c.isalpha())


def feminine(surname: str) -> str:
    for male, female in (("ski", "ska"), ("cki", "cka"), ("dzki", "dzka")):
        if surname.endswith(male):
            return surname[: -len(male)] + female
    return surname
