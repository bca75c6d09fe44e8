"""The reader keeps what volunteers wrote and says where a file is broken."""

from __future__ import annotations

from ngo import frontmatter, schema


def read(text: str | bytes, path="events/x.md"):
    raw = text.encode() if isinstance(text, str) else text
    return frontmatter.read_markdown(path, raw)


def test_values_are_read_by_the_schema_not_by_yaml_typing():
    doc, problems = read(
        "---\ntitle: no\nstart: 2026-12-19 15:00\nend: 15:00\norganizers: [a]\nmajor: true\n---\n"
    )
    assert problems == []
    data, problems = schema.check(doc, "event")
    assert problems == []
    assert data["title"] == "no"  # YAML 1.1 would make this False
    assert data["end"] == "15:00"  # ... and this 900
    assert data["start"] == "2026-12-19 15:00"
    assert data["major"] is True


def test_register_number_is_text_quoted_or_not():
    for written in ("40008114442", '"40008114442"'):
        doc, _ = read(
            f"---\nname: B\nkind: other\nsummary: s\nlocalities: [a]\nareas: [a]\nreg_no: {written}\n---\n",
            "organizations/b.md",
        )
        data, problems = schema.check(doc, "organization")
        assert problems == []
        assert data["reg_no"] == "40008114442"


def test_line_numbers_point_at_the_field():
    doc, _ = read("---\ntitle: A\n\nstart: x\norganizers:\n  - a\n  - b\n---\nbody\n")
    assert doc.line("title") == 2
    assert doc.line("start") == 4
    assert doc.line("organizers", 1) == 7
    assert doc.body == "body\n"
    assert doc.body_line == 9


def test_bom_and_crlf_are_accepted():
    doc, problems = read(b"\xef\xbb\xbf---\r\ntitle: A\r\n---\r\nText\r\n")
    assert problems == []
    assert doc.data == {"title": "A"}
    assert doc.body == "Text\n"


def test_missing_and_unterminated_front_matter():
    _, problems = read("title: A\n")
    assert [(p.line, p.field) for p in problems] == [(1, "-")]
    assert "---" in problems[0].message
    _, problems = read("---\ntitle: A\n")
    assert "nav noslēgts" in problems[0].message


def test_yaml_syntax_error_names_the_line():
    _, problems = read("---\ntitle: A\nstart: [2026\n---\n")
    assert len(problems) == 1
    assert problems[0].line in (3, 4)
    assert problems[0].message.startswith("YAML sintakses kļūda")


def test_colon_in_value_gets_a_hint():
    _, problems = read("---\ntitle: Lekcija: daba\n---\n")
    assert "pēdiņās" in problems[0].message


def test_aliases_are_refused():
    _, problems = read("---\ntitle: &t A\nsummary: *t\n---\n")
    assert any("enkuri" in p.message for p in problems)


def test_billion_laughs_is_refused_quickly():
    lines = ["---", 'a0: &a0 ["x","x","x","x","x","x","x","x","x"]']
    lines += [f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 12)]
    _, problems = read("\n".join([*lines, "---", ""]))
    assert problems and all("enkuri" in p.message for p in problems)


def test_duplicate_field():
    _, problems = read("---\ntitle: A\ntitle: B\n---\n")
    assert [(p.line, p.field) for p in problems] == [(3, "title")]


def test_binary_and_non_utf8_and_huge_files():
    assert "UTF-8" in read(b"---\ntitle: \xff\n---\n")[1][0].message
    assert "nav teksts" in read(b"\x00\x01")[1][0].message
    huge = b"---\ntitle: " + b"a" * (frontmatter.MAX_FILE_BYTES + 1) + b"\n---\n"
    assert "pārāk liels" in read(huge)[1][0].message


def test_empty_front_matter_and_non_mapping():
    assert "tukšs" in read("---\n---\n")[1][0].message
    assert "lauks: vērtība" in read("---\n- a\n- b\n---\n")[1][0].message
