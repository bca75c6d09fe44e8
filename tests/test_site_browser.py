"""The site in a real browser (headless Chromium): filters with and without JavaScript, the
keyboard's skip link and focus, and phone-width layout without sideways scrolling.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SPEC_CONTENT, run_pelican
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select
from support.quality import Browser, serve

from ngo.urls import Urls


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "output"
    run_pelican(SPEC_CONTENT, out)
    return out


@pytest.fixture(scope="module")
def base(site):
    with serve(site) as url:
        yield url


def visible_event_links(driver) -> list[str]:
    cards = driver.find_elements(By.CSS_SELECTOR, "#event-list li.card")
    return sorted(
        card.find_element(By.CSS_SELECTOR, ".card-title a").get_attribute("pathname")
        for card in cards
        if card.is_displayed()
    )


def test_filter_form_filters_in_place_with_javascript(base):
    with Browser() as browser:
        driver = browser.driver
        driver.get(base + "pasakumi/")
        form = driver.find_element(By.CSS_SELECTOR, "form.filter-form")
        assert form.is_displayed()
        everything = visible_event_links(driver)
        assert len(everything) == 7  # the rehearsals in March and in April
        assert driver.find_element(By.CSS_SELECTOR, ".filter-status").text == (
            "Rādīti 6 no 6 pasākumiem."
        )
        Select(driver.find_element(By.ID, "filter-locality")).select_by_value("jurmala")
        assert visible_event_links(driver) == [
            "/pasakumi/kapu-talka/",
            "/pasakumi/nakts-pargajiens/",
            "/pasakumi/vasaras-nometne/",
        ]
        status = driver.find_element(By.CSS_SELECTOR, ".filter-status").text
        assert status == "Rādīti 3 no 6 pasākumiem."
        # Several values at once; months left empty disappear.
        Select(driver.find_element(By.ID, "filter-audience")).select_by_value("children")
        assert visible_event_links(driver) == ["/pasakumi/vasaras-nometne/"]
        headings = [
            h.text
            for h in driver.find_elements(By.CSS_SELECTOR, ".group-heading")
            if h.is_displayed()
        ]
        assert headings == ["2027. gada jūnijs"]
        months = [
            a.get_attribute("hash")
            for a in driver.find_elements(By.CSS_SELECTOR, ".month-index a")
            if a.is_displayed()
        ]
        assert months == ["#g-2027-06-01"]
        # The choice is in the address, so it can be shared and survives a reload.
        assert driver.current_url.endswith("?locality=jurmala&audience=children")
        driver.get(base + "pasakumi/?category=concert")
        assert visible_event_links(driver) == ["/pasakumi/ziemas-koncerts/"]
        driver.find_element(By.CSS_SELECTOR, "form.filter-form button[type=reset]").click()
        assert visible_event_links(driver) == everything


def test_organisation_directory_filter(base):
    with Browser() as browser:
        driver = browser.driver
        driver.get(base + "en/organizations/")
        Select(driver.find_element(By.ID, "filter-kind")).select_by_value("community")
        shown = [
            card.find_element(By.CSS_SELECTOR, "a").get_attribute("pathname")
            for card in driver.find_elements(By.CSS_SELECTOR, "#organization-list li.card")
            if card.is_displayed()
        ]
        assert shown == ["/en/organizations/dabas-draugi/"]


def test_without_javascript_the_filter_links_do_the_filtering(base):
    with Browser(javascript=False) as browser:
        driver = browser.driver
        driver.get(base + "pasakumi/")
        assert not driver.find_element(By.CSS_SELECTOR, "form.filter-form").is_displayed()
        assert len(visible_event_links(driver)) == 7
        driver.find_element(By.CSS_SELECTOR, "details.filter-links summary").click()
        link = driver.find_element(
            By.CSS_SELECTOR, 'details.filter-links a[href="/apdzivotas-vietas/riga/"]'
        )
        assert link.is_displayed()
        link.click()
        assert driver.current_url == base + "apdzivotas-vietas/riga/"
        events = {
            a.get_attribute("pathname")
            for a in driver.find_elements(By.CSS_SELECTOR, ".event-card .card-title a")
        }
        assert events == {"/pasakumi/ziemas-koncerts/", "/pasakumi/meginajums/"}


def test_skip_link_appears_on_focus_and_focus_is_visible(base):
    with Browser() as browser:
        driver = browser.driver
        driver.get(base + "en/events/ziemas-koncerts/")
        skip = driver.find_element(By.CSS_SELECTOR, ".skip-link")
        assert skip.rect["y"] < 0  # out of sight until used
        driver.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
        assert driver.switch_to.active_element == skip
        assert skip.rect["y"] >= 0
        outline = driver.execute_script(
            "return getComputedStyle(document.activeElement).outlineStyle"
        )
        assert outline == "solid"
        skip.send_keys(Keys.ENTER)
        assert driver.switch_to.active_element.get_attribute("id") == "main"


def pages_of_each_type(site: Path) -> list[str]:
    urls, seen, result = Urls(), set(), []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        kind = urls.match(rel)
        if kind and kind[:2] not in seen:
            seen.add(kind[:2])
            result.append(rel.removesuffix("index.html"))
    return result


def test_no_sideways_scrolling_on_a_phone(site, base, tmp_path):
    """Every type of page fits 390 CSS pixels (a phone) and 1280 pixels; the screenshots
    are left in the test's temporary folder for a look."""
    too_wide = {}
    with Browser() as browser:
        for width in (390, 1280):
            for rel in pages_of_each_type(site):
                name = rel.replace("/", "_") or "home"
                browser.screenshot(base + rel, tmp_path / f"{name}-{width}.png", width=width)
                scroll = browser.driver.execute_script(
                    "return document.documentElement.scrollWidth"
                )
                if scroll > width:
                    too_wide[f"{rel}@{width}"] = scroll
    assert too_wide == {}


def test_month_calendar_is_a_grid_on_a_wide_screen_and_a_list_on_a_phone(base, tmp_path):
    with Browser() as browser:
        driver = browser.driver
        url = base + "kalendars/2027-03/"
        browser.screenshot(url, tmp_path / "wide.png", width=1280)
        assert driver.find_element(By.CSS_SELECTOR, ".month-grid thead").is_displayed()
        empty = driver.find_elements(By.CSS_SELECTOR, ".month-grid td.no-events")
        assert empty and all(td.is_displayed() for td in empty)
        browser.screenshot(url, tmp_path / "phone.png", width=390)
        assert not driver.find_element(By.CSS_SELECTOR, ".month-grid thead").is_displayed()
        shown = [
            td.find_element(By.CSS_SELECTOR, ".day-long").text
            for td in driver.find_elements(By.CSS_SELECTOR, ".month-grid td")
            if td.is_displayed()
        ]
        assert shown == ["otrdiena, 2. marts", "otrdiena, 9. marts", "otrdiena, 16. marts",
                         "otrdiena, 30. marts"]  # fmt: skip
