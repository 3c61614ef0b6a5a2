"""Lay, historical and English words mapped to the words the statutes use.

This is the place to extend when a search misses because the asker and the law use
different words (gaji vs upah, majikan vs Pemberi Kerja, PJTKI vs Perusahaan Penempatan
Pekerja Migran Indonesia, "employer" vs Pemberi Kerja).  It is plain data, read by
:class:`pmi_law.retrieval.lexical.Analyzer`, which expands a *query* (never the indexed text) with
the statutory phrases a lay phrase maps to, at a lower weight than the asker's own words.

Rules for entries:

- keys are lower-case phrases of one or more words, written as a person would type them
  ("potong gaji", "human trafficking"); they are matched on the query's word sequence,
  ignoring a trailing -nya/-ku/-mu/-lah/-kah and an English plural -s, so list other
  inflections ("dipenjara") as keys of their own;
- values are phrases as they appear in the statutes; they are analysed like the
  indexed text (stop words dropped, Sastrawi stems), so write them in full words;
- keep values short: every word of every value becomes a query term.

``ABBREVIATIONS`` holds the statutory abbreviations (``SIP3MI``) with the phrase each
stands for.  They expand both ways: the abbreviation adds the phrase's words, and the
full phrase in a query adds the abbreviation.  Definitions parsed from a law ("... yang
selanjutnya disebut P3MI") add more at run time through
:meth:`pmi_law.retrieval.lexical.Analyzer.add_abbreviation`.
"""

from __future__ import annotations

# Statutory phrases used by several entries below.
_UPAH = ("upah",)
_PEMBERI_KERJA = ("pemberi kerja",)
_P3MI = ("perusahaan penempatan pekerja migran indonesia", "p3mi")
_PMI = ("pekerja migran indonesia",)
_CPMI = ("calon pekerja migran indonesia",)
_ORANG_PERSEORANGAN = ("orang perseorangan",)
_BADAN = ("badan",)
_MENTERI = ("menteri", "kementerian")
_PERWAKILAN = ("perwakilan republik indonesia",)
_DOKUMEN = ("dokumen", "paspor", "dokumen perjalanan")
_PERJANJIAN_KERJA = ("perjanjian kerja",)
_JAMINAN_SOSIAL = ("jaminan sosial",)
_NONPROSEDURAL = ("tidak sesuai prosedur", "nonprosedural", "tidak memenuhi persyaratan")
_PULANG = ("kepulangan", "pemulangan")
_PIDANA = ("pidana",)
_PIDANA_PENJARA = ("pidana penjara",)
_PIDANA_DENDA = ("pidana denda",)
_PERDAGANGAN_ORANG = ("perdagangan orang",)
_USIA = ("usia minimal 18 tahun",)
_PELATIHAN = ("pelatihan kerja",)
_PEMERIKSAAN_KESEHATAN = ("pemeriksaan kesehatan",)
_MORATORIUM = ("penghentian dan/atau pelarangan penempatan",)
_PENEMPATAN = ("penempatan",)
_BIAYA = ("biaya", "biaya penempatan")
_KEKERASAN = ("kekerasan",)
_RUMAH_TANGGA = ("rumah tangga", "pemberi kerja perseorangan")
_AWAK_KAPAL = ("awak kapal", "pelaut", "perikanan")
_PHK = ("pemutusan hubungan kerja",)
_SENGKETA = ("perselisihan", "sengketa")


def _same(keys: str, value: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """Map every comma-separated key in ``keys`` to ``value``."""
    return {key.strip(): value for key in keys.split(",") if key.strip()}


SYNONYMS: dict[str, tuple[str, ...]] = {
    # wages and costs
    **_same("gaji, gajian, honor, honorarium, bayaran, salary, wage, pay", _UPAH),
    **_same(
        "potong gaji, potongan gaji, pemotongan gaji, gaji dipotong, salary deduction, "
        "memotong gaji, dipotong gaji, motong gaji, wage deduction, deducted",
        # a deduction by the agency is placement costs charged to the worker
        (*_UPAH, "pemotongan upah", *_BIAYA, "membebankan biaya penempatan"),
    ),
    **_same("ongkos, fee, cost, pungutan", _BIAYA),
    **_same("overcharging, biaya berlebih, jeratan utang, debt bondage", ("biaya penempatan",)),
    # employer
    **_same("majikan, bos, boss, juragan, tauke, employer", _PEMBERI_KERJA),
    # agencies and recruiters
    **_same(
        "agen, agent, pjtki, pptkis, pptki, perusahaan pengerah, "
        "perusahaan pengerah tenaga kerja, penyalur, perusahaan penyalur, agen penyalur, "
        "recruitment agency, recruiter",
        (*_P3MI, "pptkis"),
    ),
    # an "agensi" abroad (Taiwan, Hong Kong) is the foreign partner, the law's Mitra Usaha
    **_same("agensi, agency, foreign agency", (*_P3MI, "mitra usaha")),
    "sponsor": (*_P3MI, *_ORANG_PERSEORANGAN),
    **_same("calo, makelar, tekong, broker, perantara", _ORANG_PERSEORANGAN),
    **_same("recruitment, recruit, rekrutmen, rekrut", (*_PENEMPATAN, "perekrutan")),
    **_same("placement, pengiriman, penyaluran, deployment", _PENEMPATAN),
    # the worker
    **_same(
        "tki, tkw, bmi, buruh migran, pahlawan devisa, tenaga kerja indonesia, "
        "tenaga kerja wanita, migrant worker, overseas worker, worker abroad",
        _PMI,
    ),
    **_same("calon tki, calon tkw, prospective migrant worker", _CPMI),
    **_same(
        "pembantu rumah tangga, prt, asisten rumah tangga, art, domestic worker, maid, helper",
        (*_RUMAH_TANGGA, *_PMI),
    ),
    **_same("abk, seafarer, fisherman, fishermen, crew, nelayan", _AWAK_KAPAL),
    # PP 22/2022 treats merchant and fishing crews in parallel chapters: the kind of ship decides
    **_same(
        "kapal kargo, kapal barang, kapal tanker, kapal kontainer, kapal pesiar, cargo ship, "
        "container ship, cruise ship, merchant ship, tanker",
        ("kapal niaga", "awak kapal niaga"),
    ),
    **_same(
        "kapal ikan, kapal penangkap ikan, fishing boat, fishing vessel, trawler",
        ("kapal perikanan", "awak kapal perikanan"),
    ),
    # a carer living in with a family works for a private person, not a company
    **_same(
        "caregiver, carer, perawat lansia, merawat lansia, jaga lansia, merawat nenek, "
        "merawat kakek, merawat orang tua, jaga jompo, pengasuh, babysitter, nanny",
        ("pemberi kerja perseorangan", "rumah tangga"),
    ),
    **_same("worker", ("pekerja",)),
    **_same("family", ("keluarga",)),
    # institutions
    **_same("bnp2tki, bp2mi, bp3mi, bp3tki, p4tki", _BADAN),
    **_same(
        "kemnaker, kemenaker, depnaker, kementerian tenaga kerja, kementerian ketenagakerjaan, "
        "menaker, menteri tenaga kerja, ministry of manpower, labour ministry, labor ministry, "
        "ministry, minister",
        _MENTERI,
    ),
    **_same(
        "disnaker, dinas tenaga kerja, dinas ketenagakerjaan",
        ("pemerintah daerah", "dinas"),
    ),
    **_same(
        "kbri, kjri, kdei, kedutaan, kedutaan besar, konsulat, konjen, embassy, consulate",
        _PERWAKILAN,
    ),
    **_same("government, pemda", ("pemerintah",)),
    **_same("local government", ("pemerintah daerah",)),
    **_same("village, kampung, kelurahan", ("desa",)),
    **_same("kades, village head, village government", ("pemerintah desa", "kepala desa")),
    **_same("company, firm, pt", ("perusahaan", "badan usaha", "korporasi")),
    **_same("one stop service", ("layanan terpadu satu atap",)),
    # colloquial short forms
    **_same("info, infonya", ("informasi",)),
    **_same("mancanegara", ("luar negeri",)),
    # forced work and debt are what the trafficking law calls exploitation
    **_same(
        "dipaksa bekerja, dipaksa kerja, kerja paksa, forced labour, forced labor, forced to work",
        ("eksploitasi", "kerja paksa", "perdagangan orang"),
    ),
    **_same("utang, hutang, debt", ("utang",)),
    # risks the law names
    **_same("narkoba, drugs, narcotics", ("narkotika",)),
    **_same("radicalism, radicalisation, radicalization, terrorism", ("radikalisasi",)),
    # documents
    **_same("paspor, passport", _DOKUMEN),
    **_same(
        "tahan paspor, menahan paspor, paspor ditahan, passport withholding, passport confiscation",
        # the worker's right to hold their own travel documents (UU 18/2017 Pasal 6 ayat (1) huruf j)
        ("menahan dokumen", "menguasai dokumen perjalanan", *_DOKUMEN),
    ),
    **_same("visa, work visa, working visa, izin kerja, work permit", ("visa kerja",)),
    **_same(
        "dokumen palsu, pemalsuan dokumen, fake document, forged document",
        ("pemalsuan dokumen",),
    ),
    **_same(
        "kontrak, kontrak kerja, contract, employment contract, work contract",
        (*_PERJANJIAN_KERJA, "perjanjian penempatan"),
    ),
    **_same(
        "asuransi, bpjs, bpjs ketenagakerjaan, jamsostek, insurance, social security",
        _JAMINAN_SOSIAL,
    ),
    # irregular migration
    **_same(
        "ilegal, illegal, gelap, non prosedural, unprocedural, undocumented, irregular, "
        "tidak resmi, tanpa dokumen",
        _NONPROSEDURAL,
    ),
    # return
    **_same(
        "pulang, pulang kampung, repatriasi, repatriation, return home, go home",
        _PULANG,
    ),
    **_same(
        "deport, deportasi, dideportasi, deportation, deported",
        ("deportasi", *_PULANG),
    ),
    # the situations in which the law has workers brought home or evacuated
    **_same(
        "war, fighting, armed conflict, civil war, konflik, konflik bersenjata, kerusuhan, "
        "unrest, riot, riots",
        ("perang", "peperangan"),
    ),
    **_same("evacuate, evacuated, evacuation, rescue, evakuasi", ("evakuasi",)),
    **_same(
        "natural disaster, earthquake, flood, tsunami, gempa, gempa bumi, banjir",
        ("bencana alam",),
    ),
    **_same(
        "epidemic, pandemic, outbreak, pandemi, covid, wabah",
        ("wabah penyakit",),
    ),
    # sanctions
    **_same(
        "dipenjara, dihukum, hukuman, penalty, punishment, criminal",
        _PIDANA,
    ),
    **_same("prison, jail, imprisonment, penjara", _PIDANA_PENJARA),
    **_same("denda, fine, fined", _PIDANA_DENDA),
    **_same("sanction, sanksi", ("sanksi", "sanksi administratif")),
    **_same("izin dicabut, cabut izin, revoke, revocation", ("pencabutan izin",)),
    **_same("license, licence, permit", ("izin",)),
    # trafficking and abuse
    **_same(
        "human trafficking, trafficking, trafficking in persons, perdagangan manusia",
        _PERDAGANGAN_ORANG,
    ),
    **_same(
        "disiksa, dianiaya, penganiayaan, penyiksaan, violence, abuse, abused, dipukul, dipukuli, "
        "ditampar, ditendang, memukul, pukul, kdrt, beat, beats, beating, beaten, hit me, slapped, "
        "kicked",
        _KEKERASAN,
    ),
    **_same(
        "pelecehan, pelecehan seksual, diperkosa, sexual harassment",
        (*_KEKERASAN, "kekerasan seksual"),
    ),
    **_same("discrimination", ("diskriminasi",)),
    # age
    # "di bawah umur" speaks of an age limit; "anak" alone does not (child labour, trafficking)
    **_same("di bawah umur, bawah umur, underage", _USIA),
    **_same("child, children, minor", ("anak",)),
    **_same("umur, age, age limit, batas umur", ("usia",)),
    # training and health
    **_same("pelatihan, training, kursus, course", _PELATIHAN),
    **_same("balai latihan kerja, tempat pelatihan", ("lembaga pelatihan kerja",)),
    **_same(
        "medical check up, medical checkup, medical, check up, cek kesehatan, "
        "tes kesehatan, medical examination, health check",
        _PEMERIKSAAN_KESEHATAN,
    ),
    **_same("psychological test, tes psikologi", ("pemeriksaan psikologi",)),
    **_same("health", ("kesehatan",)),
    **_same("death, died, meninggal, wafat", ("meninggal dunia",)),
    **_same("corpse, body repatriation", ("jenazah",)),
    # work conditions
    **_same("dipecat, pecat, fired, dismissal, termination", _PHK),
    **_same("jam kerja, working hours", ("waktu kerja",)),
    **_same("overtime", ("lembur", "waktu kerja")),
    **_same("libur, day off, rest day", ("waktu istirahat", "cuti")),
    **_same("dispute, sengketa, konflik", _SENGKETA),
    **_same(
        "complaint, complain, complained, lapor, melapor, keluhan, aduan, mengadu", ("pengaduan",)
    ),
    # bans and policy
    **_same(
        "ban, moratorium, placement ban, ban on placement, larangan penempatan",
        _MORATORIUM,
    ),
    # general English legal notions
    **_same("protection, protect", ("pelindungan",)),
    **_same("right, rights", ("hak",)),
    **_same("obligation, duty, duties", ("kewajiban",)),
    **_same("legal aid, legal assistance", ("bantuan hukum", "pendampingan")),
    **_same("court", ("pengadilan",)),
    **_same("investigation, investigator", ("penyidikan", "penyidik")),
    **_same("supervision, inspection, oversight", ("pengawasan",)),
    **_same("skills, skill, competence", ("kompetensi", "keterampilan")),
    **_same("certificate", ("sertifikat",)),
    **_same("language", ("bahasa",)),
    **_same("destination country, host country", ("negara tujuan penempatan",)),
    **_same("country", ("negara",)),
    **_same("abroad, overseas", ("luar negeri",)),
    **_same("manpower, labour, labor", ("ketenagakerjaan", "tenaga kerja")),
    **_same("reintegration", ("reintegrasi", "pemberdayaan")),
    **_same("cooperation, agreement", ("kerja sama", "perjanjian")),
    **_same("crime, criminal act, offence, offense", ("tindak pidana",)),
    **_same("corporation, corporate", ("korporasi",)),
    **_same("document, documents, paperwork, papers", ("dokumen",)),
    **_same("requirement, requirements, requisite, conditions", ("persyaratan", "syarat")),
    **_same(
        "enrol, enroll, enrolled, enrolment, enrollment, sign up, signing up, signed up, "
        "registered, registration",
        ("terdaftar", "kepesertaan"),
    ),
    **_same("responsible, liable, liability", ("tanggung jawab",)),
    **_same("send, sending, dispatch", ("penempatan", "pemberangkatan")),
    # plain translator's equivalences of general legal English
    **_same("departure, depart", ("pemberangkatan",)),
    **_same("prosecute, prosecuted, prosecution", ("penuntutan", "dipidana")),
    **_same("information", ("informasi",)),
    **_same("job vacancy, job vacancies", ("lowongan pekerjaan",)),
    **_same("victim, victims", ("korban",)),
    **_same("compensation, restitution", ("restitusi", "ganti kerugian")),
    **_same("maternity leave", ("cuti melahirkan", "istirahat melahirkan")),
    **_same("miscarriage", ("gugur kandungan", "keguguran")),
    **_same("sick, illness", ("sakit",)),
    **_same("strike", ("mogok kerja",)),
    **_same("trade union, labour union, labor union", ("serikat pekerja",)),
    **_same("ship, vessel, boat", ("kapal",)),
    **_same("bankrupt, bankruptcy", ("pailit",)),
    **_same("owner", ("pemilik",)),
    **_same("attaché, attache, labour attaché", ("atase ketenagakerjaan",)),
    **_same("household, private household", ("rumah tangga", "pemberi kerja perseorangan")),
    **_same("revoked, repealed, no longer in force", ("dicabut", "tidak berlaku")),
    **_same("regulation, government regulation", ("peraturan pemerintah",)),
    **_same("home, trip home", ("pemulangan",)),
    **_same("pays, pay for, paid by, cost of", ("biaya", "ditanggung")),
    **_same("lawyer, advocate", ("advokat", "bantuan hukum")),
    **_same("death penalty", ("hukuman mati", "pidana mati")),
    # criminal procedure, in the words a non-lawyer uses (English and Indonesian)
    **_same("evidence, proof, bukti", ("alat bukti",)),
    **_same(
        "screenshot, screenshots, whatsapp, chat, chats, sms, email, e-mail, voice note, "
        "voice notes, recording, rekaman, tangkapan layar",
        ("informasi elektronik", "dokumen elektronik", "alat bukti"),
    ),
    **_same("trial, hearing, sidang, persidangan", ("sidang pengadilan", "pemeriksaan")),
    **_same("witness, witnesses, testify, testimony", ("saksi", "keterangan saksi")),
    **_same("judge, judges", ("hakim",)),
    **_same("prosecutor, jaksa", ("penuntut umum",)),
    **_same("police, polisi", ("kepolisian", "penyidik")),
    **_same("arrest, arrested, ditangkap", ("penangkapan",)),
    **_same("detention, detained, ditahan polisi", ("penahanan",)),
    **_same("prisoner, inmate, napi, narapidana, in prison, di penjara", ("narapidana", "tahanan")),
    **_same("verdict, judgment, judgement, ruling, vonis", ("putusan",)),
    **_same("appeal, banding", ("upaya hukum", "banding")),
    **_same(
        "consent, consented, agreed, willingly, setuju, mau sendiri, atas kemauan sendiri",
        ("persetujuan",),
    ),
    **_same(
        "lie, lied, lying, false information, false statement, bohong, berbohong, ngaku, "
        "mengaku, keterangan bohong, data bohong",
        ("keterangan palsu", "data palsu", "informasi palsu"),
    ),
    **_same("interpreter, translator, penerjemah", ("penerjemah",)),
    # care and shelter
    **_same("shelter, safe house, rumah aman, penampungan", ("rumah perlindungan", "penampungan")),
    **_same("visit, visits, kunjungan, menjenguk, jenguk", ("kunjungan",)),
    **_same(
        "mental illness, mental health, depression, stress, depresi, gila, stres",
        ("gangguan jiwa", "kesehatan jiwa", "psikologis"),
    ),
    **_same("hospital, rumah sakit", ("rumah sakit", "perawatan")),
    **_same("treatment, medical care, rawat, berobat", ("perawatan", "pengobatan")),
    # oversight and help, as people say them
    **_same(
        "check, checks, monitor, monitoring, keep an eye, oversee, supervise, mengawasi, ngawasin",
        ("pengawasan",),
    ),
    **_same("treated, treatment of workers, diperlakukan", ("perlakuan",)),
    **_same(
        "help, assist, assistance, support, pendampingan",
        ("fasilitasi", "bantuan", "pendampingan"),
    ),
    **_same("collect, recover, nagih, menagih, tagih", ("pemenuhan hak", "penagihan")),
    **_same(
        "unpaid, not paid, tidak dibayar, nggak dibayar, belum dibayar", ("upah", "pemenuhan hak")
    ),
    # the three stages of protection (UU 18/2017 Pasal 7) as people name them
    **_same(
        "after returning, after return, after returning home, returned home, after coming home, "
        "setelah pulang, sesudah pulang, sudah pulang, pulang dari luar negeri, purna, purna pmi",
        ("setelah bekerja",),
    ),
    **_same(
        "before leaving, before departure, before going abroad",
        ("sebelum bekerja",),
    ),
    **_same(
        "while working abroad, while abroad, during employment, selama di luar negeri, "
        "selama kerja di luar negeri",
        ("selama bekerja",),
    ),
    **_same("student, students, pelajar, mahasiswa", ("pelajar",)),
    **_same("sink, sank, sunk, tenggelam, shipwreck, kapal karam", ("kapal tenggelam", "musibah")),
    **_same("married, marriage, nikah, menikah, kawin", ("status perkawinan", "kawin")),
}
"""Lay, historical or English phrase (lower case) → statutory phrases it stands for."""


ABBREVIATIONS: dict[str, str] = {
    "pmi": "pekerja migran indonesia",
    "cpmi": "calon pekerja migran indonesia",
    "p3mi": "perusahaan penempatan pekerja migran indonesia",
    "sip3mi": "surat izin perusahaan penempatan pekerja migran indonesia",
    "sip2mi": "surat izin perekrutan pekerja migran indonesia",
    "ltsa": "layanan terpadu satu atap",
    "bp2mi": "badan pelindungan pekerja migran indonesia",
    "bp3mi": "balai pelayanan pelindungan pekerja migran indonesia",
    "bnp2tki": "badan nasional penempatan dan perlindungan tenaga kerja indonesia",
    "bp3tki": "balai pelayanan penempatan dan perlindungan tenaga kerja indonesia",
    "upt": "unit pelaksana teknis",
    "ktkln": "kartu tenaga kerja luar negeri",
    "tki": "tenaga kerja indonesia",
    "pptkis": "pelaksana penempatan tenaga kerja indonesia swasta",
    "sipptki": "surat izin pelaksana penempatan tenaga kerja indonesia",
    "g to g": "antar pemerintah",
    "g2g": "antar pemerintah",
    "opp": "orientasi pra pemberangkatan",
    "pap": "pembekalan akhir pemberangkatan",
    "phk": "pemutusan hubungan kerja",
    "tppo": "tindak pidana perdagangan orang",
    "kbri": "kedutaan besar republik indonesia",
    "kjri": "konsulat jenderal republik indonesia",
    "kdei": "kantor dagang dan ekonomi indonesia",
    "blk": "balai latihan kerja",
    "lpk": "lembaga pelatihan kerja",
    "bpjs": "badan penyelenggara jaminan sosial",
    "wni": "warga negara indonesia",
    "ham": "hak asasi manusia",
    "pkwt": "perjanjian kerja waktu tertentu",
    "pkwtt": "perjanjian kerja waktu tidak tertentu",
    "pkb": "perjanjian kerja bersama",
    "kemnaker": "kementerian ketenagakerjaan",
    "disnaker": "dinas tenaga kerja",
}
"""Statutory abbreviation (lower case) → the phrase it abbreviates."""
