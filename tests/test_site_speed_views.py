"""What the page writer keeps to save work stays invisible: a Text's HTML, made once, is the
same every time and does not change what the Text equals; translations called from templates
as plain functions translate as the bound methods did."""

from __future__ import annotations

from jinja2 import Environment
from markupsafe import escape

import ngo_site
from ngo import site


def test_text_html_is_made_once_and_the_same_every_time():
    env = Environment(autoescape=True)
    page = env.from_string("{{ text }}|{{ text }}")
    own = site.Text("<b>&")
    other = site.Text("<b>&", "lv")
    marked = '<span lang="lv">&lt;b&gt;&amp;</span>'
    assert page.render(text=own) == "&lt;b&gt;&amp;|&lt;b&gt;&amp;"
    assert page.render(text=other) == f"{marked}|{marked}"
    assert own.__html__() is own.__html__()  # kept, not made again


def test_a_shown_text_equals_and_hashes_as_an_unshown_one():
    shown = site.Text("Koncerts", "lv")
    escape(shown)
    fresh = site.Text("Koncerts", "lv")
    assert shown == fresh and hash(shown) == hash(fresh)
    assert {shown: 1}[fresh] == 1
    assert repr(shown) == "Text(text='Koncerts', lang='lv')"


def test_translations_called_from_templates_as_plain_functions():
    catalogue = {"When": "Kad"}

    class Translations:
        def gettext(self, message):
            return catalogue.get(message, message)

    function = ngo_site._plain_function(Translations().gettext)
    env = Environment(autoescape=True)
    assert env.from_string("{{ _('When') }} {{ _('Where') }}").render(_=function) == "Kad Where"
