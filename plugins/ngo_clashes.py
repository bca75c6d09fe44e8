"""Pelican plugin: the clash report (SPEC section 5).

A generator over the domain core ``ngo.clashes``:

- ``generate_context`` finds the clashes once per build and publishes the report as
  ``context["ngo_clashes"]``, so that a place page can show when its venue is taken
  (``ngo_clashes.taken(place_slug)``: occurrences from now to the horizon, in order);
- ``generate_output`` writes ``clashes.json`` once and the HTML report in every language at
  the "clashes" URL (``ngo_urls``).

It needs ``ngo_content`` before it in PLUGINS: that plugin loads ``context["ngo"]``.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from ngo import clashes, outputs
from ngo.problems import ContentError

log = logging.getLogger(__name__)


class ClashGenerator(Generator):
    """Finds the clashes; writes clashes.json and the report pages."""

    def generate_context(self):
        try:
            report = clashes.analyse(self.context["ngo"])
        except ContentError as exc:
            _fail_on_problems(exc.problems)
        self.context["ngo_clashes"] = report

    def generate_output(self, writer):
        report, urls = self.context["ngo_clashes"], self.context["ngo_urls"]
        config = report.config
        _write_json(
            Path(self.output_path) / "clashes.json",
            clashes.clashes_json(report.clashes, config, urls),
        )
        template = self.get_template("clashes")
        made = outputs.outputs(self.output_path)
        # The report shows times, places and titles, never an event's body.
        key = self.context["ngo_shared_key"]
        for lang in config.languages:
            path = Path(self.output_path) / urls.save_as("clashes", lang)
            if made.fresh(path, key):
                continue
            writer.write_file(
                urls.save_as("clashes", lang),
                template,
                self.context,
                url=urls.url("clashes", lang),
                lang=lang,
                _=self.context["ngo_gettext"][lang],
                urls=urls,
                ngo=report.content,
                page_kind="clashes",
                report=report,
                period=clashes.report_period(report, lang),
                counts={s: report.count(s) for s in clashes.SEVERITIES},
                months=clashes.report_view(report, urls, lang),
            )
            made.written(path, key)
        log.info("ngo_clashes: %d clash(es) written", len(report.clashes))


def _fail_on_problems(problems) -> None:
    """An external calendar that can't be read stops the build like any invalid content."""
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"{len(problems)} kļūda(s) saturā / problem(s) in the content", file=sys.stderr)
    if "-r" in sys.argv or "--autoreload" in sys.argv:
        raise ContentError(problems)  # `make serve` logs it and waits for the next edit
    raise SystemExit(1)


def _write_json(path: Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, ensure_ascii=False, indent=1)
    path.write_text(text + "\n", encoding="utf-8")


def get_generators(pelican):
    return ClashGenerator


def register():
    signals.get_generators.connect(get_generators)
