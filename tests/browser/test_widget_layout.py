"""Layout a resident relies on: reflow at 320px, 24px targets, reduced motion, the length limit; saves screenshots."""

from playwright.sync_api import expect

# Every visible element in the open dialog that sticks out past the viewport's right edge.
OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  return [...document.querySelectorAll('dialog[open], dialog[open] *')]
    .map(el => [el, el.getBoundingClientRect()])
    .filter(([el, r]) => r.width > 1 && r.height > 1 && (r.left < -0.5 || r.right > width + 0.5))
    .map(([el, r]) => `${el.tagName}.${el.className}: ${r.left}..${r.right}`);
}"""

# Buttons and inputs in the widget smaller than the WCAG 2.2 minimum target of 24 by 24 CSS px.
SMALL_TARGETS = """() => [...document.querySelectorAll('.ccgw-launcher, dialog button, dialog input')]
  .filter(el => el.getClientRects().length)
  .map(el => [el, el.getBoundingClientRect()])
  .filter(([el, r]) => r.width < 24 || r.height < 24)
  .map(([el, r]) => `${el.textContent}: ${r.width}x${r.height}`)"""


def converse(widget):
    """A short conversation that shows every kind of message: links, quick replies, an emergency card."""
    widget.ask("What's the phone number for Archway Medical Centre?")
    widget.ask("my dad has chest pain")
    widget.ask("What can you do?")
    expect(widget.quick_replies.first).to_be_visible()


def test_panel_reflows_at_320px_wide_without_horizontal_scrolling(page, widget_at, demo_url, screenshots):
    page.set_viewport_size({"width": 320, "height": 640})
    widget = widget_at(demo_url).load()
    page.screenshot(path=screenshots / "widget-closed-320.png")
    assert page.evaluate(SMALL_TARGETS) == []
    widget.open()
    converse(widget)
    box = widget.dialog.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 320
    assert page.evaluate(OVERFLOWING) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    expect(widget.input).to_be_in_viewport()
    expect(widget.send_button).to_be_in_viewport()
    assert page.evaluate(SMALL_TARGETS) == []
    page.screenshot(path=screenshots / "widget-open-320.png")


def test_open_widget_at_desktop_width_fits_the_viewport(widget, page, screenshots):
    page.screenshot(path=screenshots / "widget-closed-desktop.png")
    assert page.evaluate(SMALL_TARGETS) == []
    widget.open()
    converse(widget)
    box = widget.dialog.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 1280 and box["y"] >= 0 and box["y"] + box["height"] <= 800
    assert page.evaluate(OVERFLOWING) == []
    assert page.evaluate(SMALL_TARGETS) == []
    page.screenshot(path=screenshots / "widget-open-desktop.png")


def animations(page):
    """The animation names of the opening panel and of a typing-indicator dot."""
    return page.evaluate("""() => {
      const dot = document.createElement('span');
      const dots = document.createElement('span');
      dots.className = 'ccgw-dots';
      dots.append(dot);
      document.querySelector('.ccgw-typing').append(dots);
      const dialog = document.querySelector('dialog');
      const names = [getComputedStyle(dialog).animationName, getComputedStyle(dot).animationName];
      dots.remove();
      return names;
    }""")


def test_animations_stop_when_the_user_prefers_reduced_motion(widget, page):
    widget.open()
    assert animations(page) == ["ccgw-rise", "ccgw-blink"]
    page.emulate_media(reduced_motion="reduce")
    assert animations(page) == ["none", "none"]


def test_input_is_limited_to_500_characters_with_a_counter_near_the_limit(widget, page):
    widget.open()
    counter = widget.dialog.locator(".ccgw-count")
    widget.input.fill("a" * 399)
    expect(counter).to_have_text("")  # no counter while far from the limit
    page.keyboard.type("b")
    expect(counter).to_have_text("You have 100 characters remaining")
    widget.input.fill("a" * 498)
    page.keyboard.type("bcdef")  # typing stops at the limit
    expect(widget.input).to_have_value("a" * 498 + "bc")
    expect(counter).to_have_text("You have 0 characters remaining")
    # Screen readers hear the count once typing pauses.
    expect(widget.dialog.get_by_text("You have 0 characters remaining").last).to_be_attached()
    page.keyboard.press("Enter")
    expect(widget.user_messages.last).to_contain_text("a" * 498 + "bc")
    expect(counter).to_have_text("")
