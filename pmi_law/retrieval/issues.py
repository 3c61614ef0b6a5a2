"""The legal issues a client's question raises, each asked again in the law's own words.

A legal-aid client tells a story: four months unpaid, the passport kept, the agency saying it
is not its business. Each of those is a legal issue with its own provisions, and the words of
the story rarely are the law's ("gaji tidak dibayar" for *upah*, "lepas tangan" for the
agency's *tanggung jawab*). An issue here is a checklist entry of the kind legal-aid workers
use: plain-word triggers, and a short statutory question that the search can answer. The
search asks each issue's question beside the client's own (search.py), and groups its answer
by issue when the question holds more than one.

Rules for entries: triggers are lay, English and statutory words of the *situation*, never of
one eval question; the statutory question uses the law's vocabulary and names no Pasal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Issue:
    """A legal issue: its id, the label shown to users, and the question in statutory words."""

    name: str
    label: str
    question: str
    triggers: re.Pattern[str]

    def found_in(self, text: str) -> bool:
        return bool(self.triggers.search(text))


def _issue(name: str, label: str, question: str, *triggers: str) -> Issue:
    pattern = r"\b(?:" + "|".join(triggers) + r")"
    return Issue(name, label, question, re.compile(pattern, re.I))


ISSUES: tuple[Issue, ...] = (
    _issue(
        "wages",
        "Upah tidak dibayar atau ditahan",
        "hak Pekerja Migran Indonesia atas upah sesuai Perjanjian Kerja dan pemenuhan hak"
        " yang tidak dibayar Pemberi Kerja",
        r"gaji\w*\s+(?:\w+\s+){0,4}(?:tidak|belum|gak|nggak|ga|tak)\s+(?:di)?(?:bayar|kirim|terima)",
        r"(?:tidak|belum|gak|nggak|ga|tak)\s+(?:di)?(?:bayar|gaji|digaji)",
        r"gaji\w*\s+(?:\w+\s+){0,3}ditahan",
        r"unpaid",
        r"(?:not|never)\s+(?:been\s+)?paid",
        r"upah\s+(?:\w+\s+){0,2}(?:tidak|belum)\s+dibayar",
    ),
    _issue(
        "documents",
        "Dokumen atau paspor ditahan",
        "hak Pekerja Migran Indonesia menguasai dokumen perjalanan paspor selama bekerja",
        r"paspor\w*\s+(?:\w+\s+){0,4}(?:ditahan|dipegang|disimpan|diambil|disita)",
        r"(?:menahan|tahan|pegang|memegang|mengambil|ambil|menyita)\s+(?:\w+\s+){0,2}paspor",
        r"(?:ijazah|ktp|dokumen)\w*\s+(?:\w+\s+){0,3}(?:ditahan|dipegang)",
        r"(?:took|kept|holds?|holding|keeps?|confiscated?)\s+(?:\w+\s+){0,2}passport",
        r"passport\s+(?:\w+\s+){0,3}(?:taken|kept|held|confiscated)",
    ),
    _issue(
        "fees",
        "Biaya penempatan dan potongan gaji",
        "Pekerja Migran Indonesia tidak dapat dibebani biaya penempatan; larangan membebankan"
        " komponen biaya penempatan yang ditanggung Pemberi Kerja",
        r"(?:gaji|upah)\w*\s+(?:\w+\s+){0,3}dipotong",
        r"potong(?:an)?\s+gaji",
        r"memotong\s+gaji",
        r"biaya\s+penempatan",
        r"nanggung\s+biaya",
        r"menanggung\s+biaya",
        r"bayar\s+(?:biaya|ongkos)",
        r"setor\s+(?:\w+\s+){0,2}(?:juta|ribu|uang)",
        r"utang\s+(?:biaya|ke\s+(?:pt|agen))",
        r"placement\s+fees?",
        r"(?:wage|salary)\s+deductions?",
        r"deduct(?:ed|s|ing)?",
    ),
    _issue(
        "violence",
        "Kekerasan oleh pemberi kerja",
        "Pelindungan Pekerja Migran Indonesia dari kekerasan dan penganiayaan selama bekerja"
        " serta pemulangan dan pendampingan korban",
        r"dipukul\w*",
        r"disiksa",
        r"dianiaya",
        r"ditampar",
        r"kekerasan",
        r"diperkosa",
        r"pelecehan",
        r"(?:beaten|hit|abused|raped|tortured|assaulted)\b",
    ),
    _issue(
        "contract",
        "Pekerjaan tidak sesuai perjanjian kerja",
        "larangan menempatkan Pekerja Migran Indonesia pada jabatan dan jenis pekerjaan yang"
        " tidak sesuai dengan Perjanjian Kerja",
        r"(?:tidak|nggak|gak|beda|lain)\s+(?:\w+\s+){0,2}(?:sesuai|dari|dengan)\s+(?:\w+\s+){0,1}"
        r"(?:kontrak|perjanjian)",
        r"pekerjaan\s+(?:yang\s+)?lain",
        r"different\s+(?:job|work)",
        r"not\s+(?:what|the\s+job)\s+(?:\w+\s+){0,3}contract",
    ),
    _issue(
        "death",
        "Pekerja meninggal dunia",
        "kewajiban memberitahukan keluarga dan memulangkan jenazah Pekerja Migran Indonesia"
        " yang meninggal dunia serta menanggung biayanya",
        r"meninggal",
        r"wafat",
        r"jenazah",
        r"died",
        r"death",
        r"passed\s+away",
    ),
    _issue(
        "illness",
        "Sakit, kecelakaan kerja dan jaminan sosial",
        "jaminan sosial Pekerja Migran Indonesia atas sakit dan kecelakaan kerja serta pemulangan",
        r"sakit",
        r"kecelakaan",
        r"dirawat",
        r"rumah\s+sakit",
        r"bpjs",
        r"jaminan\s+sosial",
        r"(?:sick|ill|illness|injured|injury|accident|hospital)\b",
        r"social\s+security",
    ),
    _issue(
        "return",
        "Pemulangan",
        "pemulangan Pekerja Migran Indonesia sampai ke daerah asal dalam keadaan perang"
        " bencana deportasi dan biaya pemulangan",
        r"dipulangkan",
        r"pulang\s+ke\s+(?:kampung|indonesia|tanah\s+air|rumah)",
        r"pemulangan",
        r"kepulangan",
        r"dideportasi",
        r"deportasi",
        r"perang(?!kat)",  # not "perangkat" (apparatus)
        r"kerusuhan",
        r"bencana",
        r"(?:deported|deportation|evacuat\w+|fighting|war|bring\s+(?:\w+\s+){0,3}back)\b",
    ),
    _issue(
        "complaints",
        "Tempat mengadu dan bantuan perwakilan",
        "pengaduan Pekerja Migran Indonesia kepada Perwakilan Republik Indonesia dan Badan"
        " serta pelayanan kekonsuleran dan tempat penampungan sementara",
        r"mengadu",
        r"pengaduan",
        r"melapor",
        r"lapor\s+ke",
        r"kemana|ke\s+mana",
        r"kbri|kjri|konsulat|kedutaan",
        r"menampung|penampungan|shelter",
        r"(?:complain\w*|report\s+(?:it|this|to)|embassy|consulate|hotline)\b",
    ),
    _issue(
        "agency_duty",
        "Tanggung jawab perusahaan penempatan",
        "kewajiban dan tanggung jawab Perusahaan Penempatan Pekerja Migran Indonesia"
        " menyelesaikan permasalahan Pekerja Migran Indonesia yang ditempatkannya",
        r"lepas\s+tangan",
        r"(?:pt|agen|agensi|perusahaan|penyalur|sponsor)\w*\s+(?:\w+\s+){0,4}"
        r"(?:tanggung\s+jawab|bertanggung\s+jawab|kewajiban|wajib)",
        r"(?:tanggung\s+jawab|kewajiban)\s+(?:\w+\s+){0,2}(?:pt|agen|perusahaan|penyalur)",
        r"nelantar\w*|ditelantarkan|menelantarkan",
        r"(?:agency|recruiter)\s+(?:\w+\s+){0,3}(?:responsib\w+|liable|duty|obliged)",
    ),
    _issue(
        "legal_aid",
        "Bantuan hukum",
        "bantuan hukum dan pendampingan Pekerja Migran Indonesia yang menghadapi masalah"
        " hukum berupa fasilitasi jasa advokat oleh Perwakilan Republik Indonesia",
        r"pengacara",
        r"advokat",
        r"bantuan\s+hukum",
        r"pendampingan\s+hukum",
        r"ditangkap",
        r"ditahan\s+polisi",
        r"dipenjara",
        r"disidang|sidang|pengadilan",
        r"(?:lawyer|legal\s+aid|arrested|detained|court|trial)\b",
    ),
    _issue(
        "unlicensed",
        "Perekrut tanpa izin",
        "orang perseorangan dilarang melaksanakan penempatan Pekerja Migran Indonesia; setiap"
        " orang yang menempatkan tanpa izin",
        r"calo(?!n)",  # not "calon" (a prospective worker)
        r"sponsor",
        r"perekrut(?!an)",  # not "perekrutan" (recruitment, the law's own word)
        r"merekrut",
        r"tanpa\s+izin",
        r"tidak\s+berizin",
        r"ilegal",
        r"bukan\s+(?:orang\s+)?(?:pt|perusahaan)",
        r"(?:unlicensed|illegal\s+recruit\w*|no\s+(?:recruitment\s+)?(?:permit|licen[cs]e))",
    ),
    _issue(
        "minors",
        "Anak di bawah umur",
        "batas usia minimal 18 tahun Calon Pekerja Migran Indonesia; larangan menempatkan"
        " yang tidak memenuhi persyaratan umur",
        r"di\s+bawah\s+umur",
        r"(?:umur|usia)\s+1[0-7]\b",
        r"1[0-7]\s+tahun",
        r"masih\s+(?:sekolah|kelas|sma|smp)",
        r"(?:underage|under\s+18|minor|child|(?:1[0-7])\s*(?:years?\s+old|-year-old))\b",
    ),
    _issue(
        "trafficking",
        "Perdagangan orang",
        "tindak pidana perdagangan orang membawa warga negara Indonesia ke luar wilayah"
        " untuk dieksploitasi dan hak korban atas restitusi",
        r"perdagangan\s+orang",
        r"tppo",
        r"dijual",
        r"dikurung",
        r"disekap",
        r"eksploitasi|dieksploitasi",
        r"dipaksa\s+(?:\w+\s+){0,2}(?:melayani|bekerja|kerja)",
        r"(?:traffick\w*|forced\s+(?:labou?r|prostitution))",
    ),
    _issue(
        "false_data",
        "Data atau dokumen palsu",
        "memberikan data dan informasi tidak benar dalam pengisian dokumen Pekerja Migran"
        " Indonesia; pemalsuan dokumen",
        r"palsu",
        r"dipalsukan",
        r"memalsukan",
        r"ngaku",
        r"mengaku",
        r"tidak\s+benar",
        r"(?:fake|false|forged)\s+(?:\w+\s+){0,1}(?:data|document|papers|age|identity)",
    ),
)


def issues_in(question: str) -> list[Issue]:
    """The issues a question raises, in the checklist's order."""
    return [issue for issue in ISSUES if issue.found_in(question)]
