"""The design system's template tags (docs/ui.md): icons inlined from the npm package, one time format."""

from datetime import UTC, date, datetime

from django.template import Context, Template

from congso.core.templatetags.congso_ui import _svg, moment


def render(text: str, **context) -> str:
    return Template("{% load congso_ui %}" + text).render(Context(context))


def test_an_icon_is_the_packages_svg_hidden_from_screen_readers_with_its_label_read():
    html = render('{% icon "bell" "Thông báo" %}')
    assert html.startswith('<svg aria-hidden="true" focusable="false"') and "bi-bell" in html
    assert html.endswith('<span class="visually-hidden">Thông báo</span>')
    # Unknown or hostile names give nothing (no path outside the package is ever read).
    assert render('{% icon "no-such-icon" %}') == "" and _svg("../../package") == "" and _svg("") == ""


def test_one_time_format_in_the_platforms_zone_whatever_the_server():
    assert moment(datetime(2026, 12, 3, 7, 5, tzinfo=UTC)) == "14:05 03/12/2026"
    assert moment(date(2026, 1, 2)) == "02/01/2026"
    assert moment(None) == "" and moment("x") == ""


def test_paging_keeps_the_search_and_the_filters():
    from django.core.paginator import Paginator
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    request = RequestFactory().get(
        "/van-ban/tim-kiem/", {"q": "kế hoạch", "status": "done", "noi": "tiep-nhan"}
    )
    page = Paginator(list(range(120)), 50).get_page(2)
    html = render_to_string("_pagination.html", {"page": page}, request=request)
    assert "?q=k%E1%BA%BF+ho%E1%BA%A1ch&amp;status=done&amp;noi=tiep-nhan&amp;page=3" in html
    assert "page=1" in html and "Trang 2/3" in html


def test_the_living_page_shows_every_component_to_administrators_only(client, db, settings):
    from congso.accounts.tests.factories import CitizenFactory, make_member

    settings.CONGSO_OTP_REQUIRED_FOR_ADMINS = False

    admin = make_member(roles=["system_admin"]).user
    client.force_login(admin)
    page = client.get("/ui/").content.decode()
    for part in (
        'data-testid="ui-moment"',
        'data-testid="form-errors"',
        "cs-stack",
        'data-testid="chart"',
        'data-testid="empty-state"',
        'data-testid="radios-outcome"',
        'data-testid="checks-collaborate"',
        'data-testid="pagination"',
        "bi-bell",
        "1.234.567",
    ):
        assert part in page, part
    client.force_login(make_member(roles=["specialist"]).user)
    assert client.get("/ui/").status_code == 403
    client.force_login(CitizenFactory())
    assert client.get("/ui/").status_code == 403
