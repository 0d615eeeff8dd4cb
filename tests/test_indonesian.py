"""Indonesian attribution mechanisms, each on small invented sentences (no held-out text)."""
from __future__ import annotations

import pytest

from quotedb.extract import extract
from quotedb.extract.entities import find_entities
from quotedb.lexicon import load


def quotes(text: str):
    return extract(text, "id")


def one(text: str, kind: str | None = None):
    found = [q for q in quotes(text) if kind is None or q.type == kind]
    assert len(found) == 1, [(q.type, q.text, q.speaker) for q in found]
    return found[0]


def by_text(text: str, start: str):
    found = [q for q in quotes(text) if q.text.startswith(start)]
    assert len(found) == 1, [(q.type, q.text, q.speaker) for q in quotes(text)]
    return found[0]


# ---- trailing ", kata <organisation>" without quote marks ---------------------------------------
@pytest.mark.parametrize("text, speaker", [
    ("Ekspor batu bara turun tajam pada kuartal ketiga, kata Kementerian Perdagangan.", "Kementerian Perdagangan"),
    ("Harga beras di Jakarta naik dua kali lipat bulan ini, kata Badan Pusat Statistik (BPS) Indonesia.",
     "Badan Pusat Statistik"),
    ("Pyongyang menguji mesin roket baru di pantai barat pada Jumat, kata KCNA.", "KCNA"),
])
def test_trailing_kata_names_an_organization(text, speaker):
    quote = one(text)
    assert quote.type == "indirect" and quote.cue == "kata"
    assert quote.text == text.split(", kata")[0]
    assert quote.speaker == speaker and quote.speaker_kind == "organization"


def test_a_dateline_with_an_agency_in_brackets_is_not_part_of_the_clause():
    text = ("Bandung (KBN) - Banjir merendam ratusan rumah di Bandung selatan sejak Senin pagi, "
            "kata Badan Penanggulangan Bencana Daerah (BPBD) Jawa Barat.")
    quote = one(text)
    assert quote.text.startswith("Banjir merendam")
    assert quote.speaker == "Badan Penanggulangan Bencana Daerah"


def test_an_organization_name_at_the_end_of_a_sentence_leaves_the_period_out():
    registry = find_entities("Stok beras aman, kata Kementerian Pertanian.", load("id"))
    assert [org.name for org in registry.orgs.values()] == ["Kementerian Pertanian"]


# ---- cue words -----------------------------------------------------------------------------------
def test_berpendapat_reports_a_clause():
    quote = one("Rina Kusumawati berpendapat pemerintah perlu menaikkan anggaran riset.")
    assert quote.text == "pemerintah perlu menaikkan anggaran riset"
    assert quote.speaker == "Rina Kusumawati" and quote.cue == "berpendapat"


def test_menurutnya_is_according_to_the_last_person():
    text = ("Ekonom Bank Dunia, Hendra Saputra, mengatakan inflasi akan turun.\n\n"
            "Menurutnya, harga pangan sudah mulai stabil sejak Maret.")
    quote = by_text(text, "harga pangan")
    assert quote.text == "harga pangan sudah mulai stabil sejak Maret"
    assert quote.speaker == "Hendra Saputra" and quote.cue == "Menurutnya"


def test_a_comma_can_stand_for_bahwa():
    text = ("Menteri Perdagangan Budi Santoso mengatakan ekspor akan naik.\n\n"
            "Ia menambahkan, pemerintah sedang menyiapkan insentif baru bagi eksportir.")
    quote = by_text(text, "pemerintah")
    assert quote.type == "indirect" and quote.text == "pemerintah sedang menyiapkan insentif baru bagi eksportir"
    assert quote.speaker == "Budi Santoso"


def test_a_comma_before_a_list_is_not_a_reported_clause():
    assert quotes("Dia menyebutkan, antara lain, beras, gula, dan minyak goreng.") == []


# ---- pronoun endings and inverted verbs ----------------------------------------------------------
@pytest.mark.parametrize("verb", ["katanya", "ujarnya", "tuturnya", "ucapnya", "tambahnya"])
def test_a_pronoun_ending_on_the_verb_is_the_last_person(verb):
    text = ("Menteri Perdagangan Budi Santoso mengatakan ekspor akan naik.\n\n"
            f"\"Kami siap berunding dengan semua mitra dagang,\" {verb}.")
    quote = one(text, "direct")
    assert quote.speaker == "Budi Santoso" and quote.cue == verb and quote.role == "Menteri Perdagangan"


def test_ucap_and_tulis_are_inverted_speech_verbs():
    text = ("Pengamat politik dari Universitas Airlangga, Ratna Dewi Lestari, menilai koalisi itu rapuh.\n\n"
            "\"Ini hanya soal waktu sebelum mereka pecah,\" ucap Ratna.")
    quote = one(text, "direct")
    assert quote.speaker == "Ratna Dewi Lestari" and quote.cue == "ucap"
    assert quote.affiliation == "Universitas Airlangga"


def test_tulis_with_a_described_newspaper_points_back_to_it():
    text = ("Harian Kompas memuat laporan khusus tentang banjir.\n\n"
            "\"Bencana ini seharusnya bisa dicegah sejak awal,\" tulis harian tersebut dalam tajuknya.")
    quote = one(text, "direct")
    assert quote.speaker == "Kompas" and quote.speaker_kind == "organization" and quote.cue == "tulis"


def test_a_time_phrase_between_speaker_and_verb_is_skipped():
    text = "Presiden Prabowo Subianto saat itu menyebut kesepakatan tersebut sebagai \"langkah bersejarah bagi kawasan\"."
    quote = one(text, "direct")
    assert quote.text == "langkah bersejarah bagi kawasan"
    assert quote.speaker == "Prabowo Subianto" and quote.cue == "menyebut"


def test_an_adjunct_between_speaker_and_verb_is_skipped():
    quote = one("Kementerian Kesehatan dalam keterangan tertulis menyatakan kasus baru terus menurun.")
    assert quote.text == "kasus baru terus menurun"
    assert quote.speaker == "Kementerian Kesehatan" and quote.speaker_kind == "organization"


# ---- relayed sources -----------------------------------------------------------------------------
def test_an_outlet_citing_an_unnamed_source_is_the_speaker():
    quote = one("Kantor berita Antara, mengutip sumber di kepolisian, melaporkan bahwa dua tersangka telah ditangkap.")
    assert quote.text == "dua tersangka telah ditangkap"
    assert quote.speaker == "Antara" and quote.speaker_kind == "organization"


def test_an_outlet_citing_a_named_source_gives_the_floor_to_that_source():
    quote = one("AFP, mengutip KCNA, melaporkan bahwa Pyongyang telah menguji mesin roket baru.")
    assert quote.speaker == "KCNA" and quote.speaker_kind == "organization"  # the name as the article writes it


# ---- names referred to by any part -----------------------------------------------------------------
def test_an_indonesian_name_is_referred_to_by_its_first_part():
    text = ("Pengamat politik dari Universitas Airlangga, Ratna Dewi Lestari, menilai koalisi itu rapuh.\n\n"
            "Menurut Ratna, partai-partai kecil akan mencari mitra baru.")
    quote = by_text(text, "partai-partai")
    assert quote.speaker == "Ratna Dewi Lestari" and quote.role == "Pengamat politik"


def test_a_korean_name_is_still_referred_to_by_its_surname():
    text = ("Wakil Menteri Luar Negeri Korea Selatan, Lee Jae-won, mengatakan dialog harus dilanjutkan.\n\n"
            "\"Kami tidak akan menyerah pada diplomasi,\" kata Lee.")
    quote = one(text, "direct")
    assert quote.speaker == "Lee Jae-won" and quote.affiliation == "South Korea"


def test_short_names_by_language():
    text = "Dosen Universitas Andalas, Putri Anggraini Siregar, dan Kim Soo-hyun hadir."
    registry = find_entities(text, load("id"))
    putri = registry.person_named("Putri Anggraini Siregar")
    kim = registry.person_named("Kim Soo-hyun")
    assert {"Putri", "Anggraini", "Siregar"} <= registry.short_names(putri)
    assert registry.short_names(kim) == {"Kim"}
    english = find_entities(text, load("en"))
    assert english.short_names(english.person_named("Putri Anggraini Siregar")) == {"Siregar"}


# ---- anonymous sources -----------------------------------------------------------------------------
def test_a_described_official_of_a_ministry_is_anonymous():
    quote = one("Seorang peneliti Badan Riset Nasional mengatakan kualitas udara Jakarta terus memburuk.")
    assert quote.speaker is None and quote.speaker_kind == "anonymous"
    assert quote.role == "peneliti" and quote.affiliation == "Badan Riset Nasional"


def test_a_relative_clause_between_speaker_and_verb_and_a_later_pronoun():
    text = ("Seorang pejabat Kementerian Keuangan yang enggan disebutkan namanya mengatakan anggaran subsidi "
            "akan dipangkas.\n\n\"Kami masih menghitung angkanya,\" ujarnya.\n\n"
            "Ia menambahkan, keputusan akhir akan diambil bulan depan.")
    found = quotes(text)
    assert [q.text for q in found] == ["anggaran subsidi akan dipangkas", "Kami masih menghitung angkanya,",
                                       "keputusan akhir akan diambil bulan depan"]
    for quote in found:
        assert quote.speaker is None and quote.speaker_kind == "anonymous"
        assert quote.role == "pejabat" and quote.affiliation == "Kementerian Keuangan"


def test_a_relative_clause_after_a_thing_gives_no_speaker():
    assert quotes("Laporan yang dirilis pada Senin menyebutkan bahwa angka kemiskinan turun.") == []


# ---- roles and affiliations ------------------------------------------------------------------------
def test_an_ambassador_serves_the_country_before_untuk():
    quote = one("Duta Besar Jepang untuk Indonesia, Kenji Tanaka, mengatakan investasi Jepang akan bertambah.")
    assert quote.speaker == "Kenji Tanaka"
    assert quote.role == "Duta Besar Jepang untuk Indonesia" and quote.affiliation == "Japan"
    quote = one("Agus Wirawan, Duta Besar RI untuk Jepang, mengatakan hubungan kedua negara semakin erat.")
    assert quote.speaker == "Agus Wirawan" and quote.affiliation == "Indonesia"


def test_a_title_then_an_organization_then_the_name():
    quote = one("Sekretaris Jenderal PBB Antonio Guterres dalam pidatonya mengatakan perang harus dihentikan.")
    assert quote.speaker == "Antonio Guterres" and quote.role == "Sekretaris Jenderal"
    assert quote.affiliation in ("United Nations", "PBB")


def test_a_university_is_named_from_its_head_word():
    quote = one("Dosen Ilmu Politik Universitas Diponegoro, Maya Sari, berpendapat pemilu berjalan tertib.")
    assert quote.speaker == "Maya Sari" and quote.affiliation == "Universitas Diponegoro"


def test_a_sentence_after_a_name_is_not_its_apposition():
    quote = one("Kepala Badan Pangan Nasional, Arief Nugroho, mengatakan kepada wartawan di Surabaya bahwa stok beras aman.")
    assert quote.speaker == "Arief Nugroho" and not quote.role.startswith("mengatakan")
    assert quote.affiliation == "Badan Pangan Nasional"


def test_yang_pernah_menjabat_sebagai_gives_the_role():
    registry = find_entities("Bambang Hartono, yang pernah menjabat sebagai Duta Besar RI untuk Rusia pada 2010-2014, hadir.",
                        load("id"))
    assert registry.person_named("Bambang Hartono").role == "Duta Besar RI untuk Rusia"


# ---- titles in quotes --------------------------------------------------------------------------------
def test_a_quoted_title_after_bertajuk_is_not_a_quotation():
    text = ("Menteri Kesehatan Siti Rahmawati mengatakan vaksin sudah tersedia. Ia berbicara dalam diskusi "
            "bertajuk \"Masa Depan Kesehatan di Asia Tenggara\" di Bandung.")
    found = quotes(text)
    assert [q.text for q in found] == ["vaksin sudah tersedia"]
    assert found[0].speaker == "Siti Rahmawati" and found[0].role == "Menteri Kesehatan"


def test_the_indonesian_foreign_ministry_under_its_short_name():
    text = ("Kementerian Luar Negeri RI memanggil duta besar Myanmar.\n\n"
            "Seorang diplomat Kemlu mengatakan surat protes itu sudah dikirim.")
    quote = one(text)
    assert quote.speaker is None and quote.speaker_kind == "anonymous" and quote.role == "diplomat"
    assert quote.affiliation == "Kementerian Luar Negeri RI" and "Kemlu" in quote.affiliation_aliases
