"""CONTRIBUTING.md and CONTRIBUTING.en.md: the field reference is what the schemas say, every
worked example and web-editor template validates, the broken example fails exactly as shown,
and every link and anchor leads somewhere."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from urllib.parse import unquote

import pytest
import yaml

import field_reference
import pr_comment
from _scaffold import Context, validate_files

ROOT = Path(__file__).resolve().parent.parent
GUIDES = {"lv": ROOT / "CONTRIBUTING.md", "en": ROOT / "CONTRIBUTING.en.md"}
TEMPLATES = {
    "content-templates/event.md": "events/2027/veidnes-parbaude.md",
    "content-templates/organization.md": "organizations/veidnes-parbaude.md",
    "content-templates/place.yaml": "places/veidnes-parbaude.yaml",
}
EXAMPLE = re.compile(r"<!-- example: (?P<path>\S+) -->\n```\w+\n(?P<text>.*?)```", re.DOTALL)
BROKEN = re.compile(
    r"<!-- broken-example: (?P<path>\S+) -->\n```\w+\n(?P<text>.*?)```"
    r".*?<!-- expected-problems -->\n```text\n(?P<expected>.*?)```",
    re.DOTALL,
)


@pytest.fixture(scope="module")
def ctx() -> Context:
    """The real content folder: examples name real organisations, places and ids."""
    return Context.load(ROOT / "content")


def guide(lang: str) -> str:
    return GUIDES[lang].read_text(encoding="utf-8")


def test_generated_text_is_what_the_schemas_and_vocabularies_say():
    stale = [
        path.relative_to(ROOT).as_posix()
        for path, text in field_reference.expected(ROOT / "content").items()
        if path.read_text(encoding="utf-8") != text
    ]
    assert stale == [], f"run: python scripts/field_reference.py (stale: {', '.join(stale)})"


@pytest.mark.parametrize("lang", ["lv", "en"])
def test_the_reference_lists_every_field_of_every_kind(lang):
    text = guide(lang)
    section = text[text.index(field_reference.BEGIN) : text.index(field_reference.END)]
    for kind in ("event", "organization", "place"):
        for name in yaml.safe_load((ROOT / f"plugins/ngo/schemas/{kind}.schema.json").read_text())[
            "properties"
        ]:
            assert f"| `{name}`" in section, (kind, name)


def test_the_reference_is_generated_from_the_schema_descriptions():
    lv, en = field_reference.generate("lv", _vocab()), field_reference.generate("en", _vocab())
    assert "| `title` ✱ | **jā** | Nosaukums |" in lv
    assert "| `title` ✱ | **yes** | Title |" in en
    assert "viena no: `confirmed`, `tentative`, `cancelled`" in lv
    assert "| `kekava` | Ķekava | Ķekava |" in lv


def _vocab():
    from ngo.content import collect

    return collect(ROOT / "content")[0].vocabularies


@pytest.mark.parametrize("lang", ["lv", "en"])
def test_every_worked_example_validates(ctx, lang):
    examples = {m["path"]: m["text"] for m in EXAMPLE.finditer(guide(lang))}
    assert len(examples) >= 6
    assert {p.split("/")[0] for p in examples} == {"events", "organizations", "places"}
    assert validate_files(ctx, examples) == []


@pytest.mark.parametrize("lang", ["lv", "en"])
def test_the_broken_example_fails_exactly_as_shown(ctx, lang):
    m = BROKEN.search(guide(lang))
    found = validate_files(ctx, {m["path"]: m["text"]})
    assert "\n".join(map(str, found)) == m["expected"].strip()


def test_both_guides_have_the_same_examples_and_sections():
    lv, en = guide("lv"), guide("en")
    assert [m["path"] for m in EXAMPLE.finditer(lv)] == [m["path"] for m in EXAMPLE.finditer(en)]
    assert BROKEN.search(lv)["text"] == BROKEN.search(en)["text"]
    assert len(re.findall(r"^## ", lv, re.M)) == len(re.findall(r"^## ", en, re.M))
    assert len(re.findall(r"^### ", lv, re.M)) == len(re.findall(r"^### ", en, re.M))


def test_the_web_editor_templates_validate_where_they_are_saved(ctx):
    files = {
        rel: (ROOT / template).read_text(encoding="utf-8") for template, rel in TEMPLATES.items()
    }
    assert validate_files(ctx, files) == []
    for template, rel in TEMPLATES.items():
        lines = (ROOT / template).read_text(encoding="utf-8").splitlines()
        comment = lines[1] if lines[0] == "---" else lines[0]
        assert comment.startswith("# yaml-language-server: $schema="), template
        target = (ROOT / "content" / rel).parent / comment.split("$schema=", 1)[1]
        kind = Path(template).stem
        assert target.resolve() == (ROOT / f"plugins/ngo/schemas/{kind}.schema.json").resolve()


def github_anchor(heading: str) -> str:
    """The id GitHub gives a heading: lowercase, punctuation dropped, spaces to hyphens."""
    text = unicodedata.normalize("NFC", heading.strip().lower())
    text = "".join(c for c in text if c.isalnum() or c in " -_")
    return text.replace(" ", "-")


@pytest.mark.parametrize("lang", ["lv", "en"])
def test_every_link_and_anchor_leads_somewhere(lang):
    text = guide(lang)
    prose = re.sub(r"```.*?```", "", text, flags=re.DOTALL)
    anchors = {github_anchor(h) for h in re.findall(r"^#+ (.+)$", prose, re.M)}
    for target in re.findall(r"\]\(([^)\s]+)\)", prose):
        if target.startswith(("http://", "https://", "mailto:")):
            continue
        path, _, anchor = target.partition("#")
        if path:
            assert (ROOT / path).exists(), target
        if anchor and not path:
            assert unquote(anchor) in anchors, target


def test_the_pr_comment_links_to_an_existing_section():
    anchor = unquote(pr_comment.GUIDE.split("#", 1)[1])
    headings = re.findall(r"^#+ (.+)$", guide("lv"), re.M)
    assert anchor in {github_anchor(h) for h in headings}


@pytest.mark.parametrize("lang", ["lv", "en"])
def test_the_commands_the_guide_names_exist(lang):
    for script in set(re.findall(r"scripts/(\w+\.py)", guide(lang))):
        assert (ROOT / "scripts" / script).is_file(), script
    for template in set(re.findall(r"content-templates/[\w.]+", guide(lang))):
        assert (ROOT / template).is_file(), template


def test_the_pull_request_template_has_a_checklist():
    text = (ROOT / ".github/PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    assert len(re.findall(r"^- \[ \] ", text, re.M)) >= 4
    assert "CONTRIBUTING.md" in text and "CONTRIBUTING.en.md" in text


def test_the_pre_commit_hooks_run_the_projects_checks():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {h["id"]: h for repo in config["repos"] for h in repo["hooks"]}
    assert hooks["validate-content"]["entry"].endswith("scripts/validate.py content")
    assert hooks["validate-content"]["language"] == "system"
    assert re.match(hooks["validate-content"]["files"], "content/events/2027/x.md")
    assert "field_reference.py --check" in hooks["field-reference"]["entry"]
    for hook in hooks.values():
        script = re.search(r"scripts/\w+\.py", hook["entry"])[0]
        assert (ROOT / script).is_file()


def test_editorconfig_keeps_yaml_free_of_tabs():
    text = (ROOT / ".editorconfig").read_text(encoding="utf-8")
    assert "root = true" in text
    section = text[text.index("[*.{md,yaml,yml") :]
    assert "indent_size = 2" in section.split("\n\n")[0]
    assert "indent_style = space" in text.split("\n\n")[1]
