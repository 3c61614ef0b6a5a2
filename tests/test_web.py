"""The web app in a real headless Chromium (Debian's chromium + chromium-driver, via selenium).

The server runs in a thread of the test process on a free loopback port, over the session's
Library. Screenshots of the main pages go to ``screenshots/`` (git-ignored; or the folder
$PMI_LAW_SCREENSHOTS names) for a person to look at; with PMI_LAW_REFRESH_DOCS=1 the search
page's also replaces ``docs/search.png``, the README's picture. These tests fail, never skip, when Chromium is missing: run
``bash scripts/install-browser.sh``.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
import uvicorn
from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from pmi_law.serve.api import create_app
from pmi_law.serve.web import slug
from pmi_law.views import provision_view

ROOT = Path(__file__).resolve().parent.parent
SHOTS = Path(os.environ.get("PMI_LAW_SCREENSHOTS") or ROOT / "screenshots")


def _browser_paths() -> tuple[str, str]:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if not chromium or not driver:
        pytest.fail(
            "Chromium and chromedriver are needed for the browser tests: "
            "run `bash scripts/install-browser.sh` (apt: chromium chromium-driver)"
        )
    return chromium, driver


@pytest.fixture(scope="module")
def server(library) -> Iterator[str]:
    library.searcher()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(create_app(library), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


def _driver(*, javascript: bool = True, phone: bool = False) -> webdriver.Chrome:
    chromium, chromedriver = _browser_paths()
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"):
        options.add_argument(arg)
    if phone:  # headless windows are at least 500 px wide: emulate the phone's screen instead
        metrics = {"width": 390, "height": 844, "pixelRatio": 1}
        options.add_experimental_option("mobileEmulation", {"deviceMetrics": metrics})
    else:
        options.add_argument("--window-size=1280,900")
    if not javascript:
        options.add_experimental_option(
            "prefs", {"profile.managed_default_content_settings.javascript": 2}
        )
    driver = webdriver.Chrome(options=options, service=Service(chromedriver))
    driver.set_page_load_timeout(60)
    return driver


@pytest.fixture(scope="module")
def browser() -> Iterator[webdriver.Chrome]:
    driver = _driver()
    yield driver
    driver.quit()


def shot(driver: webdriver.Chrome, name: str, *, full: bool = False) -> None:
    SHOTS.mkdir(exist_ok=True)
    if full:  # grow the window to the page so the screenshot shows all of it
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(driver.get_window_size()["width"], min(int(height) + 40, 4000))
    driver.save_screenshot(str(SHOTS / f"{name}.png"))


def wait(driver: webdriver.Chrome, seconds: float = 30) -> WebDriverWait:
    return WebDriverWait(driver, seconds)


def test_search_open_result_and_read_penjelasan(server, browser, library):
    browser.get(server + "/")
    box = browser.find_element(By.ID, "q")
    box.send_keys("majikan menahan paspor saya")
    box.submit()
    wait(browser).until(ec.presence_of_element_located((By.CSS_SELECTOR, "ol.hits li.hit")))
    hits = browser.find_elements(By.CSS_SELECTOR, "ol.hits li.hit a.hit-link")
    expected = [h.citation for h in library.search("majikan menahan paspor saya", k=10)]
    assert [a.text for a in hits] == expected
    assert browser.find_elements(By.CSS_SELECTOR, "ol.hits mark")
    browser.find_element(By.CSS_SELECTOR, "details.why summary").click()
    shot(browser, "search")
    if os.environ.get("PMI_LAW_REFRESH_DOCS") == "1":  # the README's picture, from this test
        shutil.copyfile(SHOTS / "search.png", ROOT / "docs" / "search.png")

    def explained(citation: str) -> list[str]:
        """The Penjelasan texts a unit's page shows: its own, those above it up to its Pasal, below it."""
        node = library.get(citation.removeprefix("Penjelasan "))
        above = []
        n = node.parent if node.kind != "pasal" else None
        while n is not None and n.kind in ("pasal", "ayat", "huruf"):
            above.append(n)
            n = n.parent if n.kind != "pasal" else None
        return [m.elucidation for m in [*above, *node.walk()] if m.elucidation]

    rank = next(i for i, c in enumerate(expected) if explained(c))
    hits[rank].click()
    wait(browser).until(ec.presence_of_element_located((By.CSS_SELECTOR, "h1.citation")))
    node = library.get(expected[rank].removeprefix("Penjelasan "))
    assert browser.find_element(By.CSS_SELECTOR, "h1.citation").text == node.citation
    penjelasan = browser.find_element(By.ID, "penjelasan")
    assert penjelasan.find_element(By.TAG_NAME, "h2").text == "Penjelasan"
    for text in explained(node.citation):
        assert " ".join(text.split())[:60] in " ".join(penjelasan.text.split())
    shot(browser, "provision", full=True)
    browser.set_window_size(1280, 900)


def test_follow_a_cross_reference(server, browser, library):
    source = next(
        p
        for p in library.document("UU 18/2017").nodes("pasal")
        if provision_view(library, p)["cites"]
    )
    target = provision_view(library, source)["cites"][0]
    browser.get(server + "/ketentuan/" + quote(source.citation))
    link = browser.find_element(By.LINK_TEXT, target)
    link.click()
    wait(browser).until(ec.url_contains(quote(library.get(target).citation)))
    assert browser.find_element(By.CSS_SELECTOR, "h1.citation").text == library.get(target).citation
    back = [a.text for a in browser.find_elements(By.CSS_SELECTOR, ".refs a")]
    assert any(source.citation == c or c.startswith(source.citation + " ") for c in back)


def test_copy_citation(server, browser):
    citation = "UU 18/2017 Pasal 6 ayat (1) huruf j"
    browser.get(server + "/ketentuan/" + quote(citation))
    browser.execute_cdp_cmd(
        "Browser.grantPermissions",
        {"origin": server, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]},
    )
    button = browser.find_element(By.CSS_SELECTOR, "button.copy-button")
    assert button.is_displayed()
    button.click()
    status = browser.find_element(By.CSS_SELECTOR, ".copy-status")
    wait(browser, 10).until(lambda d: status.text)
    assert status.text == f"Disalin: {citation}"
    copied = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "navigator.clipboard.readText().then(done, e => done('error: ' + e));"
    )
    assert copied == citation
    shot(browser, "copy-citation")


def test_script_query_is_shown_as_text(server, browser):
    query = '<script>alert("pwned")</script><img src=x onerror=alert(1)>'
    browser.get(server + "/")
    box = browser.find_element(By.ID, "q")
    box.send_keys(query)
    box.submit()
    wait(browser).until(ec.presence_of_element_located((By.CSS_SELECTOR, ".summary, .error")))
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text  # noqa: B018 - reading it raises when no alert is open
    assert browser.find_element(By.ID, "q").get_attribute("value") == query
    shown = browser.find_elements(By.CSS_SELECTOR, "q.query")
    assert shown and shown[0].text == " ".join(query.split())
    assert not browser.find_elements(By.CSS_SELECTOR, "main img")
    shot(browser, "script-query")


def test_document_and_glossary_pages(server, browser, library):
    browser.get(server + "/dokumen")
    rows = browser.find_elements(By.CSS_SELECTOR, "table.documents tbody tr")
    assert len(rows) == len(library.entries)
    shot(browser, "documents")
    browser.find_element(By.LINK_TEXT, "UU 18/2017").click()
    wait(browser).until(ec.presence_of_element_located((By.CSS_SELECTOR, "details.toc")))
    browser.find_element(By.CSS_SELECTOR, 'details.toc a[href="#pasal-6"]').click()
    assert browser.execute_script("return location.hash") == "#pasal-6"
    assert browser.find_element(By.ID, "pasal-6-ayat-1").is_displayed()
    browser.execute_script("window.scrollTo(0, 0)")
    shot(browser, "document")
    browser.get(server + "/istilah")
    first = library.document("UU 18/2017").definitions[0]
    assert browser.find_element(By.CSS_SELECTOR, "dl dt").text.startswith(first.term)
    shot(browser, "glossary")


def test_works_without_javascript_on_a_phone(server):
    """JS off, 390 px wide: search works, the citation stays copyable from its text field."""
    driver = _driver(javascript=False, phone=True)
    try:
        driver.get(server + "/?q=" + quote("agen memotong gaji"))
        assert driver.find_elements(By.CSS_SELECTOR, "ol.hits li.hit")
        width = driver.execute_script("return document.documentElement.scrollWidth")
        assert width <= 390  # nothing wider than the phone's screen
        shot(driver, "search-phone")
        driver.get(server + "/ketentuan/" + quote("UU 18/2017 Pasal 6"))
        assert not driver.find_element(By.CSS_SELECTOR, "button.copy-button").is_displayed()
        field = driver.find_element(By.CSS_SELECTOR, "input.citation-text")
        assert field.is_displayed() and field.get_attribute("value") == "UU 18/2017 Pasal 6"
        shot(driver, "provision-phone")
    finally:
        driver.quit()


REVOKED_BG = "rgb(251, 228, 228)"  # --revoked-bg in style.css: only revoked or replaced laws


def _background(driver: webdriver.Chrome, element) -> str:
    return driver.execute_script("return getComputedStyle(arguments[0]).backgroundColor", element)


def test_versions_list_and_status_styles(server, browser, library):
    """A twice-amended Pasal lists its versions as dated lines linking the amending
    provisions; badges are styled by kind: a law in force, amended or not, is never red."""
    citation = "UU 18/2017 Pasal 51"
    view = provision_view(library, library.get(citation))
    browser.set_window_size(1280, 900)
    browser.get(server + "/ketentuan/" + quote(citation))
    items = browser.find_elements(By.CSS_SELECTOR, "ol.versions li.version")
    labels = [i.find_element(By.CSS_SELECTOR, ".version-label").text for i in items]
    assert labels == [v["label"] for v in view["versions"]]
    assert "current" in items[-1].get_attribute("class")
    links = [i.find_elements(By.CSS_SELECTOR, ".version-label a") for i in items]
    assert [[a.text for a in found] for found in links] == [
        [v["by"]] if v["by"] else [] for v in view["versions"]
    ]
    badge = browser.find_element(By.CSS_SELECTOR, ".unit-status .badge")
    assert badge.text == view["unit_status"]["label"]
    assert "status-diubah" in badge.get_attribute("class")
    amended_bg = _background(browser, badge)
    assert amended_bg != REVOKED_BG
    shot(browser, "provision-versions", full=True)
    browser.set_window_size(1280, 900)
    links[-1][0].click()  # the amending provision itself
    wait(browser).until(ec.url_contains(quote("Perppu 2/2022 Pasal 84")))
    assert browser.find_element(By.CSS_SELECTOR, "h1.citation").text == view["versions"][-1]["by"]

    browser.get(server + "/ketentuan/" + quote("UU 18/2017 Pasal 69"))
    plain = browser.find_element(By.CSS_SELECTOR, ".unit-status .badge")
    assert plain.text == "berlaku sejak 2017-11-22 (teks asli)"
    assert _background(browser, plain) not in (REVOKED_BG, amended_bg)
    browser.get(server + "/ketentuan/" + quote("UU 39/2004 Pasal 1"))
    revoked = browser.find_element(By.CSS_SELECTOR, ".unit-status .badge")
    assert "dicabut" in revoked.text and _background(browser, revoked) == REVOKED_BG

    browser.get(server + "/dokumen")
    rows = browser.find_elements(By.CSS_SELECTOR, "table.documents tbody tr")
    for row in rows:
        status = row.find_element(By.CSS_SELECTOR, ".badge")
        red = _background(browser, status) == REVOKED_BG
        assert red == status.text.startswith("dicabut"), status.text
    shot(browser, "documents-status")

    browser.get(server + "/dokumen/" + quote("UU 18/2017"))
    marked = browser.find_elements(By.CSS_SELECTOR, "h3.pasal.changed")
    assert {h.get_attribute("id") for h in marked} >= {"pasal-51", "pasal-89a"}
    inserted = browser.find_element(By.CSS_SELECTOR, "#pasal-89a .badge")
    assert inserted.text.startswith("disisipkan oleh")
    assert _background(browser, inserted) not in (REVOKED_BG, amended_bg)
    browser.execute_script("document.getElementById('pasal-51').scrollIntoView()")
    shot(browser, "document-changes")


def test_follow_a_delegation_to_the_regulation_and_back(server, browser, library):
    """UU 18/2017 Pasal 64 → (Dilaksanakan oleh) PP 22/2022 → (Melaksanakan) Pasal 64 again;
    then the same back from a unit of PP 22/2022, and the /delegasi page."""
    law = "UU 18/2017 Pasal 64"
    browser.get(server + "/ketentuan/" + quote(law))
    section = browser.find_element(By.ID, "dilaksanakan-oleh")
    assert section.find_element(By.TAG_NAME, "h2").text == "Dilaksanakan oleh"
    shot(browser, "delegation-law", full=True)
    browser.set_window_size(1280, 900)
    section.find_element(By.LINK_TEXT, "PP 22/2022").click()
    wait(browser).until(ec.url_contains(quote("/dokumen/PP 22/2022")))
    assert browser.find_element(By.TAG_NAME, "h1").text == "PP 22/2022"
    back = browser.find_element(By.ID, "melaksanakan")
    shot(browser, "delegation-regulation")
    back.find_element(By.LINK_TEXT, law).click()
    wait(browser).until(ec.url_contains(quote(law)))
    assert browser.find_element(By.CSS_SELECTOR, "h1.citation").text == law

    unit = library.get("PP 22/2022 Pasal 2").citation
    browser.get(server + "/ketentuan/" + quote(unit))
    browser.find_element(By.ID, "melaksanakan").find_element(By.LINK_TEXT, law).click()
    wait(browser).until(ec.url_contains(quote(law)))
    assert browser.find_element(By.CSS_SELECTOR, "h1.citation").text == law

    browser.get(server + "/delegasi")
    rows = browser.find_elements(By.CSS_SELECTOR, "table.delegations tbody tr")
    assert len(rows) == len(library.delegations("UU 18/2017", generic=False)) == 27
    row = next(r for r in rows if r.find_element(By.TAG_NAME, "td").text == law)
    assert "PP 22/2022" in row.text and "dilaksanakan" in row.text
    pp10 = next(r for r in rows if "Pasal 50 ayat (2)" in r.find_element(By.TAG_NAME, "td").text)
    pp10.find_element(By.TAG_NAME, "summary").click()  # restating units fold away
    pp10.find_element(By.LINK_TEXT, "PP 10/2020 Pasal 3 ayat (1)").click()
    wait(browser).until(ec.url_contains(quote("PP 10/2020 Pasal 3 ayat (1)")))
    up = browser.find_element(By.ID, "melaksanakan")
    assert "UU 18/2017 Pasal 50 ayat (2)" in up.text
    browser.get(server + "/delegasi")
    shot(browser, "delegations", full=True)
    browser.set_window_size(1280, 900)


# ---------------------------------------------------------------------------- JSON twins


def _twin(driver: webdriver.Chrome, server: str) -> dict:
    """The JSON the page names as its twin (<link rel="alternate">), fetched as a client would."""
    import json
    from urllib.request import urlopen

    link = driver.find_element(By.CSS_SELECTOR, 'link[rel="alternate"][type="application/json"]')
    href = link.get_attribute("href")
    assert href and href.startswith(server + "/api/"), href
    footer = driver.find_element(By.CSS_SELECTOR, "footer a.json-twin").get_attribute("href")
    assert footer == href  # the twin is one click away too
    with urlopen(href, timeout=120) as response:
        data = json.loads(response.read().decode("utf-8"))
    # every page's footer says what its JSON says: the notice and the corpus date
    assert driver.find_element(By.CSS_SELECTOR, "footer .notice").text == data["notice"]
    assert driver.find_element(By.CSS_SELECTOR, "footer .corpus-date").text == data["corpus_note"]
    return data


def _texts(driver: webdriver.Chrome, css: str) -> list[str]:
    return [e.text for e in driver.find_elements(By.CSS_SELECTOR, css)]


def test_every_page_shows_what_its_json_twin_says(server, browser, library):
    """Each page (search, provision, document, documents, glossary, a term, delegations) is
    compared with the JSON its <link rel="alternate"> names: same units, same order, same
    statuses, same versions."""
    browser.set_window_size(1280, 900)
    q = "agen memotong gaji"
    browser.get(server + "/?" + f"q={quote(q)}&doc={quote('UU 18/2017')}&as_of=2021-06-01&k=7")
    data = _twin(browser, server)
    assert data["query"] == q and data["as_of"] == "2021-06-01" and len(data["hits"]) == 7
    assert _texts(browser, "ol.hits li.hit a.hit-link") == [h["citation"] for h in data["hits"]]
    badges = [
        li.find_element(By.CSS_SELECTOR, ".meta .badge.status")
        for li in browser.find_elements(By.CSS_SELECTOR, "ol.hits li.hit")
    ]
    assert [b.text for b in badges] == [h["unit_status"]["label"] for h in data["hits"]]
    assert [b.get_attribute("data-kind") for b in badges] == [
        h["unit_status"]["kind"] for h in data["hits"]
    ]

    citation = "UU 18/2017 Pasal 51"
    browser.get(server + "/ketentuan/" + quote(citation))
    data = _twin(browser, server)
    assert browser.find_element(By.CSS_SELECTOR, "h1.citation").text == data["citation"]
    badge = browser.find_element(By.CSS_SELECTOR, ".unit-status .badge.status")
    assert badge.text == data["unit_status"]["label"]
    assert badge.get_attribute("data-kind") == data["unit_status"]["kind"] == "diubah"
    assert _texts(browser, "ol.versions .version-label") == [v["label"] for v in data["versions"]]
    shown = browser.find_element(By.CSS_SELECTOR, ".provision-text").text
    assert " ".join(data["text"].split())[:80] in " ".join(shown.split())
    assert (
        browser.find_element(By.CSS_SELECTOR, ".doc-status-label").text
        == (data["document_status"]["label"])
    )

    browser.get(server + "/dokumen/" + quote("UU 18/2017"))
    data = _twin(browser, server)
    assert browser.find_element(By.TAG_NAME, "h1").text == data["citation"]
    assert browser.find_element(By.CSS_SELECTOR, "p.meta .badge.status").text == data["status"]
    marked = [h.get_attribute("id") for h in browser.find_elements(By.CSS_SELECTOR, "h3.pasal")]
    pasal = [n["citation"] for n in _walk(data["children"]) if n["kind"] == "pasal"]
    assert len(marked) == len(pasal) and "pasal-89a" in marked
    changed = browser.find_elements(By.CSS_SELECTOR, "h3.pasal.changed")
    assert [h.get_attribute("id") for h in changed] == [slug(c["label"]) for c in data["changed"]]
    assert [h.find_element(By.CSS_SELECTOR, ".badge").text for h in changed] == [
        c["status"]["label"] for c in data["changed"]
    ]

    browser.get(server + "/dokumen")
    data = _twin(browser, server)
    rows = browser.find_elements(By.CSS_SELECTOR, "table.documents tbody tr")
    assert [r.find_element(By.TAG_NAME, "a").text for r in rows] == [
        d["citation"] for d in data["documents"]
    ]
    assert [r.find_element(By.CSS_SELECTOR, ".badge").text for r in rows] == [
        d["status"] for d in data["documents"]
    ]

    for url in ("/istilah", "/istilah?q=P3MI"):
        browser.get(server + url)
        data = _twin(browser, server)
        terms = [
            d["term"] + (f" ({d['abbreviation']})" if d["abbreviation"] else "")
            for g in data["groups"]
            for d in g["definitions"]
        ]
        assert _texts(browser, "dl dt") == terms and terms
        assert _texts(browser, "dl dd a.cite") == [
            d["citation"] for g in data["groups"] for d in g["definitions"]
        ]

    browser.get(server + "/delegasi?doc=" + quote("UU PPMI"))
    data = _twin(browser, server)
    assert data["document"] == "UU 18/2017"
    cells = browser.find_elements(By.CSS_SELECTOR, "table.delegations tbody tr td:first-child")
    assert [c.text for c in cells] == [d["citation"] for d in data["delegations"]]


def _walk(nodes: list[dict]) -> list[dict]:
    out = []
    stack = list(reversed(nodes))
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(reversed(node["children"]))
    return out
