"""Browser tests: Playwright for Python driving Debian's Chromium (never a downloaded browser)."""

import os
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
CHROMIUM = os.environ.get("CONGSO_CHROMIUM") or next(
    (p for p in ("/usr/bin/chromium", "/usr/bin/chromium-browser") if Path(p).exists()), None
)
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-results"


@pytest.fixture(scope="session")
def browser():
    if CHROMIUM is None:
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
                "--disable-quic",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, request):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


def choose(page, label: str, value: str) -> None:
    """Pick the option of value `value` in the select labelled `label`, as a person would: a plain select is
    set; a searchable one (Tom Select, docs/ui.md) is focused, the option's text typed and Enter pressed."""
    select = page.get_by_label(label).and_(page.locator("select"))
    if not select.evaluate("s => !!s.tomselect"):
        select.select_option(value)
        return
    text = select.evaluate("(s, v) => [...s.options].find(o => o.value === v).text", value)
    control = page.locator(f"#{select.get_attribute('id')}-ts-control")
    control.click()
    control.press_sequentially(text)
    option = page.locator(f"#{select.get_attribute('id')}-ts-dropdown [data-value='{value}']")
    option.wait_for()
    page.wait_for_function("o => o.classList.contains('active')", arg=option.element_handle())
    control.press("Enter")
    page.wait_for_function(
        "([s, v]) => [...s.selectedOptions].some(o => o.value === v)", arg=[select.element_handle(), value]
    )
    if not select.evaluate("s => s.multiple"):
        return
    control.press("Escape")  # close the list of a multiple choice
