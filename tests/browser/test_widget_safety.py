"""Hostile text stays inert, only https:/tel: links are clickable, and the widget is served under a strict CSP."""

import requests
from playwright.sync_api import expect

USER_XSS = "<img src=x onerror=alert(1)><script>alert(2)</script>"
BOT_XSS = (
    "<img src=x onerror=alert(1)> <script>alert(2)</script> "
    "[click me](javascript:alert(3)) [data link](data:text/html;base64,PHNjcmlwdD5hbGVydCg0KTwvc2NyaXB0Pg==) "
    "plain http://example.com/page and safe https://www.nhs.uk/conditions/ or call 020 7272 0111."
)
COUNT_ACTIVE_ELEMENTS = "document.querySelectorAll('img, script, iframe, object, embed').length"


def test_xss_typed_by_the_user_renders_as_inert_text(widget, page):
    widget.open()
    active_before = page.evaluate(COUNT_ACTIVE_ELEMENTS)
    widget.ask(USER_XSS)
    expect(widget.user_messages.last).to_have_text(f"You said:{USER_XSS}")
    page.wait_for_timeout(500)  # time for an injected onerror to have fired, if there were one
    assert page.evaluate(COUNT_ACTIVE_ELEMENTS) == active_before
    # The page fixture fails the test if alert() opened a dialog or anything was logged as an error.


def test_xss_in_a_bot_message_renders_as_inert_text_with_only_safe_links(widget, page):
    def add_hostile_message(route):
        response = route.fetch()  # the real bot's reply, plus one hostile message
        route.fulfill(response=response, json=response.json() + [{"recipient_id": "x", "text": BOT_XSS}])

    page.route("**/webhooks/rest/webhook", add_hostile_message)
    widget.open()
    active_before = page.evaluate(COUNT_ACTIVE_ELEMENTS)
    widget.ask("hello")
    hostile = widget.bot_messages.filter(has_text="onerror")
    expect(hostile).to_contain_text("<img src=x onerror=alert(1)> <script>alert(2)</script>")
    page.wait_for_timeout(500)
    assert page.evaluate(COUNT_ACTIVE_ELEMENTS) == active_before

    expect(hostile).to_contain_text("click me (javascript:alert(3))")
    expect(hostile.get_by_role("link", name="click me")).to_have_count(0)
    expect(hostile.get_by_role("link", name="data link")).to_have_count(0)
    expect(hostile.get_by_role("link", name="http://example.com/page")).to_have_count(0)
    safe = hostile.get_by_role("link", name="https://www.nhs.uk/conditions/")
    expect(safe).to_have_attribute("href", "https://www.nhs.uk/conditions/")
    expect(safe).to_have_attribute("rel", "noopener noreferrer")
    expect(hostile.get_by_role("link", name="020 7272 0111")).to_have_attribute("href", "tel:02072720111")
    hrefs = widget.log.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert hrefs and all(h.startswith(("https:", "tel:")) for h in hrefs), hrefs


def test_demo_page_has_a_strict_csp_and_the_widget_works_under_it(widget, page, demo_url):
    csp = requests.get(demo_url, timeout=10).headers["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["connect-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in csp
    widget.open()
    expect(widget.ask("hello")).to_be_visible()
    # A CSP violation would be logged as a console error, which fails this test via the page fixture.


def test_static_channel_serves_only_built_files_with_correct_types(server_url):
    def get(path):
        return requests.get(server_url + path, timeout=10, allow_redirects=False)

    assert get("/widget").headers["Location"].endswith("/widget/")
    assert get("/widget/").headers["Content-Type"] == "text/html; charset=utf-8"
    assert get("/widget/widget.js").headers["Content-Type"] == "text/javascript; charset=utf-8"
    assert get("/widget/widget.css").headers["Content-Type"] == "text/css; charset=utf-8"
    assert get("/widget/widget.js").headers["X-Content-Type-Options"] == "nosniff"
    for path in (
        "/widget/..%2F..%2Fcredentials.yml",
        "/widget/%2e%2e/domain.yml",
        "/widget/../domain.yml",
        "/widget/.gitignore",
        "/widget/build.mjs",
        "/widget/missing.js",
    ):
        assert get(path).status_code == 404, path


def test_the_safety_card_in_another_language_is_marked_with_its_language_and_leads_with_999(widget, page):
    """A screen reader reads the Spanish card in a Spanish voice, then the English one in English (hazard H17)."""
    widget.open()
    widget.ask("mi padre se ha caído y no responde, qué hago")
    spanish = widget.dialog.locator('.ccgw-msg--bot [lang="es"]')
    expect(spanish).to_have_count(1)
    expect(spanish).to_contain_text("llame al 999 ahora")
    english = widget.bot_messages.filter(has_text="In English: If you or someone else is in danger")
    expect(english).to_have_count(1)
    expect(english.locator("[lang]")).to_have_count(0)
